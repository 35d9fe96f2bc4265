using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>Step 4: the nomination story, saved as a draft (also automatically) and then submitted.</summary>
public sealed class StoryModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, StoryAttachments attachments)
    : PortalPageModel(accounts, catalog)
{
    public static readonly RatingMetric[] Optional =
        [RatingMetric.Esat, RatingMetric.Nps, RatingMetric.ContactResolution, RatingMetric.Retention, RatingMetric.OperationalSavings, RatingMetric.Revenue];

    /// <summary>One row of the ratings table as the form posts it.</summary>
    public sealed class RatingInput
    {
        public RatingMetric Metric { get; set; }

        public int Year { get; set; }

        public decimal? Value { get; set; }

        public int? SampleSize { get; set; }

        public string? Method { get; set; }

        public MeasuredBy? MeasuredBy { get; set; }
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

    public bool ReadOnly => Nomination.State == NominationState.StorySubmitted;

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Nomination.VisibleState is not (NominationState.Finalist or NominationState.StorySubmitted))
        {
            return NotFound();
        }

        var story = Nomination.Story;
        Revision = Nomination.Revision;
        (Text, People, Process, Technology) = (story.Text, story.People, story.Process, story.Technology);
        Ratings = [.. Rows().Select(r =>
        {
            var saved = story.Ratings.FirstOrDefault(s => s.Metric == r.Metric && s.Year == r.Year);
            return new RatingInput { Metric = r.Metric, Year = r.Year, Value = saved?.Value, SampleSize = saved?.SampleSize, Method = saved?.Method, MeasuredBy = saved?.MeasuredBy };
        })];
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => StepAsync(submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => StepAsync(submit: true, ct);

    /// <summary>The page's autosave: the same rules as "Save draft", answered as JSON for the script.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(CancellationToken ct)
    {
        var result = await nominations.StepAsync(Key, Organization.Id,
            (n, c, now) => n.SaveStoryDraft(c, Draft(), User.Identity?.Name ?? "nominee", now), Revision, ct);
        if (result.Status == NominationStatus.NotFound)
        {
            return NotFound();
        }

        var saved = await nominations.FindForOrganizationAsync(Organization.Id, Key, ct);
        return new JsonResult(new
        {
            ok = result.Succeeded,
            message = result.Succeeded ? "Draft saved" : result.Message,
            errors = result.FieldErrors,
            revision = saved?.Revision,
        })
        { StatusCode = result.Succeeded ? 200 : 409 };
    }

    private async Task<IActionResult> StepAsync(bool submit, CancellationToken ct)
    {
        var actor = User.Identity?.Name ?? "nominee";
        var result = await nominations.StepAsync(Key, Organization.Id, (n, c, now) => submit
            ? n.SubmitStory(c, Draft(), actor, now)
            : n.SaveStoryDraft(c, Draft(), actor, now), Revision, ct);
        if (result.Status == NominationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Message"] = submit ? "Your story was submitted. Thank you!" : "Your draft was saved.";
            return Redirect(submit ? $"/portal/nominations/{Key}" : $"/portal/nominations/{Key}/story");
        }

        // Nothing was saved; the person's text is shown again with the messages, and the last saved draft is untouched.
        foreach (var (field, message) in result.FieldErrors)
        {
            ModelState.AddModelError(field, message);
        }

        ModelState.AddModelError(string.Empty, result.Message ?? "That did not work.");
        await LoadAsync(ct);
        return Page();
    }

    public IEnumerable<(RatingMetric Metric, int Year, bool Required)> Rows() =>
        from metric in new[] { RatingMetric.Fcr, RatingMetric.Csat }.Concat(Optional)
        from year in NominationCycle.RatingsYears
        select (metric, year, metric is RatingMetric.Fcr or RatingMetric.Csat);

    private StoryDraft Draft() => new(Text, People, Process, Technology,
        [.. Ratings.Select(r => new RatingRow(r.Metric, r.Year, r.Value, r.SampleSize, r.Method?.Trim(), r.MeasuredBy))]);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await FindNominationAsync(nominations, Key, ct) is not { } found)
        {
            return false;
        }

        (Nomination, NominationCycle) = found;
        Attachments = await attachments.ListAsync(Nomination.Id, ct);
        return true;
    }
}
