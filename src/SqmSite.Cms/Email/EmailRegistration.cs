using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Email;

/// <summary>The outbox, the queue and the sender; in a running site, the background sending and the outbox pages.</summary>
internal static class EmailRegistration
{
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

    /// <summary>Without a configured mode, Development writes to the pickup folder and everything else sends by SMTP.</summary>
    public static IServiceCollection AddSqmEmailWeb(this IServiceCollection services, IHostEnvironment environment)
    {
        services.PostConfigure<EmailOptions>(o => o.Mode ??= environment.IsDevelopment() ? EmailMode.PickupFolder : EmailMode.Smtp);
        services.AddHostedService<EmailSendingService>();
        services.AddBackofficePolicy(BackofficePolicies.Outbox, BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff);
        services.AddBackofficeSection(new BackofficeSection("outbox", "Outbox", "/backoffice/outbox", BackofficePolicies.Outbox, 80));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Outbox", BackofficePolicies.Outbox));
        return services;
    }
}
