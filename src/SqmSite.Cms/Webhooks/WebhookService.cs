using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Webhooks;

public enum WebhookOperationStatus
{
    Success,
    NotFound,
    ValidationFailed,
}

/// <summary>What an administrator enters for a webhook.</summary>
public sealed record WebhookEdit(string? Name, string? Url, IReadOnlyList<string>? Events, bool Enabled = true);

/// <summary>A webhook as the list shows it, with its newest delivery.</summary>
public sealed record WebhookRow(Webhook Webhook, WebhookDelivery? LastDelivery);

/// <summary>A new webhook, or one with a new secret: the only time the secret is shown.</summary>
public sealed record WebhookWithSecret(Webhook Webhook, string Secret);

/// <summary>One page of a webhook's delivery log, newest first.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Rows, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The webhooks administrators manage: register, edit, a new secret, enable again, delete; the delivery log with
/// "send again" and a test event. Every input is checked here and refused with a message by field.
/// </summary>
public sealed class WebhookService(
    CmsDbContext db,
    IEnumerable<WebhookEventType> eventTypes,
    WebhookSecrets secrets,
    WebhookSenderSignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookService> logger)
{
    public const int PageSize = 25;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>The events a webhook may receive, in registration order (the engine's first, then the packages').</summary>
    public IReadOnlyList<WebhookEventType> EventTypes { get; } = [.. eventTypes.DistinctBy(t => t.Alias)];

    public async Task<IReadOnlyList<WebhookRow>> ListAsync(CancellationToken ct = default)
    {
        var hooks = await db.Set<Webhook>().AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct);
        var ids = hooks.Select(h => h.Id).ToList();
        var lastIds = await db.Set<WebhookDelivery>().Where(d => ids.Contains(d.WebhookId))
            .GroupBy(d => d.WebhookId).Select(g => g.Max(d => d.Id)).ToListAsync(ct);
        var last = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => lastIds.Contains(d.Id)).ToDictionaryAsync(d => d.WebhookId, ct);
        return [.. hooks.Select(h => new WebhookRow(h, last.GetValueOrDefault(h.Id)))];
    }

    public Task<Webhook?> GetAsync(Guid key, CancellationToken ct = default) =>
        db.Set<Webhook>().AsNoTracking().FirstOrDefaultAsync(w => w.Key == key, ct);

    public async Task<Attempt<WebhookWithSecret, WebhookOperationStatus>> CreateAsync(WebhookEdit edit, string? user, CancellationToken ct = default)
    {
        if (Check(edit) is { } invalid)
        {
            return invalid.As<WebhookWithSecret>();
        }

        var secret = WebhookSignature.NewSecret();
        var webhook = new Webhook(edit.Name!.Trim(), CheckedUrl(edit), CleanEvents(edit), secrets.Protect(secret), edit.Enabled, UtcNow);
        db.Add(webhook);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Webhook {Webhook} to {Url} registered by {User}", webhook.Name, webhook.Url, user);
        return Attempt<WebhookWithSecret, WebhookOperationStatus>.Ok(new WebhookWithSecret(webhook, secret));
    }

    /// <summary>Saves the name, address, events and the enabled switch; enabling a disabled webhook starts its failure count afresh.</summary>
    public async Task<Attempt<Webhook, WebhookOperationStatus>> UpdateAsync(Guid key, WebhookEdit edit, string? user, CancellationToken ct = default)
    {
        if (await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Key == key, ct) is not { } webhook)
        {
            return NotFound<Webhook>();
        }

        if (Check(edit) is { } invalid)
        {
            return invalid;
        }

        webhook.Edit(edit.Name!.Trim(), CheckedUrl(edit), CleanEvents(edit), UtcNow);
        webhook.SetEnabled(edit.Enabled, $"Disabled by {user ?? "an administrator"}.", UtcNow);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Webhook {Webhook} saved by {User}", webhook.Name, user);
        if (webhook.Enabled)
        {
            // Deliveries that waited while it was disabled can go now.
            signal.Wake();
        }

        return Attempt<Webhook, WebhookOperationStatus>.Ok(webhook);
    }

    /// <summary>Enables a webhook again (after the site disabled it), with a fresh failure count.</summary>
    public async Task<Attempt<Webhook, WebhookOperationStatus>> EnableAsync(Guid key, string? user, CancellationToken ct = default)
    {
        if (await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Key == key, ct) is not { } webhook)
        {
            return NotFound<Webhook>();
        }

        webhook.SetEnabled(true, null, UtcNow);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Webhook {Webhook} enabled by {User}", webhook.Name, user);
        signal.Wake();
        return Attempt<Webhook, WebhookOperationStatus>.Ok(webhook);
    }

    /// <summary>Replaces the secret; deliveries from now on are signed with the new one.</summary>
    public async Task<Attempt<WebhookWithSecret, WebhookOperationStatus>> NewSecretAsync(Guid key, string? user, CancellationToken ct = default)
    {
        if (await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Key == key, ct) is not { } webhook)
        {
            return NotFound<WebhookWithSecret>();
        }

        var secret = WebhookSignature.NewSecret();
        webhook.ReplaceSecret(secrets.Protect(secret), UtcNow);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Webhook {Webhook} got a new secret from {User}", webhook.Name, user);
        return Attempt<WebhookWithSecret, WebhookOperationStatus>.Ok(new WebhookWithSecret(webhook, secret));
    }

    /// <summary>Deletes a webhook and its delivery log.</summary>
    public async Task<Attempt<Webhook, WebhookOperationStatus>> DeleteAsync(Guid key, string? user, CancellationToken ct = default)
    {
        if (await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Key == key, ct) is not { } webhook)
        {
            return NotFound<Webhook>();
        }

        db.Remove(webhook);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Webhook {Webhook} deleted by {User}", webhook.Name, user);
        return Attempt<Webhook, WebhookOperationStatus>.Ok(webhook);
    }

    public async Task<WebhookDeliveryPage> DeliveriesAsync(int webhookId, int page, CancellationToken ct = default)
    {
        var query = db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.WebhookId == webhookId);
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await query.OrderByDescending(d => d.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new WebhookDeliveryPage(rows, page, PageSize, total);
    }

    /// <summary>
    /// Sends a delivery again as a new delivery (same event and body, new <c>Webhook-Id</c>, a fresh set of attempts),
    /// so that the log keeps what happened to the first. Works for a disabled webhook too: it goes once it is enabled.
    /// </summary>
    public async Task<Attempt<WebhookDelivery, WebhookOperationStatus>> SendAgainAsync(Guid webhookKey, long deliveryId, string? user, CancellationToken ct = default)
    {
        var delivery = await (from d in db.Set<WebhookDelivery>().AsNoTracking()
                              join w in db.Set<Webhook>() on d.WebhookId equals w.Id
                              where d.Id == deliveryId && w.Key == webhookKey
                              select d).FirstOrDefaultAsync(ct);
        if (delivery is null)
        {
            return Attempt<WebhookDelivery, WebhookOperationStatus>.Fail(WebhookOperationStatus.NotFound, "This delivery is no longer in the log.");
        }

        var again = delivery.Again(UtcNow);
        db.Add(again);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Webhook delivery {DeliveryId} sent again as {NewId} by {User}", delivery.Id, again.Id, user);
        signal.Wake();
        return Attempt<WebhookDelivery, WebhookOperationStatus>.Ok(again);
    }

    /// <summary>Queues a <c>webhook.test</c> event for this webhook alone (whatever its events), to try the receiver.</summary>
    public async Task<Attempt<WebhookDelivery, WebhookOperationStatus>> SendTestAsync(Guid key, string? user, CancellationToken ct = default)
    {
        if (await GetAsync(key, ct) is not { } webhook)
        {
            return NotFound<WebhookDelivery>();
        }

        var now = UtcNow;
        var eventKey = Guid.NewGuid();
        var data = new JsonObject { ["webhook"] = webhook.Name, ["message"] = "A test event sent from the backoffice." };
        var delivery = new WebhookDelivery(webhook.Id, eventKey, WebhookEventAliases.Test,
            WebhookEvents.Body(eventKey, WebhookEventAliases.Test, now, data), now);
        db.Add(delivery);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Test event for webhook {Webhook} queued by {User}", webhook.Name, user);
        signal.Wake();
        return Attempt<WebhookDelivery, WebhookOperationStatus>.Ok(delivery);
    }

    private Attempt<Webhook, WebhookOperationStatus>? Check(WebhookEdit edit)
    {
        var errors = new Dictionary<string, string>();
        var name = edit.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["Name"] = "Enter a name, such as \"Main website\".";
        }
        else if (name.Length > Webhook.NameMaxLength)
        {
            errors["Name"] = $"The name is longer than {Webhook.NameMaxLength} characters.";
        }

        if (WebhookAddresses.Check(edit.Url, options.Value.PrivateAddressesAllowed).Problem is { } problem)
        {
            errors["Url"] = problem;
        }

        var chosen = edit.Events ?? [];
        if (chosen.Count == 0)
        {
            errors["Events"] = "Choose at least one event.";
        }
        else if (chosen.FirstOrDefault(e => EventTypes.All(t => t.Alias != e)) is { } unknown)
        {
            errors["Events"] = $"\"{(unknown.Length > 100 ? unknown[..100] + "…" : unknown)}\" is not an event webhooks can receive.";
        }

        return errors.Count == 0 ? null
            : Attempt<Webhook, WebhookOperationStatus>.Fail(WebhookOperationStatus.ValidationFailed, "The webhook was not saved: please correct the fields shown.", errors);
    }

    private Uri CheckedUrl(WebhookEdit edit) => WebhookAddresses.Check(edit.Url, options.Value.PrivateAddressesAllowed).Url!;

    /// <summary>In the order the page lists them, each once.</summary>
    private List<string> CleanEvents(WebhookEdit edit) => [.. EventTypes.Select(t => t.Alias).Where(a => edit.Events!.Contains(a))];

    private static Attempt<T, WebhookOperationStatus> NotFound<T>() =>
        Attempt<T, WebhookOperationStatus>.Fail(WebhookOperationStatus.NotFound, "This webhook no longer exists.");
}
