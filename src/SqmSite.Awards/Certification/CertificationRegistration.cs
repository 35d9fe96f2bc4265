using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;

namespace SqmSite.Awards.Certification;

/// <summary>Registers the best-practice certification: assessments, standards, certificates; in a running site, its pages.</summary>
internal static class CertificationRegistration
{
    public static IServiceCollection AddAwardsCertification(this IServiceCollection services)
    {
        services.AddScoped<CertificationStandards>();
        services.AddScoped<CertificationService>();
        services.AddScoped<CertificationReminders>();
        return services;
    }

    /// <summary>Staff's pages under /backoffice/awards/certification; the public verify page and registry; the portal's page.</summary>
    public static IServiceCollection AddAwardsCertificationWeb(this IServiceCollection services)
    {
        services.AddHostedService<CertificationReminderPass>();
        services.AddBackofficeSection(new BackofficeSection("certification", "Certification", "/backoffice/awards/certification", AwardsPolicies.Nominations, 49));
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Certification", AwardsPolicies.Nominations);
            o.Conventions.AllowAnonymousToFolder("/Certification");
        });
        return services;
    }
}
