using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Email;

internal static class EmailServiceCollectionExtensions
{
    /// <summary>The outbox, the queue and the sender; the background service is added by the web host.</summary>
    public static IServiceCollection AddSqmEmail(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.PostConfigure<EmailOptions>(o =>
        {
            if (!Path.IsPathRooted(o.PickupFolder))
            {
                o.PickupFolder = Path.GetFullPath(Path.Combine(contentRoot, o.PickupFolder));
            }
        });
        services.AddSingleton<EmailRenderer>();
        services.AddSingleton<EmailSenderSignal>();
        services.AddSingleton<EmailSender>();
        services.AddScoped<IEmailQueue, EmailQueue>();
        services.AddScoped<EmailOutbox>();
        return services;
    }
}
