using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Data;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Cms.ApiKeys;

/// <summary>
/// Deletes keys revoked or expired more than <see cref="KeepFor"/> ago. They are kept that long so that staff can
/// still see which key a client had and when it stopped working; after that they are clutter. Safe on two instances
/// at once: one delete statement, and a row already gone is simply not counted.
/// </summary>
internal sealed class ApiKeyRetention(CmsDbContext db) : IHousekeepingTask
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(90);

    public string Name => "revoked and expired API keys";

    public Task<int> RunAsync(DateTime utcNow, CancellationToken cancellationToken)
    {
        var before = utcNow - KeepFor;
        return db.Set<ApiKey>().Where(k => k.RevokedUtc < before || k.ExpiresUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
