using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Webhooks;

/// <summary>An event webhooks can subscribe to; the engine registers its own, packages add theirs with <c>AddWebhookEvent</c>.</summary>
/// <param name="Alias">Lower-case and dotted, as receivers see it in the body's <c>event</c> ("content.published").</param>
/// <param name="Name">The checkbox label on the webhook page.</param>
/// <param name="Description">What the body's <c>data</c> carries, for the administrator choosing it.</param>
public sealed record WebhookEventType(string Alias, string Name, string Description);

/// <summary>The engine's own events.</summary>
public static class WebhookEventAliases
{
    public const string ContentPublished = "content.published";
    public const string ContentUnpublished = "content.unpublished";
    public const string ContentDeleted = "content.deleted";
    public const string MediaChanged = "media.changed";

    /// <summary>The event every webhook page can send by hand to try a receiver; never raised by a change.</summary>
    public const string Test = "webhook.test";
}

/// <summary>
/// Raises an event for webhooks: a delivery row for each enabled webhook that receives it. Give only what is public:
/// ids, types, names, routes, times; never personal or confidential data, since it leaves the site.
/// </summary>
public interface IWebhookEvents
{
    /// <summary>
    /// Writes the deliveries through the request's engine context, saving it; inside a transaction open on it they
    /// commit with it. With <paramref name="transactionOwner"/> (a package's own context on the same database) they are
    /// written in that context's current transaction instead. Returns how many webhooks will be told.
    /// </summary>
    Task<int> RaiseAsync(string alias, JsonObject data, DbContext? transactionOwner = null, CancellationToken cancellationToken = default);
}

public static class WebhookEventServiceCollectionExtensions
{
    /// <summary>Lists an event on the webhook page, so administrators can subscribe to it.</summary>
    public static IServiceCollection AddWebhookEvent(this IServiceCollection services, WebhookEventType type) => services.AddSingleton(type);
}

internal sealed class WebhookEvents(CmsDbContext db, IEnumerable<WebhookEventType> types, WebhookSenderSignal signal, TimeProvider clock,
    ILogger<WebhookEvents> logger) : IWebhookEvents
{
    public async Task<int> RaiseAsync(string alias, JsonObject data, DbContext? transactionOwner = null, CancellationToken cancellationToken = default)
    {
        if (alias != WebhookEventAliases.Test && !types.Any(t => t.Alias == alias))
        {
            throw new ArgumentException($"No webhook event \"{alias}\" is registered (AddWebhookEvent).", nameof(alias));
        }

        var (target, owned) = transactionOwner is null ? (db, false) : await Outbox.EnlistAsync(transactionOwner, cancellationToken);
        try
        {
            var receivers = await ReceiversAsync(target, cancellationToken);
            if (Queue(target, receivers, alias, data) is not { } eventKey)
            {
                return 0;
            }

            await target.SaveChangesAsync(cancellationToken);
            var count = receivers.Count(w => w.Receives(alias));
            logger.LogInformation("Webhook event {Event} {EventKey} queued for {Count} webhook(s)", alias, eventKey, count);
            if (target.Database.CurrentTransaction is null)
            {
                signal.Wake();
            }

            return count;
        }
        finally
        {
            if (owned)
            {
                await target.DisposeAsync();
            }
        }
    }

    /// <summary>The enabled webhooks. Few exist, and their events are a JSON list: filtered by event in memory, not in SQL.</summary>
    internal static async Task<IReadOnlyList<Webhook>> ReceiversAsync(CmsDbContext db, CancellationToken ct) =>
        await db.Set<Webhook>().AsNoTracking().Where(w => w.Enabled).ToListAsync(ct);

    /// <summary>Adds a delivery of one event for each of <paramref name="webhooks"/> that receives it, unsaved; the event's key, or null when none does.</summary>
    internal Guid? Queue(CmsDbContext db, IReadOnlyList<Webhook> webhooks, string alias, JsonObject data)
    {
        var receivers = webhooks.Where(w => w.Receives(alias)).ToList();
        if (receivers.Count == 0)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var eventKey = Guid.NewGuid();
        var body = Body(eventKey, alias, now, data);
        db.Set<WebhookDelivery>().AddRange(receivers.Select(w => new WebhookDelivery(w.Id, eventKey, alias, body, now)));
        return eventKey;
    }

    /// <summary>The body every receiver gets: the event's id, alias and time around the event's own data.</summary>
    internal static string Body(Guid eventKey, string alias, DateTime utcNow, JsonObject data) =>
        new JsonObject
        {
            ["id"] = eventKey,
            ["event"] = alias,
            ["createdUtc"] = utcNow,
            ["data"] = data.DeepClone(),
        }.ToJsonString(JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>Wakes the webhook sender before its next poll.</summary>
public sealed class WebhookSenderSignal : OutboxSignal;
