using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Delivery;
using SqmSite.Awards.Gala;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Notices;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Portal;
using SqmSite.Awards.Privacy;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Web;

namespace SqmSite.Awards;

/// <summary>
/// Registers the awards package (an Umbraco package's composer): one call, its endpoints included
/// (<see cref="AwardsEndpoints"/>). As in the engine, each feature folder has one <c>XRegistration.cs</c> with
/// <c>AddAwardsX()</c>, its services (what tests get from <see cref="AddAwardsCore"/>), and, when it has parts only a
/// running site needs (pages and their authorization, a backoffice section, hosted services, cache eviction),
/// <c>AddAwardsXWeb()</c>. A new feature is added with its one call in each list below.
/// </summary>
public static class DependencyInjection
{
    /// <param name="demo">The <c>--demo</c> start-up flag: load fictitious past winners (refused on a site with real ones).</param>
    public static WebApplicationBuilder AddAwards(this WebApplicationBuilder builder, bool demo = false)
    {
        builder.Services.AddAwardsCore(builder.Configuration, builder.Environment.ContentRootPath)
            .AddAwardsDataWeb()
            .AddEndpointModule<AwardsEndpoints>()
            .AddAwardsNoticesWeb()
            .AddAwardsCyclesWeb()
            .AddAwardsJudgingWeb()
            .AddAwardsWinnersWeb()
            .AddAwardsCertificatesWeb()
            .AddAwardsCertificationWeb()
            .AddAwardsGalaWeb()
            .AddAwardsNominationsWeb()
            .AddAwardsPortalWeb()
            .AddAwardsPrivacyWeb()
            .AddAwardsDeliveryWeb()
            .AddPackageParts();
        if (demo)
        {
            builder.Services.AddAwardsDemo();
        }

        return builder;
    }

    /// <summary>The package's services without the web parts; tests use this on top of <c>AddSqmCmsCore</c>.</summary>
    public static IServiceCollection AddAwardsCore(this IServiceCollection services, IConfiguration configuration, string contentRoot) =>
        services
            .AddAwardsData(configuration, contentRoot)
            .AddAwardsCycles()
            .AddAwardsNotices(configuration)
            .AddAwardsNominations()
            .AddAwardsPortal()
            .AddAwardsOrganizations()
            .AddAwardsJudging()
            .AddAwardsWinners()
            .AddAwardsCertificates()
            .AddAwardsCertification()
            .AddAwardsGala()
            .AddAwardsPrivacy(configuration);

    /// <summary>The package's pages and views live in this assembly; add it as a part whatever the host's build generated.</summary>
    private static IServiceCollection AddPackageParts(this IServiceCollection services)
    {
        services.AddMvcCore().ConfigureApplicationPartManager(parts =>
        {
            var assembly = typeof(DependencyInjection).Assembly;
            if (!parts.ApplicationParts.Any(p => p.Name == assembly.GetName().Name))
            {
                parts.ApplicationParts.Add(new AssemblyPart(assembly));
            }
        });
        return services;
    }
}
