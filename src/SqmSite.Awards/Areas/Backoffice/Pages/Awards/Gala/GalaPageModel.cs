using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Gala;
using SqmSite.Cms.Web;

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

    protected string PageUrl(string path) => (Current?.Id ?? Cycle) is { } id ? $"{path}?cycle={id}" : path;

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

    /// <summary>For a step on the gala: as <see cref="LoadAsync"/>, and a 404 while the cycle has no gala.</summary>
    protected async Task<IActionResult?> LoadGalaAsync(CancellationToken ct) => await LoadAsync(ct) ?? (Board is null ? NotFound() : null);

    /// <summary>After a step: the notice when it worked, its message when not, and back to the page (a 404 for what does not exist).</summary>
    protected IActionResult Done(SqmSite.Cms.IAttempt result, string notice, string path)
    {
        if (result.StatusValue is GalaOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice(notice);
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect(PageUrl(path));
    }
}
