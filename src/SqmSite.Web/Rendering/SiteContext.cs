using SqmSite.Cms.Web;
using Microsoft.AspNetCore.Http;
using SqmSite.Cms;
using SqmSite.Cms.Published;

namespace SqmSite.Web.Rendering;

/// <summary>
/// What the layout needs to know about the site around the page being rendered: the tree, the current page (none
/// on error pages) and the public address. Built once per request by the layout.
/// </summary>
public sealed class SiteContext
{
    public const string SiteName = "CX Best Practice Awards";

    private SiteContext(PublishedSnapshot snapshot, PublishedContent? current, string baseUrl)
    {
        Snapshot = snapshot;
        Current = current;
        BaseUrl = baseUrl;
    }

    public PublishedSnapshot Snapshot { get; }

    /// <summary>The page being rendered; null for views without content (error pages).</summary>
    public PublishedContent? Current { get; }

    /// <summary>Scheme and host (and path base) of the public site, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public PublishedContent? Home => Snapshot.Home;

    public bool IsHome => Current is not null && Current.Parent is null && Home is not null && Current.Key == Home.Key;

    /// <summary>The main navigation: the home page's children, in the editors' sort order.</summary>
    public IReadOnlyList<PublishedContent> MainNavigation => Home?.Children ?? [];

    public static SiteContext For(PublishedSnapshot snapshot, object? model, HttpRequest request, CmsOptions options) =>
        new(snapshot, model as PublishedContent, PublicUrls.BaseUrl(request, options));

    /// <summary>"{Name} | CX Best Practice Awards"; the site name alone on the home page.</summary>
    public static string PageTitle(string? name, bool isHome) =>
        isHome || string.IsNullOrWhiteSpace(name) ? SiteName : $"{name} | {SiteName}";

    public string AbsoluteUrl(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);

    /// <summary>True when the item is the current page or one of its ancestors.</summary>
    public bool IsInSection(PublishedContent item)
    {
        for (var p = Current; p is not null; p = p.Parent)
        {
            if (p.Key == item.Key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first live page of a document type, in tree order (e.g. the process page).</summary>
    public PublishedContent? FirstOfType(string contentTypeAlias) => FirstOfType(Snapshot, contentTypeAlias);

    public static PublishedContent? FirstOfType(PublishedSnapshot snapshot, string contentTypeAlias) =>
        snapshot.All.FirstOrDefault(c => string.Equals(c.ContentTypeAlias, contentTypeAlias, StringComparison.OrdinalIgnoreCase));

    /// <summary>The page's summary, else the home page's: every page gets a meta description.</summary>
    public string Description => (Current?.Value("summary") is { Length: > 0 } own ? own : Home?.Value("summary")) ?? "";
}
