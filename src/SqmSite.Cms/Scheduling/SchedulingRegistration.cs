using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Scheduling;

/// <summary>Scheduled publishing and housekeeping; in a running site both run in the background.</summary>
internal static class SchedulingRegistration
{
    public static IServiceCollection AddSqmScheduling(this IServiceCollection services)
    {
        services.AddSingleton<ScheduledPublisher>();
        services.AddSingleton<Housekeeping>();
        return services;
    }

    public static IServiceCollection AddSqmSchedulingWeb(this IServiceCollection services)
    {
        services.AddHostedService<ScheduledPublishingService>();
        services.AddHostedService(sp => sp.GetRequiredService<Housekeeping>());
        return services;
    }
}
