using System.Collections.Frozen;

namespace SqmSite.Cms.Published;

/// <summary>
/// Everything that is live, at one moment: the tree, a URL table and the redirects. Immutable; a publish
/// builds a new snapshot and swaps it in, so a request never sees half of a change.
/// </summary>
public sealed class PublishedSnapshot
{
    public static readonly PublishedSnapshot Empty = new([], new Dictionary<string, Guid>());

    private readonly FrozenDictionary<string, PublishedContent> _byUrl;
    private readonly FrozenDictionary<Guid, PublishedContent> _byKey;
    private readonly FrozenDictionary<string, Guid> _redirects;

    internal PublishedSnapshot(IReadOnlyList<PublishedContent> roots, IReadOnlyDictionary<string, Guid> redirects, long changePosition = 0)
    {
        Roots = roots;
        ChangePosition = changePosition;
        var all = new List<PublishedContent>();
        var everything = new List<PublishedContent>();
        var byUrl = new Dictionary<string, PublishedContent>(StringComparer.OrdinalIgnoreCase);
        var firstRoutable = true;
        foreach (var root in roots)
        {
            // The first routable root is the home page at "/"; its children sit directly below it.
            var url = root.ContentType.Routable && firstRoutable ? "/" : "/" + root.UrlSegment + "/";
            firstRoutable &= !root.ContentType.Routable;
            Assign(root, url, root.ContentType.Routable, all, everything, byUrl);
        }

        All = all;
        _byUrl = byUrl.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _byKey = everything.ToFrozenDictionary(c => c.Key);
        _redirects = redirects.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<PublishedContent> Roots { get; }

    /// <summary>
    /// The newest change-log row this snapshot is known to include: read before its rows were, so everything up to it is
    /// in (a row after it may be too). An instance whose log has rows after it builds a new snapshot (decision 0022).
    /// </summary>
    public long ChangePosition { get; }

    /// <summary>Every routable item (a page with a URL), in tree order.</summary>
    public IReadOnlyList<PublishedContent> All { get; }

    public PublishedContent? Home => Roots.FirstOrDefault(r => r.ContentType.Routable);

    /// <summary>Any live item, routable or not (email templates and other data are found here).</summary>
    public PublishedContent? ByKey(Guid key) => _byKey.GetValueOrDefault(key);

    public PublishedContent? ByUrl(string path) => _byUrl.GetValueOrDefault(NormalizePath(path));

    /// <summary>Where an old URL should now send the visitor, if it moved.</summary>
    public string? RedirectFor(string path) =>
        _redirects.TryGetValue(NormalizePath(path), out var key) && ByKey(key) is { } target ? target.Url : null;

    internal IReadOnlyDictionary<Guid, string> UrlsByKey() => All.ToDictionary(c => c.Key, c => c.Url);

    /// <summary>Live items of one document type, routable or not, in tree order.</summary>
    public IEnumerable<PublishedContent> OfType(string contentTypeAlias) =>
        _byKey.Values.Where(c => string.Equals(c.ContentTypeAlias, contentTypeAlias, StringComparison.OrdinalIgnoreCase));

    /// <summary>Lower case, with a leading and a trailing slash: the form every URL is stored in.</summary>
    public static string NormalizePath(string? path)
    {
        path = string.IsNullOrEmpty(path) ? "/" : Uri.UnescapeDataString(path).Trim().ToLowerInvariant();
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        return path.EndsWith('/') ? path : path + "/";
    }

    private static void Assign(PublishedContent node, string url, bool routable, List<PublishedContent> all, List<PublishedContent> everything,
        Dictionary<string, PublishedContent> byUrl)
    {
        // Below data that has no URL, nothing has one either.
        routable &= node.ContentType.Routable;
        node.Url = routable ? url : "";
        everything.Add(node);
        if (routable)
        {
            all.Add(node);
            byUrl.TryAdd(url, node);
        }

        foreach (var child in node.Children)
        {
            Assign(child, url + child.UrlSegment + "/", routable, all, everything, byUrl);
        }
    }
}
