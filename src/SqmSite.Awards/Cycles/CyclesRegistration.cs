using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Cycles;

/// <summary>Award cycles, held in memory; in a running site, their pages and the cache of pages that show their dates.</summary>
internal static class CyclesRegistration
{
    public static IServiceCollection AddAwardsCycles(this IServiceCollection services)
    {
        services.AddSingleton<CycleCatalog>();
        services.AddSingleton<AwardCategories>();
        services.AddScoped<CycleService>();
        services.AddNotificationHandler<SqmSite.Cms.Instances.ChangesFollowedNotification, CyclesFollowedHandler>();
        return services;
    }

    public static IServiceCollection AddAwardsCyclesWeb(this IServiceCollection services)
    {
        services.AddNotificationHandler<CycleChangedNotification, AwardsOutputCacheEvictionHandler>();
        services.AddSingleton<IOutputCacheBoundary, CycleCacheBoundary>();
        services.AddBackofficePolicy(AwardsPolicies.Cycles, AwardsPolicies.CycleRoles);
        services.AddBackofficeSection(new BackofficeSection("awards", "Award cycles", "/backoffice/awards/cycles", AwardsPolicies.Cycles, 30));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Cycles", AwardsPolicies.Cycles));
        return services;
    }
}
