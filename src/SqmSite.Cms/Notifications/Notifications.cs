using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Notifications;

/// <summary>Marker for everything published through <see cref="IEventAggregator"/>.</summary>
public interface INotification;

/// <summary>A notification sent before an operation; any handler may cancel it with a reason shown to the user.</summary>
public abstract class CancelableNotification : INotification
{
    private readonly List<string> _reasons = [];

    public bool Cancelled => _reasons.Count > 0;

    public IReadOnlyList<string> Reasons => _reasons;

    public void Cancel(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _reasons.Add(reason);
    }
}

/// <summary>Handles one kind of notification. Register with <c>services.AddNotificationHandler&lt;TNotification, THandler&gt;()</c>.</summary>
public interface INotificationHandler<in TNotification>
    where TNotification : INotification
{
    Task HandleAsync(TNotification notification, CancellationToken cancellationToken);
}

/// <summary>Publishes notifications to every registered handler, in registration order.</summary>
public interface IEventAggregator
{
    Task PublishAsync<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification;
}

internal sealed class EventAggregator(IServiceProvider services) : IEventAggregator
{
    public async Task PublishAsync<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification
    {
        foreach (var handler in services.GetServices<INotificationHandler<TNotification>>())
        {
            await handler.HandleAsync(notification, cancellationToken);
        }
    }
}

public static class NotificationServiceCollectionExtensions
{
    public static IServiceCollection AddNotificationHandler<TNotification, THandler>(this IServiceCollection services)
        where TNotification : INotification
        where THandler : class, INotificationHandler<TNotification>
    {
        services.AddScoped<INotificationHandler<TNotification>, THandler>();
        return services;
    }
}
