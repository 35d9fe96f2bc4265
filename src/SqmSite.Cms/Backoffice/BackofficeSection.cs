using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Backoffice;

/// <summary>
/// A top-level section of the backoffice navigation (Umbraco's sections). Packages add theirs; the layout shows
/// each one to users whose roles satisfy its policy.
/// </summary>
/// <param name="Key">Matched against the page's <c>ViewData["Section"]</c> to mark the current section.</param>
public sealed record BackofficeSection(string Key, string Name, string Url, string Policy, int Order);

public static class BackofficeSectionServiceCollectionExtensions
{
    public static IServiceCollection AddBackofficeSection(this IServiceCollection services, BackofficeSection section) =>
        services.AddSingleton(section);
}
