using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Gala;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Gala;

/// <summary>The seating plan: a table per party (a select each), or "Place automatically", winners nearest the stage.</summary>
public sealed class SeatingModel(CycleCatalog catalog, GalaService galas) : GalaPageModel(catalog, galas)
{
    /// <summary>Table number per invitation key; empty for none.</summary>
    [BindProperty]
    public Dictionary<Guid, string?> Tables { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? (Board is null ? Redirect(PageUrl("/backoffice/awards/gala")) : Page());

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Board is null)
        {
            return NotFound();
        }

        var plan = new Dictionary<Guid, int?>();
        foreach (var (key, text) in Tables)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                plan[key] = null;
            }
            else if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var table))
            {
                plan[key] = table;
            }
            else
            {
                TempData.Alert("Pick a table from the list for each party.");
                return Redirect(PageUrl("/backoffice/awards/gala/seating"));
            }
        }

        var result = await Galas.PlaceAsync(Board.Gala.Id, plan, ct);
        if (result.Succeeded)
        {
            TempData.Notice("The seating plan is saved.");
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect(PageUrl("/backoffice/awards/gala/seating"));
    }

    public async Task<IActionResult> OnPostAutomaticAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Current is null)
        {
            return NotFound();
        }

        var result = await Galas.PlaceAutomaticallyAsync(Current.Id, ct);
        if (result.Succeeded)
        {
            TempData.Notice(result.Value == 0 ? "Every party with people coming has a table already." : (result.Value == 1 ? "1 party" : $"{result.Value} parties") + " placed, winners nearest the stage.");
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect(PageUrl("/backoffice/awards/gala/seating"));
    }
}
