namespace SqmSite.Awards.Cycles;

/// <summary>The dates of one award year, as instants (UTC) with the zone editors and nominees read them in.</summary>
public sealed record CycleDates(
    DateTime ApplicationsOpenUtc,
    DateTime ApplicationsCloseUtc,
    DateTime ChecklistDueUtc,
    DateTime InterviewsStartUtc,
    DateTime InterviewsEndUtc,
    DateTime FinalistsNotifiedByUtc,
    DateTime StoriesDueUtc,
    DateTime WinnersAnnouncedByUtc,
    DateTime GalaStartUtc,
    DateTime GalaEndUtc)
{
    /// <summary>Every date moved by <paramref name="by"/> (a demo year, a test's cycle), the order kept.</summary>
    public CycleDates Shifted(TimeSpan by) => new(ApplicationsOpenUtc + by, ApplicationsCloseUtc + by, ChecklistDueUtc + by, InterviewsStartUtc + by,
        InterviewsEndUtc + by, FinalistsNotifiedByUtc + by, StoriesDueUtc + by, WinnersAnnouncedByUtc + by, GalaStartUtc + by, GalaEndUtc + by);

    /// <summary>The order the program promises; a cycle whose dates break it is refused.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Before(DateTime a, string an, DateTime b, string bn)
        {
            if (a > b)
            {
                problems.Add($"{an} must not be after {bn}.");
            }
        }

        Before(ApplicationsOpenUtc, "Applications open", ApplicationsCloseUtc, "applications close");
        Before(ApplicationsCloseUtc, "Applications close", ChecklistDueUtc, "the checklist due date");
        Before(InterviewsStartUtc, "Interviews start", InterviewsEndUtc, "interviews end");
        Before(ChecklistDueUtc, "The checklist due date", FinalistsNotifiedByUtc, "finalists notified by");
        Before(InterviewsEndUtc, "Interviews end", FinalistsNotifiedByUtc, "finalists notified by");
        Before(FinalistsNotifiedByUtc, "Finalists notified by", StoriesDueUtc, "stories due");
        Before(StoriesDueUtc, "Stories due", WinnersAnnouncedByUtc, "winners announced by");
        Before(WinnersAnnouncedByUtc, "Winners announced by", GalaStartUtc, "the gala");
        Before(GalaStartUtc, "The gala start", GalaEndUtc, "the gala end");
        return problems;
    }

    /// <summary>The same dates a year later (wall-clock times kept in the cycle's zone, so daylight saving stays right).</summary>
    public CycleDates NextYear(TimeZoneInfo zone)
    {
        DateTime Move(DateTime utc)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone).AddYears(1);
            return TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
        }

        return new CycleDates(Move(ApplicationsOpenUtc), Move(ApplicationsCloseUtc), Move(ChecklistDueUtc), Move(InterviewsStartUtc),
            Move(InterviewsEndUtc), Move(FinalistsNotifiedByUtc), Move(StoriesDueUtc), Move(WinnersAnnouncedByUtc), Move(GalaStartUtc),
            Move(GalaEndUtc));
    }
}

/// <summary>One award year: its dates, its time zone, its two ratings years and the categories open in it.</summary>
public sealed class AwardCycle
{
    public const int NameMaxLength = 200;

    private List<Guid> _categoryKeys = [];

    private AwardCycle()
    {
    }

    public AwardCycle(string name, int year, string timeZoneId, CycleDates dates, IEnumerable<Guid> categoryKeys)
    {
        Key = Guid.NewGuid();
        Name = name;
        Year = year;
        TimeZoneId = timeZoneId;
        Dates = dates;
        FirstRatingsYear = year - 2;
        _categoryKeys = [.. categoryKeys.Distinct()];
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The application year (applications close in it).</summary>
    public int Year { get; private set; }

    /// <summary>The first of the two ratings years; by default the two calendar years before the application year.</summary>
    public int FirstRatingsYear { get; private set; }

    public IReadOnlyList<int> RatingsYears => [FirstRatingsYear, FirstRatingsYear + 1];

    public string TimeZoneId { get; private set; } = "UTC";

    public CycleDates Dates { get; private set; } = null!;

    /// <summary>The category pages (content keys) open for entries this cycle; names and guidelines live on those pages.</summary>
    public IReadOnlyList<Guid> CategoryKeys => _categoryKeys;

    public TimeZoneInfo TimeZone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public bool IsOpen(Guid categoryKey) => _categoryKeys.Contains(categoryKey);

    public void Update(string name, int year, int firstRatingsYear, string timeZoneId, CycleDates dates, IEnumerable<Guid> categoryKeys)
    {
        Name = name;
        Year = year;
        FirstRatingsYear = firstRatingsYear;
        TimeZoneId = timeZoneId;
        Dates = dates;
        _categoryKeys = [.. categoryKeys.Distinct()];
    }

    /// <summary>"Copy to next year": the same categories, dates a year later, ratings years moved along.</summary>
    public AwardCycle CopyToNextYear()
    {
        var name = Name.Replace(Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (Year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (name == Name)
        {
            name = $"{Name} ({Year + 1})";
        }

        return new AwardCycle(name, Year + 1, TimeZoneId, Dates.NextYear(TimeZone), _categoryKeys) { FirstRatingsYear = FirstRatingsYear + 1 };
    }

    /// <summary>The cycle's zone as people say it ("Eastern Time").</summary>
    public string ZoneName => SqmSite.Cms.Web.SiteTime.ZoneName(TimeZone);

    /// <summary>"December 1, 2026, 6:07 PM Eastern Time".</summary>
    public string Format(DateTime utc) => SqmSite.Cms.Web.SiteTime.Format(utc, TimeZone);

    /// <summary>"Dec 1, 2026, 6:07 PM", for places whose heading names the zone.</summary>
    public string FormatShort(DateTime utc) => SqmSite.Cms.Web.SiteTime.FormatShort(utc, TimeZone);

    /// <summary>"December 1, 2026".</summary>
    public string FormatDate(DateTime utc) => SqmSite.Cms.Web.SiteTime.FormatDate(utc, TimeZone);

    /// <summary>A UTC instant as the cycle's people read it.</summary>
    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone);
}
