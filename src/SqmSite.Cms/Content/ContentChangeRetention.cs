using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Data;
using SqmSite.Cms.Instances;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Cms.Content;

/// <summary>
/// Trims the change log (a housekeeping rule): rows older than <see cref="ContentChangeLog.KeepFor"/> go, but never one that a reader
/// still needs: the webhooks' cursor and every instance on the list (each reports the row it applied) hold the trim
/// back, and the newest row always stays, so ids keep growing and a snapshot's position stays meaningful. The highest
/// id trimmed is recorded in the same transaction (<see cref="ContentChangeLog.TrimmedThroughAsync"/>): a reader that
/// comes back from further behind is told, not silently given a gap.
/// </summary>
internal sealed class ContentChangeRetention(CmsDbContext db) : IHousekeepingTask
{
    public string Name => "change-log rows older than 30 days that every reader has passed";

    public async Task<int> RunAsync(DateTime utcNow, CancellationToken cancellationToken)
    {
        var changes = db.Set<ContentChange>();
        var limit = (await changes.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0) - 1;
        var cursors = await db.Set<ContentChangeCursor>().Where(c => c.Name != ContentChangeLog.TrimmedMark)
            .MinAsync(c => (long?)c.Position, cancellationToken);
        var instances = await db.Set<SiteInstance>().MinAsync(i => (long?)i.AppliedPosition, cancellationToken);
        limit = Math.Min(limit, Math.Min(cursors ?? long.MaxValue, instances ?? long.MaxValue));

        var before = utcNow - ContentChangeLog.KeepFor;
        if (await changes.Where(c => c.Id <= limit && c.ChangedUtc < before).MaxAsync(c => (long?)c.Id, cancellationToken) is not { } through)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var marks = db.Set<ContentChangeCursor>().Where(c => c.Name == ContentChangeLog.TrimmedMark);
        if (!await marks.AnyAsync(cancellationToken))
        {
            db.Add(new ContentChangeCursor(ContentChangeLog.TrimmedMark, through));
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            await marks.Where(c => c.Position < through).ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, through), cancellationToken);
        }

        var deleted = await changes.Where(c => c.Id <= through).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
