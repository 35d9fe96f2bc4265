using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Webhooks;

/// <summary>
/// A receiver that administrators registered: where to post, which events, and the secret deliveries are signed with.
/// The secret is kept protected (ASP.NET Data Protection), never in clear: the sender unprotects it to sign.
/// </summary>
public sealed class Webhook
{
    public const int NameMaxLength = 200;
    public const int UrlMaxLength = 2000;
    public const int ReasonMaxLength = 500;

    private Webhook()
    {
    }

    internal Webhook(string name, Uri url, IReadOnlyList<string> events, string protectedSecret, bool enabled, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        Edit(name, url, events, utcNow);
        ProtectedSecret = protectedSecret;
        Enabled = enabled;
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public string Name { get; private set; } = "";

    public string Url { get; private set; } = "";

    /// <summary>The aliases of the events it receives ("content.published", ...).</summary>
    public IReadOnlyList<string> Events { get; private set; } = [];

    /// <summary>The signing secret as Data Protection protected it.</summary>
    public string ProtectedSecret { get; private set; } = "";

    public bool Enabled { get; private set; }

    /// <summary>Failed attempts in a row, over all its deliveries; a success resets it.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>Why it was disabled (by the site after failures, or by an administrator); null while enabled.</summary>
    public string? DisabledReason { get; private set; }

    public DateTime? DisabledUtc { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public bool Receives(string alias) => Enabled && Events.Contains(alias, StringComparer.Ordinal);

    internal void Edit(string name, Uri url, IReadOnlyList<string> events, DateTime utcNow)
    {
        Name = name;
        Url = url.AbsoluteUri;
        Events = events;
        UpdatedUtc = utcNow;
    }

    internal void ReplaceSecret(string protectedSecret, DateTime utcNow)
    {
        ProtectedSecret = protectedSecret;
        UpdatedUtc = utcNow;
    }

    /// <summary>Enabling starts the failure count afresh; disabling keeps the reason the list shows.</summary>
    internal void SetEnabled(bool enabled, string? reason, DateTime utcNow)
    {
        if (enabled == Enabled)
        {
            return;
        }

        Enabled = enabled;
        ConsecutiveFailures = 0;
        DisabledReason = enabled ? null : reason;
        DisabledUtc = enabled ? null : utcNow;
        UpdatedUtc = utcNow;
    }
}

/// <summary>Where a delivery is. A lapsed claim needs no status of its own: the row stays due and another sender takes it.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first attempt.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>The last attempt failed; another follows at <see cref="WebhookDelivery.NextAttemptUtc"/>.</summary>
    Failed,

    /// <summary>Given up on: out of attempts. "Send again" makes a new delivery of it.</summary>
    Abandoned,
}

/// <summary>
/// One event on its way to one webhook, with the exact body that is signed and posted. Its status changes only through
/// conditional updates (the claim's token), never by loading and saving, because two senders may look at it at once.
/// </summary>
public sealed class WebhookDelivery
{
    public const int EventMaxLength = 100;
    public const int ErrorMaxLength = 2000;

    private WebhookDelivery()
    {
    }

    internal WebhookDelivery(int webhookId, Guid eventKey, string eventAlias, string payload, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        WebhookId = webhookId;
        EventKey = eventKey;
        Event = eventAlias;
        Payload = payload;
        Status = WebhookDeliveryStatus.Pending;
        CreatedUtc = utcNow;
        NextAttemptUtc = utcNow;
    }

    public long Id { get; private set; }

    /// <summary>Sent as the <c>Webhook-Id</c> header: the same on every attempt, so a receiver can ignore a repeat.</summary>
    public Guid Key { get; private set; }

    public int WebhookId { get; private set; }

    /// <summary>The event's own id (the body's <c>id</c>): the same for every webhook told of it, and for a "send again".</summary>
    public Guid EventKey { get; private set; }

    public string Event { get; private set; } = "";

    /// <summary>The JSON body, as posted and signed.</summary>
    public string Payload { get; private set; } = "";

    public WebhookDeliveryStatus Status { get; private set; }

    /// <summary>Attempts started (counted at the claim, so a crash mid-post counts too).</summary>
    public int Attempts { get; private set; }

    /// <summary>When due: the earliest next attempt. While claimed: when the claim lapses.</summary>
    public DateTime NextAttemptUtc { get; private set; }

    public DateTime? LastAttemptUtc { get; private set; }

    /// <summary>The HTTP status of the last answer; null when there was none (no connection, timeout, refused address).</summary>
    public int? LastResponseCode { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>How long the last attempt took, from connecting to the answer's status line.</summary>
    public int? LastDurationMs { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? DeliveredUtc { get; private set; }

    /// <summary>The delivery this one sends again, when an administrator pressed "Send again".</summary>
    public long? ResentFromId { get; private set; }

    public Guid? ClaimToken { get; private set; }

    internal WebhookDelivery Again(DateTime utcNow) => new(WebhookId, EventKey, Event, Payload, utcNow) { ResentFromId = Id };
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("cmsWebhook");
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Webhook.NameMaxLength);
        b.Property(x => x.Url).HasMaxLength(Webhook.UrlMaxLength);
        b.Property(x => x.Events).HasJsonConversion().HasMaxLength(2000);
        b.Property(x => x.ProtectedSecret).HasMaxLength(1000);
        b.Property(x => x.DisabledReason).HasMaxLength(Webhook.ReasonMaxLength);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("cmsWebhookDelivery");
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Event).HasMaxLength(WebhookDelivery.EventMaxLength);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);

        // Deleting a webhook takes its log with it.
        b.HasOne<Webhook>().WithMany().HasForeignKey(x => x.WebhookId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.Status, x.NextAttemptUtc });
        b.HasIndex(x => new { x.WebhookId, x.CreatedUtc });
    }
}
