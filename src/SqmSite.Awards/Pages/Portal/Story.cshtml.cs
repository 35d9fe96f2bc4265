using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>Step 4: the nomination story, saved as a draft (also automatically) and then submitted.</summary>
public sealed class StoryModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, StoryAttachments attachments, TimeProvider clock)
    : PortalPageModel(accounts, catalog)
{
    public static readonly RatingMetric[] Optional =
        [RatingMetric.Esat, RatingMetric.Nps, RatingMetric.ContactResolution, RatingMetric.Retention, RatingMetric.OperationalSavings, RatingMetric.Revenue];

    /// <summary>
    /// One row of the ratings table as the form posts it: text, not numbers, so that what the nominee typed ("about 400")
    /// reaches the domain, which keeps it in the draft and names it, instead of model binding dropping it.
    /// </summary>
    public sealed class RatingInput
    {
        public string? Metric { get; set; }

        public string? Year { get; set; }

        public string? Value { get; set; }

        public string? SampleSize { get; set; }

        public string? Method { get; set; }

        public string? MeasuredBy { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? People { get; set; }

    [BindProperty]
    public string? Process { get; set; }

    [BindProperty]
    public string? Technology { get; set; }

    [BindProperty]
    public List<RatingInput> Ratings { get; set; } = [];

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle NominationCycle { get; private set; } = null!;

    public IReadOnlyList<StoryAttachment> Attachments { get; private set; } = [];

    /// <summary>Why the story cannot change now (submitted, or past its due date), as the nomination says; null while it can.</summary>
    public SqmSite.Cms.Attempt<NominationOperationStatus>? EditRefusal { get; private set; }

    public bool ReadOnly => EditRefusal is not null;

    /// <summary>The rules the saved draft does not meet yet, by field: shown beside the fields while the nominee edits.</summary>
    public IReadOnlyDictionary<string, string> Pending { get; private set; } = new Dictionary<string, string>();

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage
        : Pending.GetValueOrDefault(key);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!Nomination.HasStory)
        {
            return NotFound();
        }

        var story = Nomination.Story;
        Revision = Nomination.Revision;
        (Text, People, Process, Technology) = (story.Text, story.People, story.Process, story.Technology);
        Ratings = [.. Rows().Select(r =>
        {
            var saved = story.Ratings.FirstOrDefault(s => s.Metric == r.Metric && s.Year == r.Year);
            return new RatingInput
            {
                Metric = r.Metric.ToString(), Year = r.Year.ToString(CultureInfo.InvariantCulture), Value = saved?.ValueText, SampleSize = saved?.SampleSizeText,
                Method = saved?.Method, MeasuredBy = saved?.MeasuredByEntered ?? saved?.MeasuredBy?.ToString(),
            };
        })];
        if (!ReadOnly)
        {
            Pending = story.ToDraft().Check(NominationCycle, complete: false);
        }

        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => StepAsync(submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => StepAsync(submit: true, ct);

    /// <summary>The page's autosave: the same rules as "Save draft", answered as JSON for the script.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(CancellationToken ct)
    {
        if (Draft() is not { } draft)
        {
            return new JsonResult(new { ok = false, message = UnknownRow, errors = new Dictionary<string, string>() }) { StatusCode = StatusCodes.Status400BadRequest };
        }

        var result = await nominations.StepAsync(Key, Organization.Id,
            (n, c, now) => n.SaveStoryDraft(c, draft, User.Identity?.Name ?? "nominee", now), Revision, ct);
        if (result.Status == NominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        var saved = await nominations.FindForOrganizationAsync(Organization.Id, Key, ct);
        return new JsonResult(new
        {
            ok = result.Succeeded,
            message = result.Succeeded
                ? result.Errors.Count == 0 ? "Draft saved" : "Draft saved; some entries need attention before you can submit"
                : result.Message,
            errors = result.Errors,
            revision = saved?.Revision,
        })
        { StatusCode = result.Succeeded ? 200 : 409 };
    }

    /// <summary>Said when a post names a ratings row the form does not have (only a hand-made post does).</summary>
    public const string UnknownRow = "Nothing was saved: a ratings row names a measure or year this form does not have. Reload the page and try again.";

    private async Task<IActionResult> StepAsync(bool submit, CancellationToken ct)
    {
        if (Draft() is not { } draft)
        {
            ModelState.AddModelError(string.Empty, UnknownRow);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var actor = User.Identity?.Name ?? "nominee";
        var result = await nominations.StepAsync(Key, Organization.Id, (n, c, now) => submit
            ? n.SubmitStory(c, draft, actor, now)
            : n.SaveStoryDraft(c, draft, actor, now), Revision, ct);
        if (result.Status == NominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            // A draft saved with rules not met yet: the page shows them beside the fields (read again from the saved draft).
            TempData.Notice(submit ? "Your story was submitted. Thank you!"
                : result.Errors.Count == 0 ? "Your draft was saved." : result.Message!);
            return Redirect(submit ? $"/portal/nominations/{Key}" : $"/portal/nominations/{Key}/story");
        }

        var message = result.Message ?? "That did not work.";
        var keptRevision = false;
        if (submit && result.Status == NominationOperationStatus.ValidationFailed)
        {
            // The submission was refused, but what was typed is kept as a draft, so leaving the page loses nothing.
            var kept = await nominations.StepAsync(Key, Organization.Id, (n, c, now) => n.SaveStoryDraft(c, draft, actor, now), Revision, ct);
            if (kept.Succeeded)
            {
                message += " What you typed was saved as a draft.";
                keptRevision = true;
            }
        }

        // The summary says what happened to the whole story (and whether it was kept), beside the fields' own errors.
        ModelState.AddAttempt(result with { Message = message });
        if (result.Errors.Count > 0)
        {
            ModelState.AddModelError(string.Empty, message);
        }
        await LoadAsync(ct);
        if (keptRevision)
        {
            Revision = Nomination.Revision;
        }

        return Page();
    }

    public IEnumerable<(RatingMetric Metric, int Year, bool Required)> Rows() =>
        from metric in new[] { RatingMetric.Fcr, RatingMetric.Csat }.Concat(Optional)
        from year in NominationCycle.RatingsYears
        select (metric, year, metric is RatingMetric.Fcr or RatingMetric.Csat);

    /// <summary>The draft as posted; null when a row names a measure or year the form does not have (never read as FCR).</summary>
    private StoryDraft? Draft()
    {
        var rows = new List<RatingRow>();
        foreach (var r in Ratings)
        {
            if (RatingRow.ReadMetric(r.Metric) is not { } metric
                || !int.TryParse(r.Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                return null;
            }

            rows.Add(RatingRow.Read(metric, year, r.Value, r.SampleSize, r.Method, r.MeasuredBy));
        }

        return new(Text, People, Process, Technology, rows);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await FindNominationAsync(nominations, Key, ct) is not { } found)
        {
            return false;
        }

        (Nomination, NominationCycle) = found;
        Attachments = await attachments.ListAsync(Nomination.Id, ct);
        EditRefusal = Nomination.CanEditStory(NominationCycle, clock.GetUtcNow().UtcDateTime) is { Succeeded: false } refused ? refused : null;
        return true;
    }
}
