using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Privacy;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Users;

/// <summary>
/// Privacy requests that administrators handle: find a person by address, see what erasing them would do (each
/// module's findings, or why one refuses), erase, or download their data for them.
/// </summary>
public sealed class PrivacyModel(PrivacyService privacy) : PageModel
{
    public const int MaxEmailLength = 256;

    [BindProperty]
    public string? Email { get; set; }

    public PersonalDataSubject? Subject { get; private set; }

    public IReadOnlyList<ErasureFinding> Findings { get; private set; } = [];

    public bool Refused => Findings.Any(f => f.RefusedBecause is not null);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        if (await FindAsync(ct) is { } subject)
        {
            Subject = subject;
            Findings = await privacy.PlanErasureAsync(subject, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        if (await FindAsync(ct) is null)
        {
            return Page();
        }

        var result = await privacy.EraseAsync(Email, User.Identity?.Name ?? "administrator", ct);
        if (result.Status == ErasureStatus.Refused)
        {
            Subject = await privacy.FindAsync(Email, ct);
            Findings = result.Value!;
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice($"{Email!.Trim()} was erased. Their organization's entries stay, naming \"{PrivacyService.ErasedName}\".");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        if (await FindAsync(ct) is not { } subject)
        {
            return Page();
        }

        var file = await privacy.ExportToTemporaryFileAsync(subject, ct);
        return File(file, "application/zip", $"personal-data-{subject.UserId}.zip");
    }

    private async Task<PersonalDataSubject?> FindAsync(CancellationToken ct)
    {
        Email = Email?.Trim();
        if (string.IsNullOrEmpty(Email) || Email.Length > MaxEmailLength || !Email.Contains('@', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(Email), "Enter the person's email address.");
            return null;
        }

        var subject = await privacy.FindAsync(Email, ct);
        if (subject is null)
        {
            ModelState.AddModelError(nameof(Email), $"No account has the address {Email}.");
        }

        return subject;
    }
}
