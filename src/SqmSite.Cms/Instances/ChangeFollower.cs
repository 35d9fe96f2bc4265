using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Media;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Instances;

/// <summary>
/// After this instance caught up with changes made elsewhere (another instance, a command-line import): its published
/// snapshot or media catalog was rebuilt. Caches that are not the snapshot react here, as they do to a local publish.
/// </summary>
public sealed class ChangesFollowedNotification(IReadOnlyList<ContentChange> changes) : INotification
{
    public IReadOnlyList<ContentChange> Changes { get; } = changes;
}

/// <summary>
/// Keeps this instance's in-memory state in step with the database when other instances write to it (decision 0022).
/// Every change another instance must react to is a change-log row written in the change's own transaction; on
/// PostgreSQL the commit also sends a NOTIFY, which wakes this follower at once; it then reads the rows after the last
/// one it saw, so a missed notification, a lost connection or a restart loses nothing. Without a wake-up it reads the log
/// every <see cref="InstanceOptions.PollInterval"/>. Each pass also records this instance on the backoffice's list.
/// </summary>
internal sealed class ChangeFollower(IServiceScopeFactory scopes, IPublishedContentCache cache, IMediaCatalog media, IOptions<InstanceOptions> options,
    TimeProvider clock, ILogger<ChangeFollower> logger) : BackgroundService
{
    private static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(10);
    private readonly WakeSignal _wake = new();
    private long _position;
    private DateTime _appliedUtc;

    /// <summary>The last change-log row this instance has applied or seen to be its own (content, media and caches).</summary>
    public long Position => Math.Max(Volatile.Read(ref _position), cache.Snapshot.ChangePosition);

    public string Name { get; } = options.Value.Name is { Length: > 0 } n ? n[..Math.Min(n.Length, SiteInstance.NameMaxLength)]
        : $"{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The snapshot the engine built at start-up says where this instance stands.
        _position = cache.Snapshot.ChangePosition;
        _appliedUtc = clock.GetUtcNow().UtcDateTime;
        var listener = ListenAsync(stoppingToken);
        var (nextPass, nextBeat, woken) = (DateTime.MinValue, DateTime.MinValue, false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Reading the log (on a wake-up or each poll) and saying this instance is alive (every ten seconds, a
                // write only) keep their own times.
                var now = clock.GetUtcNow().UtcDateTime;
                if (woken || now >= nextPass)
                {
                    await PassAsync(stoppingToken);
                    nextPass = now + options.Value.PollInterval;
                }

                if (now >= nextBeat)
                {
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        await BeatAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), now, stoppingToken);
                    }

                    nextBeat = now + BeatEvery;
                }

                var wait = (nextPass < nextBeat ? nextPass : nextBeat) - clock.GetUtcNow().UtcDateTime;
                woken = await _wake.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database away for a while: this instance serves what it has and tries again (decision 0022).
                logger.LogWarning(e, "Could not follow the change log; retrying");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await listener;
    }

    /// <summary>One look at the log: rebuilds what rows made elsewhere changed, then says this instance is alive.</summary>
    internal async Task PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var log = services.GetRequiredService<ContentChangeLog>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (_position < await log.TrimmedThroughAsync(ct))
        {
            // Rows this instance never read were trimmed (it was suspended for days): what they said is unknown, so
            // everything is read again, as at a start.
            var latest = await log.LatestAsync(ct);
            await cache.RebuildAsync(ct);
            await media.RebuildAsync(ct);
            (_position, _appliedUtc) = (latest, now);
            await services.GetRequiredService<IEventAggregator>().PublishAsync(
                new ChangesFollowedNotification([ContentChange.CacheRow(ChangeSignals.Everything, now)]), ct);
            logger.LogWarning("The change log was trimmed past this instance's position; reloaded everything, now at {Position}", latest);
        }

        while (true)
        {
            var rows = await log.ReadAsync(_position, 2000, null, ct);
            if (rows.Count == 0)
            {
                break;
            }

            // Rows this instance made were in its snapshot already (it rebuilt it before the write returned).
            var content = rows.Where(r => ContentChange.ContentKinds.Contains(r.Kind) && r.Id > cache.Snapshot.ChangePosition).ToList();
            var library = rows.Where(r => r.Kind is ContentChangeKind.MediaSaved or ContentChangeKind.MediaDeleted).ToList();
            var caches = rows.Where(r => r.Kind == ContentChangeKind.CacheChanged).ToList();
            if (content.Count > 0 && !await cache.CatchUpAsync(content[^1].Id, ct))
            {
                // This instance made these changes and rebuilt meanwhile (the NOTIFY of its own commit came first).
                content.Clear();
            }

            if (library.Count > 0)
            {
                await media.RebuildAsync(ct);
            }

            _position = rows[^1].Id;
            if (content.Count + library.Count + caches.Count > 0)
            {
                _appliedUtc = now;
                await services.GetRequiredService<IEventAggregator>().PublishAsync(new ChangesFollowedNotification([.. content, .. library, .. caches]), ct);
                logger.LogInformation("Followed {Count} changes made elsewhere, up to {Position}", content.Count + library.Count + caches.Count, _position);
            }
        }

    }

    private async Task BeatAsync(CmsDbContext db, DateTime now, CancellationToken ct)
    {
        var position = Math.Max(_position, cache.Snapshot.ChangePosition);
        var updated = await db.Set<SiteInstance>().Where(i => i.Name == Name)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastSeenUtc, now).SetProperty(i => i.AppliedPosition, position).SetProperty(i => i.AppliedUtc, _appliedUtc), ct);
        if (updated == 0)
        {
            db.Add(new SiteInstance(Name, now, position, _appliedUtc));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }

        // Instances gone for a day leave the list (a restart under a new process id is a new row).
        await db.Set<SiteInstance>().Where(i => i.LastSeenUtc < now - SiteInstances.ForgetAfter).ExecuteDeleteAsync(ct);
    }

    /// <summary>On PostgreSQL, a connection that LISTENs for commits with change-log rows and wakes the follower.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            if (!db.Database.IsNpgsql())
            {
                return;
            }

            connectionString = db.Database.GetConnectionString();
        }

        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, _) => _wake.Wake();
                await using (var listen = new NpgsqlCommand("LISTEN " + ContentChangeLog.NotifyChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                // Anything committed while this connection was away is read now.
                _wake.Wake();
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                // Polling goes on meanwhile; listen again shortly.
                logger.LogWarning("Lost the change notifications connection ({Message}); reconnecting", e.Message);
                await Task.Delay(options.Value.PollInterval, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
