using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Awards.Winners;

/// <summary>Registers the winners' certificates: the PDF service; in a running site, the staff page's authorization.</summary>
public static class CertificatesRegistration
{
    public static IServiceCollection AddAwardsCertificates(this IServiceCollection services)
    {
        services.AddScoped<WinnerCertificates>();
        return services;
    }

    /// <summary>
    /// Staff print the certificates at /backoffice/awards/winners/certificates (awards staff, as the results they come
    /// from). The winner's own download is a portal page, under the portal's folder policy.
    /// </summary>
    public static IServiceCollection AddAwardsCertificatesWeb(this IServiceCollection services)
    {
        services.Configure<RazorPagesOptions>(o =>
            o.Conventions.AuthorizeAreaPage("Backoffice", "/Awards/Winners/Certificates", AwardsPolicies.Nominations));
        return services;
    }
}
