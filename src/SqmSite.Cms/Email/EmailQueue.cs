using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SqmSite.Cms.Data;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Email;

/// <summary>
/// Puts emails in the outbox (a table), from which <see cref="EmailSender"/> delivers them. Queue the email in the
/// same transaction as the change that causes it: then "acknowledged" means both are committed, and a rollback
/// takes the email back with the change. Nothing is sent from inside a request.
/// </summary>
public interface IEmailQueue
{
    /// <summary>
    /// Renders the email and writes it through the request's <see cref="CmsDbContext"/>, saving that context. Inside a
    /// transaction open on that context the message commits or rolls back with it; without one, the save commits the
    /// message together with whatever else the context was holding.
    /// </summary>
    Task<Attempt<QueuedEmail, EmailQueueStatus>> EnqueueAsync(EmailRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the email on the connection and inside the current transaction of another <see cref="DbContext"/> (a
    /// package's own, on the same database), so that it commits or rolls back with that context's transaction.
    /// </summary>
    Task<Attempt<QueuedEmail, EmailQueueStatus>> EnqueueAsync(EmailRequest request, DbContext transactionOwner, CancellationToken cancellationToken = default);
}

internal sealed class EmailQueue(
    CmsDbContext db,
    IPublishedContentCache cache,
    EmailRenderer renderer,
    IOptions<EmailOptions> options,
    IOptions<CmsOptions> cmsOptions,
    EmailSenderSignal signal,
    TimeProvider clock,
    ILogger<EmailQueue> logger) : IEmailQueue
{
    /// <summary>The document type of an editable email template.</summary>
    public const string TemplateType = "emailTemplate";

    private const int MaxRecipients = 50;

    public Task<Attempt<QueuedEmail, EmailQueueStatus>> EnqueueAsync(EmailRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request, db, cancellationToken);

    public async Task<Attempt<QueuedEmail, EmailQueueStatus>> EnqueueAsync(EmailRequest request, DbContext transactionOwner, CancellationToken cancellationToken = default)
    {
        var (target, owned) = await Outbox.EnlistAsync(transactionOwner, cancellationToken);
        try
        {
            return await WriteAsync(request, target, cancellationToken);
        }
        finally
        {
            if (owned)
            {
                await target.DisposeAsync();
            }
        }
    }

    private async Task<Attempt<QueuedEmail, EmailQueueStatus>> WriteAsync(EmailRequest request, CmsDbContext target, CancellationToken ct)
    {
        var to = new List<string>();
        foreach (var recipient in request.To ?? [])
        {
            if (!MailboxAddress.TryParse(recipient, out var mailbox) || string.IsNullOrEmpty(mailbox.Domain) || mailbox.Address.Length > 254)
            {
                return Attempt<QueuedEmail, EmailQueueStatus>.Fail(EmailQueueStatus.InvalidRecipient, $"\"{recipient}\" is not an email address.");
            }

            to.Add(mailbox.ToString());
        }

        if (to.Count == 0 || to.Count > MaxRecipients)
        {
            return Attempt<QueuedEmail, EmailQueueStatus>.Fail(EmailQueueStatus.InvalidRecipient, $"An email needs between 1 and {MaxRecipients} recipients.");
        }

        var key = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? null : request.IdempotencyKey.Trim();
        if (key?.Length > EmailMessageConfiguration.MaxIdempotencyKeyLength)
        {
            return Attempt<QueuedEmail, EmailQueueStatus>.Fail(EmailQueueStatus.InvalidRequest, $"The idempotency key is longer than {EmailMessageConfiguration.MaxIdempotencyKeyLength} characters.");
        }

        if (EmailAttachmentRules.Problem(request.Attachments) is { } attachmentProblem)
        {
            return Attempt<QueuedEmail, EmailQueueStatus>.Fail(EmailQueueStatus.InvalidRequest, attachmentProblem);
        }

        if (key is not null && await FindByKeyAsync(target, key, ct) is { } existing)
        {
            return Attempt<QueuedEmail, EmailQueueStatus>.Ok(new QueuedEmail(existing, AlreadyQueued: true, []));
        }

        string subject, html;
        string? text = null;
        if (request.TemplateAlias is { } alias)
        {
            if (FindTemplate(alias) is not { } template)
            {
                return Attempt<QueuedEmail, EmailQueueStatus>.Fail(EmailQueueStatus.TemplateNotFound, $"There is no published email template \"{alias}\".");
            }

            (subject, html) = (template.Value("subject") ?? "", template.Value("body") ?? "");
        }
        else if (!string.IsNullOrWhiteSpace(request.Subject) && (!string.IsNullOrWhiteSpace(request.HtmlBody) || !string.IsNullOrWhiteSpace(request.TextBody)))
        {
            subject = request.Subject;
            text = request.TextBody;
            html = request.HtmlBody ?? string.Join("", (request.TextBody ?? "").ReplaceLineEndings("\n").Split("\n\n")
                .Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>"));
        }
        else
        {
            return Attempt<QueuedEmail, EmailQueueStatus>.Fail(EmailQueueStatus.InvalidRequest, "An email needs a template alias, or a subject and a body.");
        }

        var sender = options.Value.SenderAddress();
        var rendered = renderer.Render(subject, html, text, request.ModelValues(), new EmailLayout(sender.Name ?? EmailOptions.DefaultSenderName, cmsOptions.Value.PublicBaseUrl));
        var renderedSubject = rendered.Subject.Length > EmailMessageConfiguration.MaxSubjectLength
            ? rendered.Subject[..(EmailMessageConfiguration.MaxSubjectLength - 1)] + "…"
            : rendered.Subject;
        var message = new EmailMessage($"{Guid.NewGuid():N}@{sender.Domain}", to, renderedSubject, rendered.HtmlBody, rendered.TextBody,
            request.TemplateAlias, key, request.Confidential, clock.GetUtcNow().UtcDateTime, request.Attachments);

        target.EmailMessages.Add(message);
        try
        {
            await target.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // Another request with the same key won the race. Inside a transaction EF rolled back to its savepoint,
            // so the caller's transaction is still usable.
            foreach (var attachment in message.Attachments)
            {
                target.Entry(attachment).State = EntityState.Detached;
            }

            target.Entry(message).State = EntityState.Detached;

            if (await FindByKeyAsync(target, key, ct) is { } winner)
            {
                return Attempt<QueuedEmail, EmailQueueStatus>.Ok(new QueuedEmail(winner, AlreadyQueued: true, []));
            }

            throw;
        }

        if (rendered.UnknownPlaceholders.Count > 0)
        {
            logger.LogWarning("Email {MessageId} from template {Template} has placeholders nothing filled: {Placeholders}",
                message.Id, request.TemplateAlias, string.Join(", ", rendered.UnknownPlaceholders));
        }

        logger.LogInformation("Queued email {MessageId} ({Template}) for {Count} recipient(s) with {Attachments} attachment(s)",
            message.Id, request.TemplateAlias ?? "raw", to.Count, message.Attachments.Count);
        if (target.Database.CurrentTransaction is null)
        {
            // Committed already: no need to wait for the next poll. (Inside a transaction the poll finds it after the commit.)
            signal.Wake();
        }

        return Attempt<QueuedEmail, EmailQueueStatus>.Ok(new QueuedEmail(message, AlreadyQueued: false, rendered.UnknownPlaceholders));
    }

    private PublishedContent? FindTemplate(string alias) =>
        cache.Snapshot.OfType(TemplateType).FirstOrDefault(t => string.Equals(t.UrlSegment, alias.Trim(), StringComparison.OrdinalIgnoreCase));

    private static async Task<EmailMessage?> FindByKeyAsync(CmsDbContext target, string key, CancellationToken ct) =>
        target.EmailMessages.Local.FirstOrDefault(m => m.IdempotencyKey == key)
        ?? await target.EmailMessages.AsNoTracking().FirstOrDefaultAsync(m => m.IdempotencyKey == key, ct);
}
