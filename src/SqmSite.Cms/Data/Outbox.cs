using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SqmSite.Cms.Data;

/// <summary>
/// The parts every durable outbox of the engine shares (email, webhooks): rows written with the change that causes
/// them, a background loop that a commit can wake before its next poll, and retries that wait longer each time.
/// </summary>
public static class Outbox
{
    /// <summary>The wait after the given number of failed attempts: <paramref name="first"/>, doubled each time, capped at <paramref name="longest"/>.</summary>
    public static TimeSpan Backoff(TimeSpan first, TimeSpan longest, int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var ticks = Math.Min(first.Ticks * factor, longest.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// An engine context that writes inside another context's current transaction (a package's own, on the same
    /// database): the rows it saves commit or roll back with that transaction. A <see cref="CmsDbContext"/> is used
    /// as it is; anything else gets a context on its connection, which the caller disposes (<c>Owned</c>).
    /// </summary>
    internal static async Task<(CmsDbContext Context, bool Owned)> EnlistAsync(DbContext transactionOwner, CancellationToken ct)
    {
        if (transactionOwner is CmsDbContext cms)
        {
            return (cms, false);
        }

        var connection = transactionOwner.Database.GetDbConnection();
        CmsDbContext shared = transactionOwner.Database.IsNpgsql()
            ? new PostgreSqlCmsDbContext(new DbContextOptionsBuilder<PostgreSqlCmsDbContext>().UseNpgsql(connection).Options)
            : new SqliteCmsDbContext(new DbContextOptionsBuilder<SqliteCmsDbContext>().UseSqlite(connection).Options);
        if (transactionOwner.Database.CurrentTransaction is { } transaction)
        {
            await shared.Database.UseTransactionAsync(transaction.GetDbTransaction(), ct);
        }

        return (shared, true);
    }
}

/// <summary>Wakes an outbox's sending service before its next poll: after a committed enqueue or a "retry now".</summary>
public class OutboxSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake-pending: one wake-up is enough.
        }
    }

    /// <summary>Waits for a wake-up or the interval, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan interval, TimeProvider clock, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var wake = _wake.WaitAsync(stop.Token);
        var delay = Task.Delay(interval, clock, stop.Token);
        await Task.WhenAny(wake, delay);

        // Cancelling the loser: a cancelled semaphore wait takes no count, so no wake-up is lost.
        await stop.CancelAsync();
    }
}

/// <summary>
/// Runs an outbox's sending passes for the life of the site: one pass after another while a pass says more is due,
/// otherwise a wait for the poll interval or a wake-up. A failed pass is logged and tried again at the next interval:
/// the rows are safe in the database.
/// </summary>
internal abstract class OutboxSendingService(OutboxSignal signal, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>Names the outbox in the log ("email", "webhook").</summary>
    protected abstract string Name { get; }

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Sends what is due; true when it stopped at its limit with more due.</summary>
    protected abstract Task<bool> PassAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var moreDue = false;
            try
            {
                moreDue = await PassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The {Outbox} sending pass failed; it runs again at the next interval.", Name);
            }

            if (!moreDue)
            {
                try
                {
                    await signal.WaitAsync(PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
