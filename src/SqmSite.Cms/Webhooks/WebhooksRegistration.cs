using System.Net.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Content;
using SqmSite.Cms.Media;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Webhooks;

/// <summary>Webhooks: the engine's events, raising, the sender and its HTTP client; in a running site, the background sender and the pages.</summary>
internal static class WebhooksRegistration
{
    public static IServiceCollection AddSqmWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.MaxAttempts >= 1 && o.DisableAfterFailures >= 1 && o.MaxPerPass >= 1, "SqmSite:Webhooks: MaxAttempts, DisableAfterFailures and MaxPerPass must be at least 1.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay && o.PollInterval > TimeSpan.Zero,
                "SqmSite:Webhooks: Timeout, RetryDelay and PollInterval must be positive, and MaxRetryDelay at least RetryDelay.");
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSenderSignal>();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<IWebhookEvents, WebhookEvents>();
        services.AddScoped<WebhookService>();

        // No redirects (a 3xx is a failed delivery: following it could lead anywhere), no proxy (the address checked is
        // the one connected to), and every connection through the address check.
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WebhookOptions>>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    ConnectCallback = (context, ct) => WebhookAddresses.ConnectAsync(context, options.Value.PrivateAddressesAllowed, ct),
                };
            });

        services.AddWebhookEvent(new(WebhookEventAliases.ContentPublished, "Content published",
            "A page or item went live: its id, content type, name, route, create and update dates."));
        services.AddWebhookEvent(new(WebhookEventAliases.ContentUnpublished, "Content unpublished",
            "An item was taken off the site: its id and content type."));
        services.AddWebhookEvent(new(WebhookEventAliases.ContentDeleted, "Content deleted",
            "An item was deleted: its id and content type."));
        services.AddWebhookEvent(new(WebhookEventAliases.MediaChanged, "Media changed",
            "A library image or document was added, replaced, described, cropped or deleted: its id, name and type."));
        services.AddSingleton<WebhookChangeFeed>();
        services.AddNotificationHandler<ContentPublishedNotification, WebhookWakeHandler>();
        services.AddNotificationHandler<ContentUnpublishedNotification, WebhookWakeHandler>();
        services.AddNotificationHandler<ContentDeletedNotification, WebhookWakeHandler>();
        services.AddNotificationHandler<MediaSavedNotification, WebhookWakeHandler>();
        services.AddNotificationHandler<MediaDeletedNotification, WebhookWakeHandler>();
        return services;
    }

    /// <summary>Without the setting, receivers on this machine or a private network are allowed in Development only.</summary>
    public static IServiceCollection AddSqmWebhooksWeb(this IServiceCollection services, IHostEnvironment environment)
    {
        services.PostConfigure<WebhookOptions>(o => o.AllowPrivateAddresses ??= environment.IsDevelopment());
        services.AddHostedService<WebhookSendingService>();
        services.AddBackofficePolicy(BackofficePolicies.Webhooks, BackofficeRoles.Administrator);
        services.AddBackofficeSection(new BackofficeSection("webhooks", "Webhooks", "/backoffice/webhooks", BackofficePolicies.Webhooks, 85));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Webhooks", BackofficePolicies.Webhooks));
        return services;
    }
}
