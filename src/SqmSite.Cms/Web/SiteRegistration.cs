using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Web;

/// <summary>
/// The site itself: MVC and Razor Pages (each module adds its pages' conventions), request limits, lower-case URLs, the
/// output cache of published pages and its eviction when content changes.
/// </summary>
internal static class SiteRegistration
{
    public static IServiceCollection AddSqmSiteWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions();
        services.AddNotificationHandler<ContentPublishedNotification, OutputCacheEvictionHandler>();
        services.AddNotificationHandler<ContentUnpublishedNotification, OutputCacheEvictionHandler>();
        services.AddNotificationHandler<ContentDeletedNotification, OutputCacheEvictionHandler>();
        services.AddNotificationHandler<ContentSortedNotification, OutputCacheEvictionHandler>();
        services.AddNotificationHandler<Instances.ChangesFollowedNotification, OutputCacheEvictionHandler>();
        services.AddOutputCache(o =>
        {
            o.AddPolicy(PublishedContentController.OutputCachePolicy, b => b.Tag(PublishedContentController.OutputCacheTag).Expire(TimeSpan.FromMinutes(10))
                .AddPolicy(typeof(OutputCacheBoundaryPolicy)));
        });
        services.AddCors();
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = options.MaxFormBytes;
            o.ValueLengthLimit = (int)Math.Min(options.MaxFormBytes, int.MaxValue);
        });

        services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        services.AddSqmBadInput();
        services.AddRazorPages();
        return services;
    }
}
