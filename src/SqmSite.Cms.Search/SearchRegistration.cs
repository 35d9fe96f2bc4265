using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Search.Index;
using SqmSite.Cms.Search.Querying;
using SqmSite.Cms.Search.Web;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Search;

/// <summary>
/// Site search as one capability: this instance's Lucene.Net index kept current from the engine's notifications and
/// change log, the <c>/search</c> page, <c>/api/delivery/v1/search</c>, and the backoffice page of the index. It owns
/// no tables of its own beyond the anonymous query counts (decision 0021).
/// </summary>
public static class SearchRegistration
{
    public static WebApplicationBuilder AddSqmSearch(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SearchOptions>().Bind(builder.Configuration.GetSection(SearchOptions.Section))
            .Validate(o => o.PollInterval > TimeSpan.Zero, "SqmSite:Search:PollInterval must be positive.")
            .Validate(o => o.MaxQueryLength is > 0 and <= 2000, "SqmSite:Search:MaxQueryLength must be between 1 and 2000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SearchIndex>();
        services.AddSingleton<SiteSearch>();
        services.AddHostedService<SearchIndexer>();
        services.AddSqmSearchCounts();
        services.AddHostedService<SearchCountsFlusher>();
        services.AddNotificationHandler<ContentPublishedNotification, SearchIndexNotificationHandler>();
        services.AddNotificationHandler<ContentUnpublishedNotification, SearchIndexNotificationHandler>();
        services.AddNotificationHandler<ContentDeletedNotification, SearchIndexNotificationHandler>();
        services.AddNotificationHandler<Instances.ChangesFollowedNotification, SearchIndexNotificationHandler>();
        services.AddEndpointModule<SearchDeliveryApi>();
        services.Configure<Delivery.DeliveryApiExamples>(SearchDeliveryApi.AddExamples);
        services.AddBackofficeSection(new BackofficeSection("search", "Search", "/backoffice/search", BackofficePolicies.Content, 70));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Search", BackofficePolicies.Content));
        return builder;
    }
}
