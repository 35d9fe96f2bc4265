using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Data;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;

namespace SqmSite.Cms.Scheduling;

/// <summary>What one housekeeping pass deleted, and the rules that failed (logged; the others still ran).</summary>
/// <param name="RanElsewhere">True when another instance was running its pass: this one left it to that one.</param>
public sealed record HousekeepingReport(int AnonymousDrafts, int FormFiles, int OrphanedOriginals, IReadOnlyList<string> FailedRules,
    IReadOnlyDictionary<string, int>? PackageTasks = null, bool RanElsewhere = false);

/// <summary>
/// A package's own rule for the housekeeping pass (the awards' retention of unsuccessful entries, say). It runs after
/// the engine's rules, in its own scope; a task that fails is logged and retried at the next pass, like the engine's.
/// It must be safe to run on two instances at once and twice in a row.
/// </summary>
public interface IHousekeepingTask
{
    /// <summary>Names the task in logs and in the report ("unsuccessful entries past retention").</summary>
    string Name { get; }

    /// <summary>Deletes what is due at <paramref name="utcNow"/>; returns how many items went.</summary>
    Task<int> RunAsync(DateTime utcNow, CancellationToken cancellationToken);
}

/// <summary>
/// Removes what nothing will ever use again: anonymous form drafts left for <see cref="FormsOptions.KeepAnonymousDraftsFor"/>,
/// form upload files no entry points at, and originals on disk that no media item points at. Runs a minute after
/// start-up, then every <see cref="CmsOptions.HousekeepingInterval"/>. Every rule only deletes what is old enough that
/// no request can still be about to use it, and deleting twice is harmless, so two site instances may run it at once.
/// Why each rule is safe: docs/decisions/0010-housekeeping.md.
/// </summary>
public sealed class Housekeeping(
    IServiceScopeFactory scopes,
    IMediaOriginals originals,
    IOptions<CmsOptions> options,
    IOptions<FormsOptions> formsOptions,
    TimeProvider clock,
    ILogger<Housekeeping> logger) : BackgroundService
{
    public const string Actor = "Housekeeping";

    /// <summary>Rows read or deleted at a time, so that a large table is never loaded at once.</summary>
    internal const int BatchSize = 500;

    /// <summary>An upload is referenced by the post that stored it, and a post never takes a day.</summary>
    public static readonly TimeSpan FormFileGrace = TimeSpan.FromDays(1);

    /// <summary>An original is written moments before its media item is saved.</summary>
    public static readonly TimeSpan OriginalGrace = TimeSpan.FromHours(1);

    private static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not at start-up itself: migrations, imports and the first requests come first.
        await Task.Delay(StartDelay, clock, stoppingToken);
        using var timer = new PeriodicTimer(options.Value.HousekeepingInterval, clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Any constant of its own among the database's advisory locks.</summary>
    internal const long PassLock = 0x53514D_484B5050; // "SQM" "HKPP"

    /// <summary>
    /// One pass of every rule. A rule that fails is logged and left for the next pass; the others still run. On
    /// PostgreSQL the pass holds an advisory lock, so of several instances only one runs it at a time (the rules would be
    /// safe twice, but twice is wasted work and a confusing log); the others skip it until their next interval.
    /// </summary>
    public async Task<HousekeepingReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (!db.Database.IsNpgsql())
        {
            return await PassAsync(cancellationToken);
        }

        // A session lock on a connection of the pass's own, held until it ends; a crash lets it go with the connection.
        await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_try_advisory_lock({PassLock})", connection))
        {
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                logger.LogInformation("Housekeeping is running on another instance; this one skips its pass");
                return new HousekeepingReport(0, 0, 0, [], RanElsewhere: true);
            }
        }

        try
        {
            return await PassAsync(cancellationToken);
        }
        finally
        {
            await using var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({PassLock})", connection);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    private async Task<HousekeepingReport> PassAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var failed = new List<string>();

        async Task<int> RunAsync(string rule, Func<CmsDbContext, IServiceProvider, Task<int>> run)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await run(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), scope.ServiceProvider);
                if (deleted > 0)
                {
                    logger.LogInformation("Housekeeping deleted {Count} {Rule}", deleted, rule);
                }

                return deleted;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Housekeeping of {Rule} failed; it runs again at the next interval.", rule);
                failed.Add(rule);
                return 0;
            }
        }

        // Drafts first: the files of the drafts deleted here are no longer referenced when the next rule looks.
        var drafts = await RunAsync("abandoned anonymous drafts", (db, _) => DeleteAbandonedDraftsAsync(db, now, cancellationToken));
        var files = await RunAsync("unreferenced form files",
            (db, services) => DeleteUnreferencedFormFilesAsync(db, services.GetRequiredService<IPrivateMediaService>(), now, cancellationToken));
        var originals = await RunAsync("orphaned originals", (db, _) => DeleteOrphanedOriginalsAsync(db, now, cancellationToken));

        List<string> names;
        await using (var scope = scopes.CreateAsyncScope())
        {
            names = scope.ServiceProvider.GetServices<IHousekeepingTask>().Select(t => t.Name).ToList();
        }

        var tasks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            tasks[name] = await RunAsync(name, (_, services) => services.GetServices<IHousekeepingTask>().First(t => t.Name == name).RunAsync(now, cancellationToken));
        }

        return new HousekeepingReport(drafts, files, originals, failed, tasks);
    }

    /// <summary>Anonymous visitors' drafts not saved for a while. Submitted entries and signed-in owners' drafts are never touched.</summary>
    private async Task<int> DeleteAbandonedDraftsAsync(CmsDbContext db, DateTime now, CancellationToken ct)
    {
        var savedBefore = now - formsOptions.Value.KeepAnonymousDraftsFor;
        var abandoned = db.Set<FormEntry>().Where(e => e.OwnerUserId == null && e.State == FormEntryState.Draft && e.UpdatedUtc < savedBefore);
        int total = 0, afterId = 0;
        while (true)
        {
            var ids = await abandoned.Where(e => e.Id > afterId).OrderBy(e => e.Id).Select(e => e.Id).Take(BatchSize).ToListAsync(ct);

            // The delete checks the conditions again, on the rows themselves: a draft resumed since the read is kept.
            total += await abandoned.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct);
            if (ids.Count < BatchSize)
            {
                return total;
            }

            afterId = ids[^1];
        }
    }

    /// <summary>
    /// Upload files (private media of <see cref="MediaFormFileStore.Owner"/>) that no entry points at: replaced, or of a
    /// deleted draft, or refused with the rest of their page. Only files older than <see cref="FormFileGrace"/>: a file
    /// is referenced by the post that stored it or never, so one not referenced by then never will be.
    /// </summary>
    private static async Task<int> DeleteUnreferencedFormFilesAsync(CmsDbContext db, IPrivateMediaService media, DateTime now, CancellationToken ct)
    {
        var createdBefore = now - FormFileGrace;
        var candidates = db.Set<MediaItem>().AsNoTracking()
            .Where(m => m.Owner == MediaFormFileStore.Owner && m.CreatedUtc < createdBefore)
            .OrderBy(m => m.Id);
        if (!await candidates.AnyAsync(ct))
        {
            return 0;
        }

        var referenced = await ReferencedFormFilesAsync(db, ct);
        var deleted = 0;
        var afterId = 0;
        while (true)
        {
            var batch = await candidates.Where(m => m.Id > afterId).Select(m => new { m.Id, m.Key }).Take(BatchSize).ToListAsync(ct);
            foreach (var item in batch.Where(i => !referenced.Contains(i.Key)))
            {
                // False when another instance deleted it first.
                if (await media.DeletePrivateAsync(item.Key, MediaFormFileStore.Owner, Actor, ct))
                {
                    deleted++;
                }
            }

            if (batch.Count < BatchSize)
            {
                return deleted;
            }

            afterId = batch[^1].Id;
        }
    }

    /// <summary>The keys of every file any entry (draft or submitted) points at, read a batch of entries at a time.</summary>
    private static async Task<HashSet<Guid>> ReferencedFormFilesAsync(CmsDbContext db, CancellationToken ct)
    {
        var keys = new HashSet<Guid>();
        var afterId = 0;
        while (true)
        {
            var batch = await db.Set<FormEntry>().AsNoTracking().Where(e => e.Id > afterId).OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.Values }).Take(BatchSize).ToListAsync(ct);
            foreach (var id in batch.SelectMany(e => FormValues.FileIds(e.Values)))
            {
                // Any spelling of a key counts: keeping a file by mistake costs little, deleting one costs an answer.
                if (Guid.TryParse(id, out var key))
                {
                    keys.Add(key);
                }
            }

            if (batch.Count < BatchSize)
            {
                return keys;
            }

            afterId = batch[^1].Id;
        }
    }

    /// <summary>
    /// Originals (in the folder or the bucket) that no media item points at: written by an upload whose save then failed (a crash
    /// between the two). Only files older than <see cref="OriginalGrace"/>, since an upload writes its file just before
    /// saving its item.
    /// </summary>
    private async Task<int> DeleteOrphanedOriginalsAsync(CmsDbContext db, DateTime now, CancellationToken ct)
    {
        var deleted = 0;
        await foreach (var batch in originals.ListWrittenBeforeAsync(now - OriginalGrace, ct).Chunk(BatchSize).WithCancellation(ct))
        {
            var known = await db.Set<MediaItem>().Where(m => batch.Contains(m.StoredName)).Select(m => m.StoredName).ToListAsync(ct);
            foreach (var storedName in batch.Except(known, StringComparer.Ordinal))
            {
                if (await originals.DeleteAsync(storedName, ct))
                {
                    logger.LogInformation("Deleted the original {StoredName}, which no media item points at", storedName);
                    deleted++;
                }
            }
        }

        return deleted;
    }
}
