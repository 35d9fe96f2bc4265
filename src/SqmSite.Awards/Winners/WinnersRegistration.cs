using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Winners;

/// <summary>Registers the winners: publishing consent, the winner stories and their guard, and the past-winners pages' reads.</summary>
internal static class WinnersRegistration
{
    public static IServiceCollection AddAwardsWinners(this IServiceCollection services)
    {
        services.AddScoped<WinnerStoryService>();
        services.AddScoped<ConsentService>();
        services.AddScoped<PastWinners>();
        services.AddScoped<DemoWinners>();
        services.AddScoped<WinnerPublishingGuard>();
        services.AddNotificationHandler<ContentPublishingNotification, WinnerPublishingGuard>();
        return services;
    }

    /// <summary>Staff's winners pages (consent, paper, withdrawal) under /backoffice/awards/winners; the comparison is marketing's too.</summary>
    public static IServiceCollection AddAwardsWinnersWeb(this IServiceCollection services)
    {
        services.AddNotificationHandler<WinnerConsentChangedNotification, AwardsOutputCacheEvictionHandler>();
        services.AddBackofficeSection(new BackofficeSection("winners", "Winners", "/backoffice/awards/winners", AwardsPolicies.Nominations, 47));
        services.AddScoped<IContentEditorApp, WinnerStoryEditorApp>();
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Winners", AwardsPolicies.Nominations);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/WinnerStories", BackofficePolicies.Content);
        });
        return services;
    }

    /// <summary>The <c>--demo</c> start-up flag: fictitious past winners, loaded after the seed (see <see cref="DemoWinners"/>).</summary>
    public static IServiceCollection AddAwardsDemo(this IServiceCollection services)
    {
        services.AddHostedService<DemoWinnersLoader>();
        return services;
    }
}
