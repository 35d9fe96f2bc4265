using SqmSite.Cms.Web;

namespace SqmSite.Awards.Cycles;

/// <summary>
/// Public pages count days to the current cycle's deadlines in its time zone: a cached page goes stale at the next
/// local midnight and at each of the cycle's dates (the open step changes, the current cycle changes at the gala's end).
/// </summary>
internal sealed class CycleCacheBoundary(CycleCatalog catalog) : IOutputCacheBoundary
{
    /// <summary>The last answer, kept until it passes or the cycles are reloaded: most requests cost two comparisons.</summary>
    private volatile Cached? _cached;

    private sealed record Cached(IReadOnlyList<AwardCycle> Cycles, DateTimeOffset? Next);

    public DateTimeOffset? Next(DateTimeOffset now)
    {
        var cached = _cached;
        if (cached is not null && ReferenceEquals(cached.Cycles, catalog.All) && (cached.Next is null || now < cached.Next))
        {
            return cached.Next;
        }

        var cycles = catalog.All;
        var next = Compute(now);
        _cached = new Cached(cycles, next);
        return next;
    }

    private DateTimeOffset? Compute(DateTimeOffset now)
    {
        if (catalog.Current is not { } cycle)
        {
            return null;
        }

        var utc = now.UtcDateTime;
        var d = cycle.Dates;
        var nextDate = new[]
        {
            d.ApplicationsOpenUtc, d.ApplicationsCloseUtc, d.ChecklistDueUtc, d.InterviewsStartUtc, d.InterviewsEndUtc,
            d.FinalistsNotifiedByUtc, d.StoriesDueUtc, d.WinnersAnnouncedByUtc, d.GalaStartUtc, d.GalaEndUtc,
        }.Where(t => t > utc).DefaultIfEmpty(DateTime.MaxValue).Min();

        // Midnight may not exist on a day clocks go forward there; the first valid minute after it does.
        var midnight = cycle.Local(utc).Date.AddDays(1);
        while (cycle.TimeZone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(1);
        }

        var nextMidnight = TimeZoneInfo.ConvertTimeToUtc(midnight, cycle.TimeZone);
        var next = nextMidnight < nextDate ? nextMidnight : nextDate;
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }
}
