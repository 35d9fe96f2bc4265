using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Content;
using SqmSite.Cms.Media;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Winners;

/// <summary>One winner: its consent record (kept forever), a consent received on paper, a withdrawal, and its story.</summary>
[MediaUpload]
public sealed class WinnerModel(AwardsDbContext db, CycleCatalog catalog, ConsentService consents, WinnerStoryService stories, IPrivateMediaService privateMedia)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle Cycle { get; private set; } = null!;

    public string Organization { get; private set; } = "";

    public IReadOnlyList<WinnerConsent> History { get; private set; } = [];

    public ContentNode? Story { get; private set; }

    public PublishingTerms? Terms { get; private set; }

    [BindProperty]
    public string? SignerName { get; set; }

    [BindProperty]
    public string? SignerJobTitle { get; set; }

    [BindProperty]
    public List<PublishingChannels> Channels { get; set; } = [];

    [BindProperty]
    public string? SignedOn { get; set; }

    [BindProperty]
    public string? WithdrawnOn { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Channels = [.. WinnerConsent.ChannelList.Select(c => c.Channel)];
        return Page();
    }

    /// <summary>The signed paper of one consent of this winner: a private file of the organization, for staff only.</summary>
    public async Task<IActionResult> OnGetPaperAsync(Guid consent, CancellationToken ct)
    {
        var row = await (from c in db.WinnerConsents.AsNoTracking()
                         join n in db.Nominations.AsNoTracking() on c.NominationId equals n.Id
                         join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                         where c.Key == consent && n.Key == Key && c.PaperFileKey != null
                         select new { File = c.PaperFileKey!.Value, Organization = o.Key }).FirstOrDefaultAsync(ct);
        var owner = row is null ? null : Organizations.Organization.MediaOwner(row.Organization);
        if (row is null || await privateMedia.GetPrivateAsync(row.File, owner!, ct) is not { } item
            || await privateMedia.OpenPrivateAsync(row.File, owner!, ct) is not { } stream)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(stream, item.Format.ContentType(), $"signed-consent-{consent:N}.pdf");
    }

    public async Task<IActionResult> OnPostPaperAsync(IFormFile? file, CancellationToken ct)
    {
        await using var stream = file is { Length: > 0 } ? file.OpenReadStream() : null;
        var result = await consents.RecordPaperAsync(Key, SignerName, SignerJobTitle, WinnerConsent.Combine(Channels), ReadDate(SignedOn, nameof(SignedOn)), stream,
            file?.FileName, User.Identity?.Name ?? "staff", ct);
        return await AfterAsync(result, "The signed consent was recorded.", ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var result = await consents.WithdrawAsync(Key, ReadDate(WithdrawnOn, nameof(WithdrawnOn)), Reason, User.Identity?.Name ?? "staff", ct);
        return await AfterAsync(result, "The withdrawal was recorded. The winner's story, name and logo are off the site.", ct);
    }

    public async Task<IActionResult> OnPostStoryAsync(CancellationToken ct)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Key == Key, ct);
        if (nomination is null)
        {
            return NotFound();
        }

        var made = await stories.EnsureDraftAsync(nomination.Id, ct);
        if (made.Succeeded)
        {
            TempData.Notice("The story draft was made. Marketing edits and publishes it under Content.");
        }
        else
        {
            TempData.Alert(made);
        }

        return Redirect($"/backoffice/awards/winners/{Key}");
    }


    private DateOnly? ReadDate(string? input, string key)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        if (DateOnly.TryParseExact(input.Trim(), "yyyy-MM-dd", out var date))
        {
            return date;
        }

        ModelState.AddModelError(key, "Enter the date as year-month-day, such as 2027-02-20.");
        return null;
    }

    private async Task<IActionResult> AfterAsync(SqmSite.Cms.Attempt<WinnersOperationStatus> result, string success, CancellationToken ct)
    {
        if (result.Status == WinnersOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded && ModelState.ErrorCount == 0)
        {
            TempData.Notice(success);
            return Redirect($"/backoffice/awards/winners/{Key}");
        }

        if (!result.Succeeded)
        {
            // A date that could not be read has its own message already; the service's "enter the date" would repeat it.
            foreach (var (field, error) in result.Errors.Where(e => !(ModelState.TryGetValue(e.Key, out var entry) && entry.Errors.Count > 0)))
            {
                ModelState.AddModelError(field, error);
            }

            if (result.Errors.Count == 0 && result.Message is { } message)
            {
                ModelState.AddModelError("", message);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Key == Key && n.AwardedUtc != null, ct);
        if (nomination is null || catalog.All.FirstOrDefault(c => c.Id == nomination.CycleId) is not { } cycle)
        {
            return false;
        }

        Nomination = nomination;
        Cycle = cycle;
        Organization = await db.Organizations.AsNoTracking().Where(o => o.Id == nomination.OrganizationId).Select(o => o.OfficialName).FirstAsync(ct);
        History = await consents.HistoryAsync(nomination.Id, ct);
        Story = await stories.StoryNodeAsync(nomination.Id, ct);
        Terms = await consents.TermsAsync(ct);
        return true;
    }
}
