using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Cms.Search.Querying;

namespace SqmSite.Cms.Search.Web;

/// <summary>What the search page shows: the request as typed, and the results or the reason there are none.</summary>
public sealed record SearchPageViewModel(string Query, SearchSort Sort, int Page, int PageSize, IReadOnlyDictionary<string, string> Facets,
    SearchResults? Results, string? Problem)
{
    public int Pages => Results is null ? 0 : Math.Max(1, (Results.Total + PageSize - 1) / PageSize);

    /// <summary>The address of this search with some of its inputs changed (null removes a facet; page 1 is left out).</summary>
    public string Link(string? query = null, SearchSort? sort = null, int? page = null, (string Name, string? Value)? facet = null)
    {
        var parts = new List<string>();
        var q = query ?? Query;
        if (q.Length > 0)
        {
            parts.Add("q=" + Uri.EscapeDataString(q));
        }

        var facets = new Dictionary<string, string>(Facets, StringComparer.OrdinalIgnoreCase);
        if (facet is { } f)
        {
            if (f.Value is null)
            {
                facets.Remove(f.Name);
            }
            else
            {
                facets[f.Name] = f.Value;
            }
        }

        parts.AddRange(facets.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        if ((sort ?? Sort) == SearchSort.Newest)
        {
            parts.Add("sort=newest");
        }

        if ((page ?? 1) > 1)
        {
            parts.Add("page=" + page);
        }

        return "/search" + (parts.Count > 0 ? "?" + string.Join("&", parts) : "");
    }
}

/// <summary>
/// The public search page, <c>/search?q=</c>, rendered by the host's <c>Views/search.cshtml</c> in the site's layout.
/// Any text gives results or a message: a query too long, a facet that does not exist or a page past the end are said
/// in words (with the status a crawler should see), never an error page.
/// </summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SearchController(SiteSearch search) : Controller
{
    public const int PageSize = 10;

    /// <summary>Seconds to wait before asking again while the index is first built (the page and the API say the same).</summary>
    public const int RetryAfterSeconds = 10;
    private static readonly string[] Reserved = ["q", "sort", "page"];

    [HttpGet("/search")]
    [HttpHead("/search")]
    public IActionResult Index()
    {
        var query = Request.Query["q"].ToString();
        var sort = string.Equals(Request.Query["sort"], "newest", StringComparison.OrdinalIgnoreCase) ? SearchSort.Newest : SearchSort.Relevance;
        var page = int.TryParse(Request.Query["page"], out var p) && p is > 0 and <= 1000 ? p : 1;
        var known = search.FacetNames().Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var facets = Request.Query.Where(q => !Reserved.Contains(q.Key, StringComparer.OrdinalIgnoreCase) && known.Contains(q.Key) && q.Value.ToString().Length is > 0 and <= 200)
            .ToDictionary(q => q.Key.ToLowerInvariant(), q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var attempt = search.Search(new SearchRequest(query, facets, sort, (page - 1) * PageSize, PageSize));
        if (!attempt.Succeeded)
        {
            Response.StatusCode = attempt.Status == SearchOperationStatus.NotReady ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
            if (attempt.Status == SearchOperationStatus.NotReady)
            {
                Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        Response.Headers["X-Robots-Tag"] = "noindex";
        return View("~/Views/search.cshtml", new SearchPageViewModel(SearchPlain(query), sort, page, PageSize, facets, attempt.Value, attempt.Message));
    }

    /// <summary>The query as the box shows it again: at most a little over the limit, so a 10 KB paste is not echoed back whole.</summary>
    private static string SearchPlain(string query) => query.Length <= 300 ? query : query[..300];
}
