using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Cms.Published;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Cycles;

/// <summary>Creates and edits an award cycle; dates are entered as wall-clock times in the cycle's zone.</summary>
public sealed class EditCycleModel(CycleService cycles, IPublishedContentCache content) : PageModel
{
    public static readonly IReadOnlyList<(string Field, string Label)> DateFields =
    [
        ("ApplicationsOpen", "Applications open"),
        ("ApplicationsClose", "Applications close"),
        ("ChecklistDue", "Eligibility checklist due"),
        ("InterviewsStart", "Interviews start"),
        ("InterviewsEnd", "Interviews end"),
        ("FinalistsNotifiedBy", "Finalists notified by"),
        ("StoriesDue", "Nomination stories due"),
        ("WinnersAnnouncedBy", "Winners announced by"),
        ("GalaStart", "Conference and gala start"),
        ("GalaEnd", "Conference and gala end"),
    ];

    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public int Year { get; set; }

    [BindProperty]
    public int? FirstRatingsYear { get; set; }

    [BindProperty]
    public string TimeZoneId { get; set; } = "America/New_York";

    [BindProperty]
    public Dictionary<string, string?> Dates { get; set; } = [];

    [BindProperty]
    public List<Guid> Categories { get; set; } = [];

    public IReadOnlyList<PublishedContent> CategoryPages { get; private set; } = [];

    /// <summary>The zones offered: the site's list, plus the cycle's own zone if an older cycle uses one outside it.</summary>
    public IReadOnlyList<SiteTime.ZoneChoice> ZoneChoices { get; private set; } = SiteTime.Choices;

    /// <summary>The zone the form's dates are shown in.</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId ?? "", out var zone) ? zone : TimeZoneInfo.Utc;

    private string? _storedZone;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Load();
        if (Id is { } id)
        {
            var cycle = await cycles.GetAsync(id, ct);
            if (cycle is null)
            {
                return NotFound();
            }

            Name = cycle.Name;
            Year = cycle.Year;
            FirstRatingsYear = cycle.FirstRatingsYear;
            TimeZoneId = cycle.TimeZoneId;
            _storedZone = cycle.TimeZoneId;
            OfferStoredZone();
            Categories = [.. cycle.CategoryKeys];
            var d = cycle.Dates;
            var values = new[] { d.ApplicationsOpenUtc, d.ApplicationsCloseUtc, d.ChecklistDueUtc, d.InterviewsStartUtc, d.InterviewsEndUtc,
                d.FinalistsNotifiedByUtc, d.StoriesDueUtc, d.WinnersAnnouncedByUtc, d.GalaStartUtc, d.GalaEndUtc };
            Dates = DateFields.Zip(values).ToDictionary(p => p.First.Field, p => (string?)cycle.Local(p.Second).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        }
        else
        {
            Year = DateTime.UtcNow.Year + 1;
            Categories = [.. CategoryPages.Select(c => c.Key)];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Load();
        if (Id is { } existingId && await cycles.GetAsync(existingId, ct) is { } existing)
        {
            _storedZone = existing.TimeZoneId;
            OfferStoredZone();
        }

        // Picked from the list; the server still checks, since a post can carry anything. A cycle keeps a zone it
        // already had even when that zone is not in the list.
        var allowed = SiteTime.IsChoice(TimeZoneId) || string.Equals(TimeZoneId, _storedZone, StringComparison.OrdinalIgnoreCase);
        if (!allowed || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId ?? "", out var zone))
        {
            ModelState.AddModelError(nameof(TimeZoneId), "Pick the time zone of the deadlines from the list.");
            TimeZoneId = _storedZone ?? "America/New_York";
            return Page();
        }

        var utc = new List<DateTime>();
        foreach (var (field, label) in DateFields)
        {
            if (!DateTime.TryParseExact(Dates.GetValueOrDefault(field), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var local))
            {
                ModelState.AddModelError(field, $"{label} must be a date and time such as 2027-09-30 23:59.");
                continue;
            }

            utc.Add(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone));
        }

        var known = CategoryPages.Select(c => c.Key).ToHashSet();
        if (Categories.Any(c => !known.Contains(c)))
        {
            ModelState.AddModelError(nameof(Categories), "Pick categories from the list.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var dates = new CycleDates(utc[0], utc[1], utc[2], utc[3], utc[4], utc[5], utc[6], utc[7], utc[8], utc[9]);
        IReadOnlyList<string> problems;
        if (Id is { } id)
        {
            problems = await cycles.UpdateAsync(id, Name ?? "", Year, FirstRatingsYear ?? Year - 2, TimeZoneId!, dates, Categories, ct);
        }
        else
        {
            var (created, createProblems) = await cycles.CreateAsync(Name ?? "", Year, TimeZoneId!, dates, Categories, ct);
            problems = createProblems;
            Id = created?.Id;
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(string.Empty, problem);
            }

            return Page();
        }

        TempData.Notice("The cycle was saved. The public pages show its dates now.");
        return Redirect($"/backoffice/awards/cycles/edit/{Id}");
    }

    private void OfferStoredZone()
    {
        if (_storedZone is { } stored && !SiteTime.IsChoice(stored) && TimeZoneInfo.TryFindSystemTimeZoneById(stored, out var zone))
        {
            ZoneChoices = [new SiteTime.ZoneChoice(stored, SiteTime.ZoneName(zone)), .. SiteTime.Choices];
        }
    }

    private void Load() => CategoryPages = [.. content.Snapshot.All.Where(c => c.ContentTypeAlias == "categoryPage")];
}
