using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Published;

/// <summary>The published snapshot in memory, which public pages and packages read.</summary>
internal static class PublishedRegistration
{
    public static IServiceCollection AddSqmPublished(this IServiceCollection services)
    {
        services.AddSingleton<IPublishedContentCache, PublishedContentCache>();
        return services;
    }
}
