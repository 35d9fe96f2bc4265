using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Instances;

/// <summary>An instance as the backoffice lists it.</summary>
public sealed record InstanceRow(SiteInstance Instance, bool Running, int ChangesBehind, bool IsThis);

/// <summary>The instances that followed this database's change log lately, for the backoffice.</summary>
public sealed class SiteInstances(CmsDbContext db, TimeProvider clock)
{
    /// <summary>An instance that has not said it is alive for this long has stopped (it says so every ten seconds).</summary>
    public static readonly TimeSpan StoppedAfter = TimeSpan.FromSeconds(45);

    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>
    /// The instances, each with how many rows it was behind when it last reported (rows made before that report and
    /// after the position it gave); this instance's own from its live snapshot, <paramref name="thisPosition"/>.
    /// </summary>
    public async Task<IReadOnlyList<InstanceRow>> ListAsync(string thisInstance, long thisPosition, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var instances = await db.Set<SiteInstance>().AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct);
        var rows = new List<InstanceRow>();
        foreach (var instance in instances)
        {
            var isThis = instance.Name == thisInstance;
            var position = isThis ? Math.Max(thisPosition, instance.AppliedPosition) : instance.AppliedPosition;
            var seen = instance.LastSeenUtc;
            var behind = isThis
                ? await db.Set<ContentChange>().CountAsync(c => c.Id > position, ct)
                : await db.Set<ContentChange>().CountAsync(c => c.Id > position && c.ChangedUtc <= seen, ct);
            rows.Add(new InstanceRow(instance, isThis || now - instance.LastSeenUtc < StoppedAfter, behind, isThis));
        }

        return rows;
    }
}
