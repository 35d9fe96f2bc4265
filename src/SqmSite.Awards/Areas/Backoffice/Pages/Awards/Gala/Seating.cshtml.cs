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
        if (await LoadGalaAsync(ct) is { } refused)
        {
            return refused;
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

        return Done(await Galas.PlaceAsync(Board!.Gala.Id, plan, ct), "The seating plan is saved.", "/backoffice/awards/gala/seating");
    }

    public async Task<IActionResult> OnPostAutomaticAsync(CancellationToken ct)
    {
        if (await LoadGalaAsync(ct) is { } refused)
        {
            return refused;
        }

        var result = await Galas.PlaceAutomaticallyAsync(Current!.Id, ct);
        var placed = result.Value == 1 ? "1 party" : $"{result.Value} parties";
        return Done(result, result.Value == 0 ? "Every party with people coming has a table already." : placed + " placed, winners nearest the stage.",
            "/backoffice/awards/gala/seating");
    }
}
