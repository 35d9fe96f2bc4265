using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Gala;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Gala;

/// <summary>The base of staff's gala pages: the cycle in the query (the current one by default) and its gala's dashboard.</summary>
public abstract class GalaPageModel(CycleCatalog catalog, GalaService galas) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Cycle { get; set; }

    public AwardCycle? Current { get; private set; }

    public IReadOnlyList<AwardCycle> Cycles => catalog.All;

    /// <summary>The gala with its invitations and people; null until its settings are saved.</summary>
    public GalaDashboard? Board { get; private set; }

    protected GalaService Galas { get; } = galas;

    protected string Actor => User.Identity?.Name ?? "staff";

    /// <summary>Local time in the cycle's zone, as the site writes it.</summary>
    public string Local(DateTime utc) => SqmSite.Cms.Web.SiteTime.Format(utc, Current?.TimeZone ?? TimeZoneInfo.Utc);

    protected string PageUrl(string path) => Current is null ? path : $"{path}?cycle={Current.Id}";

    /// <summary>Finds the cycle and its dashboard; a 404 for a cycle that does not exist.</summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Current = Cycle is { } id ? catalog.All.FirstOrDefault(c => c.Id == id) : catalog.Current;
        if (Current is null)
        {
            return Cycle is null ? null : NotFound();
        }

        Board = await Galas.DashboardAsync(Current.Id, ct);
        return null;
    }
}
