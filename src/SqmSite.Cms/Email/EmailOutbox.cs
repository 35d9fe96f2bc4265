using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Email;

/// <summary>A row of the outbox list (no bodies).</summary>
public sealed record EmailOutboxRow(int Id, IReadOnlyList<string> To, string Subject, string? TemplateAlias, EmailStatus Status, int Attempts,
    DateTime CreatedUtc, DateTime NextAttemptUtc, DateTime? SentUtc, string? LastError);

/// <summary>What the outbox shows of an attachment: never its bytes.</summary>
public sealed record EmailOutboxAttachment(string FileName, string ContentType, int Length)
{
    /// <summary>"412 bytes", "37 KB", "1.5 MB".</summary>
    public string Size => Length < 1024 ? $"{Length} bytes" : Media.MediaService.FormatBytes(Length);
}

/// <summary>One page of the outbox, newest first.</summary>
public sealed record EmailOutboxPage(IReadOnlyList<EmailOutboxRow> Rows, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public enum EmailRetryStatus
{
    Requeued,
    NotFound,

    /// <summary>Sent already, or being sent right now.</summary>
    NotRetryable,
}

/// <summary>What staff see of the outbox, and "retry now".</summary>
public sealed class EmailOutbox(CmsDbContext db, IOptions<EmailOptions> options, EmailSenderSignal signal, TimeProvider clock, ILogger<EmailOutbox> logger)
{
    public const int PageSize = 25;

    /// <summary>How mail leaves, and what stops it, for the page's banner.</summary>
    public (EmailMode Mode, string Where, string? Problem) Delivery
    {
        get
        {
            var settings = options.Value;
            var where = settings.EffectiveMode == EmailMode.PickupFolder ? settings.PickupFolder : $"{settings.Smtp.Host}:{settings.Smtp.Port}";
            return (settings.EffectiveMode, where, settings.ConfigurationProblem());
        }
    }

    public async Task<EmailOutboxPage> ListAsync(EmailStatus? status, int page, CancellationToken ct = default)
    {
        var query = db.EmailMessages.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(m => m.Status == s);
        }

        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await query.OrderByDescending(m => m.CreatedUtc).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(m => new { m.Id, m.To, m.Subject, m.TemplateAlias, m.Status, m.Attempts, m.CreatedUtc, m.NextAttemptUtc, m.SentUtc, m.LastError })
            .ToListAsync(ct);
        return new EmailOutboxPage(
            [.. rows.Select(r => new EmailOutboxRow(r.Id, r.To, r.Subject, r.TemplateAlias, r.Status, r.Attempts, r.CreatedUtc, r.NextAttemptUtc, r.SentUtc, r.LastError))],
            page, PageSize, total);
    }

    public async Task<IReadOnlyDictionary<EmailStatus, int>> CountsAsync(CancellationToken ct = default)
    {
        var counts = await db.EmailMessages.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<EmailStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    public Task<EmailMessage?> GetAsync(int id, CancellationToken ct = default) =>
        db.EmailMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>The names, types and sizes of a message's attachments, in order; the content is not read.</summary>
    public async Task<IReadOnlyList<EmailOutboxAttachment>> AttachmentsAsync(int id, CancellationToken ct = default) =>
        await db.Set<EmailMessageAttachment>().AsNoTracking().Where(a => a.EmailMessageId == id).OrderBy(a => a.Position)
            .Select(a => new EmailOutboxAttachment(a.FileName, a.ContentType, a.Length)).ToListAsync(ct);

    /// <summary>
    /// Queues a failed (or waiting) message for an attempt now, with a fresh set of attempts. A message being sent or
    /// already sent is left alone: the condition is in the UPDATE, so a sender that claims it meanwhile wins.
    /// </summary>
    public async Task<EmailRetryStatus> RetryNowAsync(int id, string? requestedBy, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.EmailMessages
            .Where(m => m.Id == id && (m.Status == EmailStatus.Failed || m.Status == EmailStatus.Queued))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, EmailStatus.Queued)
                .SetProperty(m => m.NextAttemptUtc, now)
                .SetProperty(m => m.Attempts, 0), ct);
        if (updated == 0)
        {
            return await db.EmailMessages.AnyAsync(m => m.Id == id, ct) ? EmailRetryStatus.NotRetryable : EmailRetryStatus.NotFound;
        }

        logger.LogInformation("Email {MessageId} queued for an attempt now by {User}", id, requestedBy);
        signal.Wake();
        return EmailRetryStatus.Requeued;
    }
}
