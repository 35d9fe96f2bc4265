using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Certification;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Certification;

/// <summary>
/// An area's onsite standard: its criteria to edit (two empty rows to add one, "remove" to drop one), saved as a new
/// version, and the versions before it. A refused save shows every row as typed, each message beside its field.
/// </summary>
public sealed class StandardModel(CertificationStandards standards, UserManager<BackofficeUser> users) : PageModel
{
    /// <summary>Empty rows offered for new criteria.</summary>
    public const int SpareRows = 2;

    [FromRoute]
    public Guid AreaKey { get; set; }

    /// <summary>The version the page showed, so that a version saved meanwhile by someone else is not overwritten unseen.</summary>
    [BindProperty]
    public int BasedOn { get; set; }

    [BindProperty]
    public List<CriterionDraft> Criteria { get; set; } = [];

    public string AreaName { get; private set; } = "";

    public CertificationStandard Current { get; private set; } = null!;

    public IReadOnlyList<StandardVersion> Versions { get; private set; } = [];

    /// <summary>The weights' total as the rows give it, or "?" while one is not a whole number.</summary>
    public string Total => Criteria.Where(c => !c.Remove && !c.IsEmpty).Aggregate((int?)0,
        (sum, c) => sum is { } s && int.TryParse(c.Weight?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? s + w : null) is { } total
        ? total.ToString(CultureInfo.InvariantCulture) : "?";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        BasedOn = Current.Version;
        Criteria = [.. Current.Criteria.Select(CriterionDraft.From)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await standards.SaveVersionAsync(AreaKey, BasedOn, Criteria, users.GetUserName(User) ?? "staff", ct);
        if (result.Status == CertificationStatus.NotFound || !await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            // What was typed stays; the empty rows at the end are offered again as spare rows.
            Criteria = Criteria.GetRange(0, Criteria.FindLastIndex(c => !c.IsEmpty) + 1);
            if (result.Status == CertificationStatus.Changed)
            {
                // Told, and shown the version saved meanwhile below: the next save is made knowingly.
                BasedOn = Current.Version;
            }

            ModelState.Clear();
            ModelState.AddAttempt(result);
            return Page();
        }

        var saved = result.Value!;
        TempData.Notice($"Version {saved.Standard.Version} of the {saved.Standard.AreaName} standard is saved."
            + (saved.AssessmentsMoved switch { 0 => "", 1 => " One open assessment, not scored yet, will be scored on it.", var n => $" {n} open assessments, not scored yet, will be scored on it." }));
        return Redirect($"/backoffice/awards/certification/standards/{AreaKey}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (standards.Areas().FirstOrDefault(a => a.Key == AreaKey) is not { } area || await standards.CurrentAsync(AreaKey, ct) is not { } current)
        {
            return false;
        }

        (AreaName, Current) = (area.Name, current);
        Versions = await standards.VersionsAsync(AreaKey, ct);
        return true;
    }
}
