using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Cms.Security;

/// <summary>One address's posts in one window of a shared rate limit (PostgreSQL: every instance counts in the same row).</summary>
public sealed class RateLimitCount
{
    public const int KeyMaxLength = 200;

    private RateLimitCount()
    {
    }

    public string Key { get; private set; } = "";

    public DateTime WindowStartUtc { get; private set; }

    public int Count { get; private set; }
}

internal sealed class RateLimitCountConfiguration : IEntityTypeConfiguration<RateLimitCount>
{
    public void Configure(EntityTypeBuilder<RateLimitCount> b)
    {
        b.ToTable("cmsRateLimit");
        b.HasKey(x => new { x.Key, x.WindowStartUtc });
        b.Property(x => x.Key).HasMaxLength(RateLimitCount.KeyMaxLength);
    }
}

/// <summary>
/// A fixed-window limit whose count lives in PostgreSQL, so that an address gets its N posts a minute across all
/// instances, not N on each (decision 0022: PostgreSQL rather than Redis). Public posts are few (forms, registrations,
/// RSVPs), so one upsert each costs nothing worth a second service to run and secure. The synchronous attempt always
/// defers to the asynchronous one, which the rate-limiting middleware then awaits. If the database cannot be asked, the
/// post is let through: the form itself then fails on the same database, with its own message.
/// </summary>
internal sealed class SharedWindowLimiter(string key, int limit, TimeSpan window, IServiceScopeFactory scopes, TimeProvider clock, ILogger logger)
    : RateLimiter
{
    private static readonly RateLimitLease Deferred = new Lease(false, null);
    private static readonly RateLimitLease Granted = new Lease(true, null);

    /// <summary>Nothing is held here: the limiter can be dropped and made again at any time.</summary>
    public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? Granted : Deferred;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0)
        {
            return Granted;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Ticks - now.Ticks % window.Ticks, DateTimeKind.Utc);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            // ToList, not Single: an INSERT cannot be wrapped in the subquery that composing on it would make.
            var count = await db.Database.SqlQuery<int>($"""
                INSERT INTO "cmsRateLimit" ("Key", "WindowStartUtc", "Count") VALUES ({key}, {start}, {permitCount})
                ON CONFLICT ("Key", "WindowStartUtc") DO UPDATE SET "Count" = "cmsRateLimit"."Count" + EXCLUDED."Count"
                RETURNING "Count" AS "Value"
                """).ToListAsync(cancellationToken) is [var counted] ? counted : 0;
            return count <= limit ? Granted : new Lease(false, start + window - now);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or TimeoutException)
        {
            logger.LogWarning("The shared rate limit could not be read ({Message}); the post is let through", e.Message);
            return Granted;
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name && retryAfter is { } wait ? wait : null;
            return metadata is not null;
        }
    }
}

/// <summary>Windows of the shared rate limits end within minutes; the rows go after an hour.</summary>
internal sealed class RateLimitCountRetention(CmsDbContext db) : IHousekeepingTask
{
    public string Name => "rate limit windows older than an hour";

    public async Task<int> RunAsync(DateTime utcNow, CancellationToken cancellationToken) =>
        await db.Set<RateLimitCount>().Where(c => c.WindowStartUtc < utcNow.AddHours(-1)).ExecuteDeleteAsync(cancellationToken);
}
