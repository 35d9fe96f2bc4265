using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Forms;

/// <summary>
/// Forms and their entries; in a running site, the forms section and its pages. Uploads are stored through an
/// <see cref="IFormFileStore"/> that another module registers (the media library does).
/// </summary>
internal static class FormsRegistration
{
    public static IServiceCollection AddSqmForms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FormsOptions>().Bind(configuration.GetSection(CmsOptions.Section + ":Forms"))
            .Validate(o => o.KeepAnonymousDraftsFor > TimeSpan.Zero, "SqmSite:Forms:KeepAnonymousDraftsFor must be positive.").ValidateOnStart();
        services.AddSingleton<FormDefinitionCache>();
        services.AddNotificationHandler<Instances.ChangesFollowedNotification, FormsFollowedHandler>();
        services.AddScoped<FormService>();
        services.AddScoped<FormEntryService>();
        services.AddScoped<FormSyncService>();
        return services;
    }

    public static IServiceCollection AddSqmFormsWeb(this IServiceCollection services)
    {
        services.AddBackofficePolicy(BackofficePolicies.Forms, BackofficeRoles.Administrator, BackofficeRoles.Editor);
        services.AddBackofficeSection(new BackofficeSection("forms", "Forms", "/backoffice/forms", BackofficePolicies.Forms, 20));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Forms", BackofficePolicies.Forms));
        return services;
    }
}
