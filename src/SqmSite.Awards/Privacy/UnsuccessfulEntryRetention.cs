using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Awards.Privacy;

/// <summary>The package's settings (<c>SqmSite:Awards</c>).</summary>
public sealed class AwardsOptions
{
    public const string Section = "SqmSite:Awards";

    /// <summary>Years after a cycle's last date (its gala) that unsuccessful entries and their files are kept.</summary>
    public int KeepUnsuccessfulEntriesYears { get; set; } = 3;
}

/// <summary>An entry the retention rule deletes at its next pass: what an administrator sees in the dry run.</summary>
public sealed record RetentionCandidate(Guid Key, int CycleYear, string Organization, string Category, NominationState State, int Files,
    DateTime DueSinceUtc, TimeZoneInfo Zone);

/// <summary>
/// Retention: entries that did not go on (not eligible, not selected, withdrawn, or stopped before the finalists were
/// chosen) are deleted, with their checklist answers and files, once their cycle's gala is
/// <see cref="AwardsOptions.KeepUnsuccessfulEntriesYears"/> years past. Finalists are kept: one of them is the winner,
/// whose story the site publishes. Runs in the engine's housekeeping pass; two instances may run it at once, since
/// each entry's parts are deleted by key and a part already gone is skipped.
/// </summary>
public sealed class UnsuccessfulEntryRetention(
    AwardsDbContext db,
    CycleCatalog cycles,
    FormEntryService entries,
    IPrivateMediaService media,
    IOptions<AwardsOptions> options,
    ILogger<UnsuccessfulEntryRetention> logger) : IHousekeepingTask
{
    public static readonly IReadOnlyList<NominationState> Unsuccessful =
    [
        NominationState.Applied, NominationState.ChecklistSubmitted, NominationState.Eligible,
        NominationState.NotEligible, NominationState.NotSelected, NominationState.Withdrawn,
    ];

    public string Name => "unsuccessful entries past retention";

    /// <summary>The dry run: every entry the next pass at <paramref name="utcNow"/> deletes.</summary>
    public async Task<IReadOnlyList<RetentionCandidate>> DueAsync(DateTime utcNow, CancellationToken cancellationToken = default)
    {
        var expired = ExpiredCycles(utcNow);
        if (expired.Count == 0)
        {
            return [];
        }

        var ids = expired.Keys.ToList();
        var rows = await db.Nominations.AsNoTracking()
            .Where(n => ids.Contains(n.CycleId) && Unsuccessful.Contains(n.State))
            .Join(db.Organizations, n => n.OrganizationId, o => o.Id, (n, o) => new { n.Id, n.Key, n.CycleId, o.OfficialName, n.CategoryName, n.State })
            .OrderBy(r => r.CycleId).ThenBy(r => r.OfficialName).ThenBy(r => r.CategoryName)
            .ToListAsync(cancellationToken);
        var nominationIds = rows.Select(r => r.Id).ToList();
        var files = await db.StoryAttachments.Where(a => nominationIds.Contains(a.NominationId)).GroupBy(a => a.NominationId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return rows.Select(r => new RetentionCandidate(r.Key, expired[r.CycleId].Cycle.Year, r.OfficialName, r.CategoryName, r.State,
            files.GetValueOrDefault(r.Id), expired[r.CycleId].DueSince, expired[r.CycleId].Cycle.TimeZone)).ToList();
    }

    public async Task<int> RunAsync(DateTime utcNow, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var candidate in await DueAsync(utcNow, cancellationToken))
        {
            if (await DeleteAsync(candidate.Key, cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>The files first, then the checklist answers, then the row: a pass stopped half way finds the rest next time.</summary>
    private async Task<bool> DeleteAsync(Guid key, CancellationToken ct)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Key == key, ct);
        var organization = nomination is null ? null : await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == nomination.OrganizationId, ct);
        if (nomination is null || organization is null || !Unsuccessful.Contains(nomination.State))
        {
            return false;
        }

        var owner = Organization.MediaOwner(organization.Key);
        foreach (var file in await db.StoryAttachments.Where(a => a.NominationId == nomination.Id).Select(a => a.MediaKey).ToListAsync(ct))
        {
            await media.DeletePrivateAsync(file, owner, Housekeeping.Actor, ct);
        }

        if (nomination.ChecklistEntryKey is { } entry)
        {
            await entries.DeleteEntryAsync(entry, ct);
        }

        // The attachments' rows and the audit log go with the row (cascade). The state is checked again on the row itself.
        var states = Unsuccessful.ToList();
        var gone = await db.Nominations.Where(n => n.Id == nomination.Id && states.Contains(n.State)).ExecuteDeleteAsync(ct) > 0;
        if (gone)
        {
            logger.LogInformation("Retention deleted the {State} nomination {Key} of cycle {CycleId}", nomination.State, key, nomination.CycleId);
        }

        return gone;
    }

    private Dictionary<int, (AwardCycle Cycle, DateTime DueSince)> ExpiredCycles(DateTime utcNow) =>
        cycles.All
            .Select(c => (Cycle: c, DueSince: c.Dates.GalaEndUtc.AddYears(options.Value.KeepUnsuccessfulEntriesYears)))
            .Where(c => c.DueSince <= utcNow)
            .ToDictionary(c => c.Cycle.Id);
}
