using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Email;

/// <summary>Where a message is on its way out.</summary>
public enum EmailStatus
{
    /// <summary>Waiting for its next attempt (the first one, or a retry after a failure).</summary>
    Queued,

    /// <summary>Claimed by a sender that is delivering it right now.</summary>
    Sending,

    /// <summary>Accepted by the SMTP server (or written to the pickup folder).</summary>
    Sent,

    /// <summary>Given up on: refused for good, or out of attempts. Staff can retry it from the outbox.</summary>
    Failed,
}

/// <summary>
/// One email in the outbox: rendered when it was queued, so what is sent is what the template said at that moment.
/// Its status changes only through conditional updates in <see cref="EmailSender"/> and <see cref="EmailOutbox"/>,
/// never by loading and saving the row, because two senders may be looking at it at once.
/// </summary>
public sealed class EmailMessage
{
    private readonly List<EmailMessageAttachment> _attachments = [];

    private EmailMessage()
    {
    }

    internal EmailMessage(string messageId, IReadOnlyList<string> to, string subject, string htmlBody, string textBody,
        string? templateAlias, string? idempotencyKey, bool confidential, DateTime utcNow, IReadOnlyList<EmailAttachment>? attachments = null)
    {
        MessageId = messageId;
        To = to;
        Subject = subject;
        HtmlBody = htmlBody;
        TextBody = textBody;
        TemplateAlias = templateAlias;
        IdempotencyKey = idempotencyKey;
        Confidential = confidential;
        Status = EmailStatus.Queued;
        CreatedUtc = utcNow;
        NextAttemptUtc = utcNow;
        foreach (var attachment in attachments ?? [])
        {
            _attachments.Add(new EmailMessageAttachment(_attachments.Count, attachment.FileName.Trim(), attachment.ContentType.Trim(), [.. attachment.Content]));
        }
    }

    public int Id { get; private set; }

    /// <summary>The Message-ID header (without angle brackets), fixed at enqueue: a repeated delivery carries the same one.</summary>
    public string MessageId { get; private set; } = "";

    /// <summary>The caller's key for "this email about this thing"; a second enqueue with it is recognised, not sent again.</summary>
    public string? IdempotencyKey { get; private set; }

    /// <summary>The template it was made from; null for a raw message.</summary>
    public string? TemplateAlias { get; private set; }

    public IReadOnlyList<string> To { get; private set; } = [];

    public string Subject { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    /// <summary>
    /// The files sent with it, in order (table <c>cmsEmailAttachment</c>). Loaded only where asked for: the sender
    /// includes them, the outbox reads their names and sizes without the bytes.
    /// </summary>
    public IReadOnlyList<EmailMessageAttachment> Attachments => _attachments;

    /// <summary>Carries a personal link (confirm, reset, invitation): the outbox hides the body and it is wiped once sent, attachments' content too.</summary>
    public bool Confidential { get; private set; }

    public EmailStatus Status { get; private set; }

    /// <summary>Attempts started so far (counted when a sender claims the message, so a crash mid-send counts too).</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// When Queued: the earliest time of the next attempt. When Sending: when the sender's claim lapses; a message still
    /// Sending after that belonged to a sender that stopped, and another sender may take it over.
    /// </summary>
    public DateTime NextAttemptUtc { get; private set; }

    public DateTime? LastAttemptUtc { get; private set; }

    public string? LastError { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? SentUtc { get; private set; }

    /// <summary>The claim of the sender working on it; only that sender may record the outcome.</summary>
    public Guid? ClaimToken { get; private set; }
}

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public const int MaxIdempotencyKeyLength = 200;
    public const int MaxSubjectLength = 500;
    public const int MaxErrorLength = 2000;

    public void Configure(EntityTypeBuilder<EmailMessage> b)
    {
        b.ToTable("cmsEmailMessage");
        b.Property(x => x.MessageId).HasMaxLength(200);
        b.Property(x => x.IdempotencyKey).HasMaxLength(MaxIdempotencyKeyLength);
        b.Property(x => x.TemplateAlias).HasMaxLength(200);
        b.Property(x => x.Subject).HasMaxLength(MaxSubjectLength);
        b.Property(x => x.LastError).HasMaxLength(MaxErrorLength);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.To).HasJsonConversion();

        // Deleting a message (purge of old sent ones, a privacy erasure) takes its attachments with it, in the database.
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.EmailMessageId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);

        // Both databases allow many NULLs in a unique index, so only messages that carry a key are constrained.
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        b.HasIndex(x => x.MessageId).IsUnique();
        b.HasIndex(x => new { x.Status, x.NextAttemptUtc });
        b.HasIndex(x => x.CreatedUtc);
    }
}
