using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Gala;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Gala;

/// <summary>
/// The door, for a phone: the code from a person's QR code (scanned by the camera where the browser can, or typed),
/// or a search by name; each marks the arrival once, and a second scan says when the person arrived.
/// </summary>
public sealed class CheckInModel(CycleCatalog catalog, GalaService galas) : GalaPageModel(catalog, galas)
{
    /// <summary>A name (or organization) to look for.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public IReadOnlyList<CheckInResult> Found { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Board is null)
        {
            return Redirect(PageUrl("/backoffice/awards/gala"));
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            Found = await Galas.FindAtDoorAsync(Board.Gala.Id, Q, ct);
        }

        return Page();
    }

    /// <summary>By the code (scanned or typed), or by <paramref name="person"/> from the search's list.</summary>
    public async Task<IActionResult> OnPostAsync(Guid? person, CancellationToken ct)
    {
        if (await LoadGalaAsync(ct) is { } refused)
        {
            return refused;
        }

        var result = await Galas.CheckInAsync(Board!.Gala.Id, Code, person, Actor, ct);
        if (!result.Succeeded)
        {
            TempData.Alert(result);
        }
        else
        {
            var found = result.Value!;
            var where = found.Table is { } t ? $", table {t}" : "";
            if (found.AlreadyIn)
            {
                TempData.Alert($"{found.Person.Name} ({found.Invitee}) already arrived at {Local(found.Person.CheckedInUtc!.Value)}{where}.");
            }
            else
            {
                TempData.Notice($"Welcome, {found.Person.Name} ({found.Invitee}){where}: checked in.");
            }
        }

        return Redirect(PageUrl("/backoffice/awards/gala/checkin") + (string.IsNullOrWhiteSpace(Q) ? "" : "&q=" + Uri.EscapeDataString(Q)));
    }
}
