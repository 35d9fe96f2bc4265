using SqmSite.Cms;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Nominations;

/// <summary>One nomination for staff: everything submitted, the steps staff take, and the audit log.</summary>
public sealed class NominationDetailModel(NominationService nominations, CycleCatalog catalog, SqmSite.Cms.Forms.FormService forms, SqmSite.Cms.Forms.FormEntryService entries,
    StoryAttachments attachments, OutsideNominationService outside) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle Cycle { get; private set; } = null!;

    public SqmSite.Awards.Organizations.Organization? Organization { get; private set; }

    public string OrganizationName => Organization?.OfficialName ?? "";

    /// <summary>The submitted checklist's items in the form's order: each question with its answer and the comment on it.</summary>
    public IReadOnlyList<ChecklistItem> ChecklistAnswers { get; private set; } = [];

    public IReadOnlyList<StoryAttachment> Attachments { get; private set; } = [];

    /// <summary>The nominations by others this entry was taken up from or joined: every nominator with their words.</summary>
    public IReadOnlyList<OutsideNomination> NominatedBy { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostReviewAsync(bool eligible, string? reason, CancellationToken ct) =>
        StepAsync((n, c, now) => n.ReviewChecklist(eligible, reason, Actor, now), eligible ? "Marked eligible." : "Marked not eligible.", ct);

    public Task<IActionResult> OnPostInterviewAsync(string? at, string? interviewer, string? notes, CancellationToken ct) =>
        StepAsync((n, c, now) => ParseLocal(c, at, "InterviewAt") is { } utc
            ? n.ScheduleInterview(c, utc, interviewer, notes, Actor, now)
            : Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "InterviewAt", "Enter the interview's date and time."), "Interview scheduled.", ct);

    public Task<IActionResult> OnPostDecideAsync(bool finalist, CancellationToken ct) =>
        StepAsync((n, c, now) => n.DecideFinalist(finalist, Actor, now),
            finalist ? "Marked finalist; the nominee hears when the batch is released." : "Marked not selected; the nominee hears when the batch is released.", ct);

    public Task<IActionResult> OnPostExtendAsync(string? until, string? reason, CancellationToken ct) =>
        StepAsync((n, c, now) => ParseLocal(c, until, "Until") is { } utc
            ? n.ExtendDeadline(c, utc, reason, Actor, now)
            : Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Until", "Enter the new deadline."), "Deadline extended for this nomination; the nominee was emailed the reason.", ct);

    public Task<IActionResult> OnPostReopenAsync(string? reason, string? until, CancellationToken ct) =>
        StepAsync((n, c, now) => ParseLocal(c, until, "Until") is { } utc
            ? n.ReopenStory(reason ?? "", utc, Actor, now)
            : Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Until", "Enter until when the story may be edited."), "The story is open for the nominee again.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(string? reason, CancellationToken ct) =>
        StepAsync((n, c, now) => n.Withdraw(reason, Actor, now), "The nomination was withdrawn.", ct);

    private string Actor => User.Identity?.Name ?? "staff";

    private async Task<IActionResult> StepAsync(Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step, string success, CancellationToken ct)
    {
        var result = await nominations.StepAsync(Key, null, step, ct: ct);
        if (result.Status == NominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice(success);
        }
        else
        {
            TempData.Alert(string.Join(" ", new[] { result.Message }.Concat(result.Errors.Values).Where(m => !string.IsNullOrEmpty(m)).Distinct()));
        }

        return Redirect($"/backoffice/awards/nominations/{Key}");
    }

    private static DateTime? ParseLocal(AwardCycle cycle, string? input, string field) =>
        DateTime.TryParseExact(input, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? TimeZoneInfo.ConvertTimeToUtc(cycle.TimeZone.IsInvalidTime(local) ? local.AddHours(1) : local, cycle.TimeZone)
            : null;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var nomination = await nominations.FindAsync(Key, ct);
        var cycle = nomination is null ? null : catalog.All.FirstOrDefault(c => c.Id == nomination.CycleId);
        if (nomination is null || cycle is null)
        {
            return false;
        }

        Nomination = nomination;
        Cycle = cycle;
        Organization = await nominations.OrganizationAsync(nomination.OrganizationId, ct);
        Attachments = await attachments.ListAsync(nomination.Id, ct);
        ChecklistAnswers = await ChecklistItem.LoadAsync(nomination, forms, entries, ct);
        NominatedBy = await outside.ForNominationAsync(nomination.Id, ct);

        return true;
    }
}
