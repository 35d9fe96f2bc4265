using System.Diagnostics;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Webhooks;

/// <summary>What one sending pass did.</summary>
public sealed record WebhookSendPass(int Delivered, int Failed, int Abandoned, bool MoreDue)
{
    public static readonly WebhookSendPass Nothing = new(0, 0, 0, false);
}

/// <summary>Keeps webhook secrets protected at rest; only the sender and "new secret" see them in clear.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("SqmSite.Webhooks.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>Null when the keys that protected it are gone (a new machine without the key ring): a new secret is needed.</summary>
    public string? Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// Posts due deliveries. As in the email outbox, each delivery is claimed with a conditional UPDATE (its token, and a
/// due time moved to when the claim lapses) so that two senders never both post it, and only the claim's owner records
/// the outcome. A failure schedules the next attempt after a doubling pause, up to <see cref="WebhookOptions.MaxAttempts"/>;
/// <see cref="WebhookOptions.DisableAfterFailures"/> failures in a row disable the webhook and email the administrators,
/// in one transaction with the failure that tipped it. Deliveries of a disabled webhook wait until it is enabled again.
/// </summary>
public sealed class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    IOptions<WebhookOptions> options,
    IOptions<CmsOptions> cmsOptions,
    TimeProvider clock,
    ILogger<WebhookSender> logger)
{
    /// <summary>The named <see cref="HttpClient"/> whose handler follows no redirects and checks every address it connects to.</summary>
    internal const string ClientName = "SqmSite.Webhooks";

    internal const string DisabledTemplate = "webhook-disabled";

    private const int CandidatesPerClaim = 5;

    private DateTime _lastPurgeUtc = DateTime.MinValue;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    private TimeSpan ClaimDuration => options.Value.Timeout + TimeSpan.FromMinutes(1);

    /// <summary>Posts every due delivery, up to <see cref="WebhookOptions.MaxPerPass"/>; a webhook that fails once is left for the next pass.</summary>
    public async Task<WebhookSendPass> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CmsDbContext>();
        await AbandonExhaustedAsync(db, settings, cancellationToken);
        await PurgeOldAsync(db, settings, cancellationToken);

        var client = http.CreateClient(ClientName);
        var troubled = new HashSet<int>();
        int delivered = 0, failed = 0, abandoned = 0;
        while (delivered + failed + abandoned < settings.MaxPerPass)
        {
            if (await ClaimNextAsync(db, settings, troubled, cancellationToken) is not { } claim)
            {
                return new WebhookSendPass(delivered, failed, abandoned, false);
            }

            var (delivery, webhook, token) = claim;
            var outcome = await PostAsync(client, services.GetRequiredService<WebhookSecrets>(), delivery, webhook, settings, db, token, cancellationToken);
            if (outcome.Succeeded)
            {
                await RecordDeliveredAsync(db, delivery, webhook, token, outcome);
                delivered++;
                continue;
            }

            troubled.Add(webhook.Id);
            if (await RecordFailureAsync(services, db, delivery, webhook, token, outcome, settings))
            {
                abandoned++;
            }
            else
            {
                failed++;
            }
        }

        return new WebhookSendPass(delivered, failed, abandoned, true);
    }

    /// <summary>How an attempt ended: the answer's status (if any), a sentence when it failed, and how long it took.</summary>
    private sealed record Outcome(int? StatusCode, string? Error, int DurationMs)
    {
        public bool Succeeded => Error is null;
    }

    private async Task<Outcome> PostAsync(HttpClient client, WebhookSecrets secrets, WebhookDelivery delivery, Webhook webhook, WebhookOptions settings,
        CmsDbContext db, Guid token, CancellationToken ct)
    {
        if (secrets.Unprotect(webhook.ProtectedSecret) is not { } secret)
        {
            return new Outcome(null, "The secret cannot be read on this server (its Data Protection keys are missing); make a new secret on the webhook's page.", 0);
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.Key.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Payload));
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        request.Headers.UserAgent.ParseAdd("SqmSite-Webhooks/1");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            // Headers only: the receiver's body is not wanted, and a large one must not hold the sender.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var ms = (int)watch.ElapsedMilliseconds;
            return response.IsSuccessStatusCode
                ? new Outcome(code, null, ms)
                : new Outcome(code, $"The receiver answered {code} {response.ReasonPhrase}".TrimEnd() + (code is >= 300 and < 400 ? " (redirects are not followed)." : "."), ms);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: hand the delivery back at once rather than leaving it claimed until the claim lapses.
            await ReleaseAsync(db, delivery.Id, token);
            throw;
        }
        catch (OperationCanceledException)
        {
            return new Outcome(null, $"No answer within {settings.Timeout.TotalSeconds:0.#} seconds.", (int)watch.ElapsedMilliseconds);
        }
        catch (HttpRequestException ex)
        {
            var refused = FindInner<WebhookAddressRefusedException>(ex);
            return new Outcome(null, refused?.Message ?? "Could not connect: " + (ex.InnerException?.Message ?? ex.Message), (int)watch.ElapsedMilliseconds);
        }
    }

    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Takes one due delivery of an enabled webhook that has not failed in this pass. The UPDATE repeats the conditions,
    /// so of two senders that picked the same candidate only one changes the row.
    /// </summary>
    private async Task<(WebhookDelivery Delivery, Webhook Webhook, Guid Token)?> ClaimNextAsync(CmsDbContext db, WebhookOptions settings,
        HashSet<int> troubled, CancellationToken ct)
    {
        var now = UtcNow;
        var max = settings.MaxAttempts;
        var skip = troubled.ToList();
        var candidates = await (from d in db.Set<WebhookDelivery>().AsNoTracking()
                                join w in db.Set<Webhook>().AsNoTracking() on d.WebhookId equals w.Id
                                where w.Enabled && !skip.Contains(w.Id)
                                      && (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed)
                                      && d.NextAttemptUtc <= now && d.Attempts < max
                                orderby d.NextAttemptUtc, d.Id
                                select d.Id).Take(CandidatesPerClaim).ToListAsync(ct);
        foreach (var id in candidates)
        {
            var token = Guid.NewGuid();
            var lapses = now + ClaimDuration;
            var taken = await db.Set<WebhookDelivery>()
                .Where(d => d.Id == id && (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed)
                    && d.NextAttemptUtc <= now && d.Attempts < max)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.ClaimToken, token)
                    .SetProperty(d => d.NextAttemptUtc, lapses)
                    .SetProperty(d => d.LastAttemptUtc, now)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
            if (taken == 1)
            {
                var delivery = await db.Set<WebhookDelivery>().AsNoTracking().FirstAsync(d => d.Id == id, ct);
                var webhook = await db.Set<Webhook>().AsNoTracking().FirstAsync(w => w.Id == delivery.WebhookId, ct);
                return (delivery, webhook, token);
            }
        }

        return null;
    }

    private async Task RecordDeliveredAsync(CmsDbContext db, WebhookDelivery delivery, Webhook webhook, Guid token, Outcome outcome)
    {
        var now = UtcNow;

        // The receiver has it: recording that is not cancelled by a shutdown.
        var updated = await db.Set<WebhookDelivery>().Where(d => d.Id == delivery.Id && d.ClaimToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered)
                .SetProperty(d => d.DeliveredUtc, now)
                .SetProperty(d => d.NextAttemptUtc, now)
                .SetProperty(d => d.LastResponseCode, outcome.StatusCode)
                .SetProperty(d => d.LastDurationMs, outcome.DurationMs)
                .SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.ClaimToken, (Guid?)null), CancellationToken.None);
        if (updated == 0)
        {
            logger.LogWarning("Webhook delivery {DeliveryId} arrived after its claim lapsed; another sender may post it again.", delivery.Id);
        }

        await db.Set<Webhook>().Where(w => w.Id == webhook.Id && w.ConsecutiveFailures != 0)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.ConsecutiveFailures, 0), CancellationToken.None);
    }

    /// <summary>
    /// Schedules the next attempt or abandons the delivery, counts the failure on its webhook, and disables the webhook
    /// (emailing the administrators) when the count reaches the limit; all in one transaction. True when it gave up.
    /// </summary>
    private async Task<bool> RecordFailureAsync(IServiceProvider services, CmsDbContext db, WebhookDelivery delivery, Webhook webhook, Guid token,
        Outcome outcome, WebhookOptions settings)
    {
        var now = UtcNow;
        var attempts = delivery.Attempts;
        var giveUp = attempts >= settings.MaxAttempts;
        var next = giveUp ? now : now + Outbox.Backoff(settings.RetryDelay, settings.MaxRetryDelay, attempts);
        var error = outcome.Error! + (giveUp ? $" Gave up after {attempts} attempts." : $" Attempt {attempts}; will retry.");
        logger.LogWarning("Webhook delivery {DeliveryId} to {Webhook}, attempt {Attempt}: {Error}", delivery.Id, webhook.Name, attempts, error);

        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var mine = await db.Set<WebhookDelivery>().Where(d => d.Id == delivery.Id && d.ClaimToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, giveUp ? WebhookDeliveryStatus.Abandoned : WebhookDeliveryStatus.Failed)
                .SetProperty(d => d.NextAttemptUtc, next)
                .SetProperty(d => d.LastResponseCode, outcome.StatusCode)
                .SetProperty(d => d.LastDurationMs, outcome.DurationMs)
                .SetProperty(d => d.LastError, error.Length <= WebhookDelivery.ErrorMaxLength ? error : error[..WebhookDelivery.ErrorMaxLength])
                .SetProperty(d => d.ClaimToken, (Guid?)null), CancellationToken.None);
        if (mine == 1)
        {
            await db.Set<Webhook>().Where(w => w.Id == webhook.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.ConsecutiveFailures, w => w.ConsecutiveFailures + 1), CancellationToken.None);
            await DisableIfFailingAsync(services, db, webhook.Id, settings, now);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return giveUp;
    }

    private async Task DisableIfFailingAsync(IServiceProvider services, CmsDbContext db, int webhookId, WebhookOptions settings, DateTime now)
    {
        var limit = settings.DisableAfterFailures;
        var reason = $"Disabled by the site after {limit} failed attempts in a row.";
        var disabled = await db.Set<Webhook>().Where(w => w.Id == webhookId && w.Enabled && w.ConsecutiveFailures >= limit)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Enabled, false)
                .SetProperty(w => w.DisabledReason, reason)
                .SetProperty(w => w.DisabledUtc, now)
                .SetProperty(w => w.UpdatedUtc, now), CancellationToken.None);
        if (disabled == 0)
        {
            return;
        }

        var webhook = await db.Set<Webhook>().AsNoTracking().FirstAsync(w => w.Id == webhookId, CancellationToken.None);
        var lastError = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.WebhookId == webhookId && d.LastError != null)
            .OrderByDescending(d => d.LastAttemptUtc).Select(d => d.LastError).FirstOrDefaultAsync(CancellationToken.None);
        logger.LogError("Webhook {Webhook} ({Url}) was disabled after {Count} failed attempts in a row", webhook.Name, webhook.Url, limit);
        var administrators = await (from u in db.Users
                                    join ur in db.UserRoles on u.Id equals ur.UserId
                                    join r in db.Roles on ur.RoleId equals r.Id
                                    where r.Name == BackofficeRoles.Administrator && u.Email != null
                                    select new { u.Id, u.Email }).ToListAsync(CancellationToken.None);
        var emails = services.GetRequiredService<IEmailQueue>();
        var page = (cmsOptions.Value.PublicBaseUrl?.TrimEnd('/') ?? "") + $"/backoffice/webhooks/{webhook.Key}";
        foreach (var admin in administrators)
        {
            var model = new Dictionary<string, string?>
            {
                ["webhookName"] = webhook.Name,
                ["receiverAddress"] = webhook.Url,
                ["failures"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["lastError"] = lastError ?? "",
                ["webhookUrl"] = page,
            };
            var queued = await emails.EnqueueAsync(EmailRequest.FromTemplate(DisabledTemplate, admin.Email!, model,
                $"webhook-disabled:{webhook.Key:N}:{now.Ticks}:{admin.Id}"), CancellationToken.None);
            if (!queued.Succeeded)
            {
                logger.LogError("The email about disabled webhook {Webhook} to {User} was not queued: {Problem}", webhook.Name, admin.Id, queued.Message);
            }
        }
    }

    private async Task ReleaseAsync(CmsDbContext db, long id, Guid token)
    {
        var now = UtcNow;
        await db.Set<WebhookDelivery>().Where(d => d.Id == id && d.ClaimToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.NextAttemptUtc, now)
                .SetProperty(d => d.Attempts, d => d.Attempts - 1)
                .SetProperty(d => d.ClaimToken, (Guid?)null), CancellationToken.None);
    }

    /// <summary>A sender that stopped during a delivery's last attempt left it due with no attempts left: it is abandoned.</summary>
    private async Task AbandonExhaustedAsync(CmsDbContext db, WebhookOptions settings, CancellationToken ct)
    {
        var now = UtcNow;
        var max = settings.MaxAttempts;
        var exhausted = db.Set<WebhookDelivery>().Where(d => (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed)
            && d.NextAttemptUtc <= now && d.Attempts >= max);

        // Looked for first: an UPDATE takes SQLite's write lock even when it matches nothing, and this runs every poll.
        if (await exhausted.AnyAsync(ct))
        {
            await exhausted.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Abandoned)
                .SetProperty(d => d.ClaimToken, (Guid?)null)
                .SetProperty(d => d.LastError, "The sender stopped during the last attempt; the outcome is unknown."), ct);
        }
    }

    private async Task PurgeOldAsync(CmsDbContext db, WebhookOptions settings, CancellationToken ct)
    {
        var now = UtcNow;
        if (now - _lastPurgeUtc < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastPurgeUtc = now;
        var before = now - settings.KeepLogFor;
        var deleted = await db.Set<WebhookDelivery>()
            .Where(d => (d.Status == WebhookDeliveryStatus.Delivered || d.Status == WebhookDeliveryStatus.Abandoned) && d.CreatedUtc < before)
            .ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} webhook deliveries older than {Days} days", deleted, settings.KeepLogFor.TotalDays);
        }
    }
}

/// <summary>
/// Runs <see cref="WebhookSender"/> in the background for the life of the site; each pass first queues what the change log holds since the last one
/// (<see cref="WebhookChangeFeed"/>), then sends.
/// </summary>
internal sealed class WebhookSendingService(WebhookChangeFeed feed, WebhookSender sender, WebhookSenderSignal signal, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookSendingService> logger) : OutboxSendingService(signal, clock, logger)
{
    protected override string Name => "webhook";

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        var moreChanges = await feed.QueueNextAsync(cancellationToken);
        return (await sender.SendDueAsync(cancellationToken)).MoreDue || moreChanges;
    }
}
