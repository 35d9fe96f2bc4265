using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Cms.Notifications;

namespace SqmSite.Awards.Cycles;

/// <summary>Award cycles for staff and editors, and "the current cycle" for everyone else.</summary>
public sealed class CycleService(AwardsDbContext db, CycleCatalog catalog, IEventAggregator events, SqmSite.Cms.Instances.ChangeSignals signals)
{
    public async Task<IReadOnlyList<AwardCycle>> ListAsync(CancellationToken ct = default) =>
        await db.Cycles.AsNoTracking().OrderByDescending(c => c.Year).ToListAsync(ct);

    public Task<AwardCycle?> GetAsync(int id, CancellationToken ct = default) => db.Cycles.FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<(AwardCycle? Cycle, IReadOnlyList<string> Problems)> CreateAsync(string name, int year, string timeZoneId, CycleDates dates,
        IReadOnlyCollection<Guid> categoryKeys, CancellationToken ct = default)
    {
        var problems = await CheckAsync(null, name, year, timeZoneId, dates, categoryKeys, ct);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var cycle = new AwardCycle(Nominations.TextLength.Clean(name), year, timeZoneId, dates, categoryKeys);
        db.Cycles.Add(cycle);
        await db.SaveChangesAsync(ct);
        await ChangedAsync(ct);
        return (cycle, []);
    }

    public async Task<IReadOnlyList<string>> UpdateAsync(int id, string name, int year, int firstRatingsYear, string timeZoneId, CycleDates dates,
        IReadOnlyCollection<Guid> categoryKeys, CancellationToken ct = default)
    {
        var cycle = await GetAsync(id, ct);
        if (cycle is null)
        {
            return ["That award cycle no longer exists."];
        }

        var problems = await CheckAsync(id, name, year, timeZoneId, dates, categoryKeys, ct);
        if (firstRatingsYear > year || firstRatingsYear < year - 10)
        {
            problems = [.. problems, "The ratings years must come before the application year."];
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        cycle.Update(Nominations.TextLength.Clean(name), year, firstRatingsYear, timeZoneId, dates, categoryKeys);
        await db.SaveChangesAsync(ct);
        await ChangedAsync(ct);
        return [];
    }

    /// <summary>"Copy to next year": refused when the next year already has a cycle.</summary>
    public async Task<(AwardCycle? Cycle, IReadOnlyList<string> Problems)> CopyToNextYearAsync(int id, CancellationToken ct = default)
    {
        var cycle = await GetAsync(id, ct);
        if (cycle is null)
        {
            return (null, ["That award cycle no longer exists."]);
        }

        if (await db.Cycles.AnyAsync(c => c.Year == cycle.Year + 1, ct))
        {
            return (null, [$"There is already a cycle for {cycle.Year + 1}."]);
        }

        var next = cycle.CopyToNextYear();
        db.Cycles.Add(next);
        await db.SaveChangesAsync(ct);
        await ChangedAsync(ct);
        return (next, []);
    }

    private async Task ChangedAsync(CancellationToken ct)
    {
        await catalog.ReloadAsync(ct);
        await events.PublishAsync(new CycleChangedNotification(), ct);
        // Just after the commit (the cycles are the package's tables, the change log the engine's): the other instances
        // reload theirs. A crash between the two leaves them on the old cycles until their next restart or signal.
        await signals.SignalAsync(CycleCatalog.ChangeName, ct);
    }

    private async Task<IReadOnlyList<string>> CheckAsync(int? id, string name, int year, string timeZoneId, CycleDates dates,
        IReadOnlyCollection<Guid> categoryKeys, CancellationToken ct)
    {
        var problems = new List<string>(dates.Problems());
        if (!Nominations.TextLength.Check(name, "The name", AwardCycle.NameMaxLength, "").IsValid)
        {
            problems.Add($"Give the cycle a name of at most {AwardCycle.NameMaxLength} characters.");
        }

        if (year is < 2000 or > 2200)
        {
            problems.Add("The year must be a year such as 2027.");
        }
        else if (await db.Cycles.AnyAsync(c => c.Year == year && c.Id != id, ct))
        {
            problems.Add($"There is already a cycle for {year}.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _))
        {
            problems.Add("Pick the time zone of the deadlines from the list.");
        }

        if (categoryKeys.Count == 0)
        {
            problems.Add("Open at least one category.");
        }

        return problems;
    }
}

/// <summary>After a cycle was created or changed: public pages showing its dates are out of date.</summary>
public sealed class CycleChangedNotification : INotification;
