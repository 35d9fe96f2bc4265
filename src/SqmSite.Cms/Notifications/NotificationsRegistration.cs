using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Notifications;

/// <summary>The event aggregator that publishes notifications to every registered handler.</summary>
internal static class NotificationsRegistration
{
    public static IServiceCollection AddSqmNotifications(this IServiceCollection services)
    {
        services.AddScoped<IEventAggregator, EventAggregator>();
        return services;
    }
}
