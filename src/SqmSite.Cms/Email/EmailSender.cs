using System.Net.Sockets;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Email;

/// <summary>What one sending pass did.</summary>
/// <param name="Sent">Delivered.</param>
/// <param name="Retrying">Failed this time; queued again for a later attempt.</param>
/// <param name="Failed">Given up on (refused for good, or out of attempts).</param>
/// <param name="MoreDue">The pass stopped at its limit while more messages were due.</param>
public sealed record EmailSendPass(int Sent, int Retrying, int Failed, bool MoreDue)
{
    public static readonly EmailSendPass Nothing = new(0, 0, 0, false);
}

/// <summary>
/// Delivers due messages from the outbox. Each message is claimed with a conditional UPDATE before it is sent, so
/// that two senders (two site instances, or a restart overlapping the old process) never both send it; only the
/// claim's owner records the outcome. A failure queues the message again after a delay that doubles each time, up
/// to <see cref="EmailOptions.MaxAttempts"/>; a message the server refuses for good fails at once. Nothing is ever
/// deleted for failing: a message leaves the table only once it was sent and has grown old.
/// </summary>
public sealed class EmailSender(IServiceScopeFactory scopes, IOptions<EmailOptions> options, TimeProvider clock, ILogger<EmailSender> logger)
{
    private const string WipedBody = "(Removed after delivery: this message carried a personal link.)";
    private const int CandidatesPerClaim = 5;

    private DateTime _lastPurgeUtc = DateTime.MinValue;
    private string? _reportedProblem;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>How long a claim holds: longer than any one delivery can take, given the SMTP timeout.</summary>
    internal TimeSpan ClaimDuration => TimeSpan.FromMinutes(5) + (options.Value.Smtp.Timeout * 6);

    /// <summary>The wait after the given number of failed attempts: the retry delay, doubled each time, capped.</summary>
    public static TimeSpan Backoff(EmailOptions settings, int attempts) => Outbox.Backoff(settings.RetryDelay, settings.MaxRetryDelay, attempts);

    /// <summary>Sends every due message, up to <see cref="EmailOptions.MaxPerPass"/>, over one connection.</summary>
    public async Task<EmailSendPass> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.ConfigurationProblem() is { } problem)
        {
            if (_reportedProblem != problem)
            {
                logger.LogError("Email is not being sent: {Problem}", problem);
                _reportedProblem = problem;
            }

            return EmailSendPass.Nothing;
        }

        _reportedProblem = null;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        await FailAbandonedAsync(db, settings, cancellationToken);
        await PurgeOldAsync(db, settings, cancellationToken);

        var transport = EmailTransport.For(settings);
        var from = settings.SenderAddress();
        IEmailConnection? connection = null;
        int sent = 0, retrying = 0, failed = 0;
        try
        {
            while (sent + retrying + failed < settings.MaxPerPass)
            {
                if (await ClaimNextAsync(db, cancellationToken) is not { } claim)
                {
                    return new EmailSendPass(sent, retrying, failed, false);
                }

                var (message, token) = claim;
                try
                {
                    connection ??= await transport.ConnectAsync(cancellationToken);
                    await connection.SendAsync(ToMime(message, from), cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Shutting down: hand the message back at once rather than leaving it claimed until the claim lapses.
                    await ReleaseAsync(db, message.Id, token);
                    throw;
                }
                catch (Exception ex)
                {
                    var permanent = IsPermanent(ex);
                    var gaveUp = await RecordFailureAsync(db, message, token, ex, permanent, settings);
                    if (gaveUp)
                    {
                        failed++;
                    }
                    else
                    {
                        retrying++;
                    }

                    if (!permanent)
                    {
                        // The server or the connection is in trouble: the other messages wait for the next pass
                        // instead of each failing in turn now.
                        return new EmailSendPass(sent, retrying, failed, false);
                    }

                    continue;
                }

                await RecordSentAsync(db, message, token);
                sent++;
            }

            return new EmailSendPass(sent, retrying, failed, true);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            if (sent + retrying + failed > 0)
            {
                logger.LogInformation("Email pass via {Transport}: {Sent} sent, {Retrying} to retry, {Failed} failed",
                    transport.Description, sent, retrying, failed);
            }
        }
    }

    /// <summary>
    /// Takes one due message: queued and due, or still "sending" after its claim lapsed (its sender stopped). The UPDATE
    /// repeats the conditions, so of two senders that picked the same candidate only one changes the row.
    /// </summary>
    private async Task<(EmailMessage Message, Guid Token)?> ClaimNextAsync(CmsDbContext db, CancellationToken ct)
    {
        var now = UtcNow;
        var candidates = await db.EmailMessages.AsNoTracking()
            .Where(m => (m.Status == EmailStatus.Queued || m.Status == EmailStatus.Sending) && m.NextAttemptUtc <= now)
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .Select(m => m.Id).Take(CandidatesPerClaim).ToListAsync(ct);
        foreach (var id in candidates)
        {
            var token = Guid.NewGuid();
            var leaseEnds = now + ClaimDuration;
            var claimed = await db.EmailMessages
                .Where(m => m.Id == id && (m.Status == EmailStatus.Queued || m.Status == EmailStatus.Sending) && m.NextAttemptUtc <= now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, EmailStatus.Sending)
                    .SetProperty(m => m.ClaimToken, token)
                    .SetProperty(m => m.NextAttemptUtc, leaseEnds)
                    .SetProperty(m => m.LastAttemptUtc, now)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 1)
            {
                var message = await db.EmailMessages.AsNoTracking().Include(m => m.Attachments.OrderBy(a => a.Position)).FirstAsync(m => m.Id == id, ct);
                return (message, token);
            }
        }

        return null;
    }

    private async Task RecordSentAsync(CmsDbContext db, EmailMessage message, Guid token)
    {
        var now = UtcNow;
        var mine = db.EmailMessages.Where(m => m.Id == message.Id && m.ClaimToken == token);

        // A confidential message's attachments are wiped in the same transaction as its body, and only by the claim's
        // owner: a sender that took the message over after a lapsed claim still needs them to deliver it.
        var wipeAttachments = message.Confidential && message.Attachments.Count > 0;
        await using var transaction = wipeAttachments ? await db.Database.BeginTransactionAsync(CancellationToken.None) : null;

        // The server has the message now: recording that is not cancelled by a shutdown.
        var updated = await mine.ExecuteUpdateAsync(s =>
        {
            s.SetProperty(m => m.Status, EmailStatus.Sent).SetProperty(m => m.SentUtc, now).SetProperty(m => m.NextAttemptUtc, now)
                .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.LastError, (string?)null);
            if (message.Confidential)
            {
                s.SetProperty(m => m.HtmlBody, WipedBody).SetProperty(m => m.TextBody, WipedBody);
            }
        }, CancellationToken.None);
        if (updated == 0)
        {
            logger.LogWarning("Email {MessageId} was delivered after its claim lapsed; another sender may deliver it again.", message.Id);
            return;
        }

        if (transaction is not null)
        {
            // Name and size stay for the outbox; the bytes go.
            await db.Set<EmailMessageAttachment>().Where(a => a.EmailMessageId == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Content, (byte[]?)null), CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
    }

    /// <summary>Queues the message again after its backoff, or marks it Failed. Returns true when it gave up.</summary>
    private async Task<bool> RecordFailureAsync(CmsDbContext db, EmailMessage message, Guid token, Exception ex, bool permanent,
        EmailOptions settings)
    {
        var now = UtcNow;
        var attempts = message.Attempts;
        var giveUp = permanent || attempts >= settings.MaxAttempts;
        var next = giveUp ? now : now + Backoff(settings, attempts);
        var error = Describe(ex, permanent, giveUp, attempts);
        logger.LogWarning("Email {MessageId}, attempt {Attempt}: {Error}", message.Id, attempts, error);
        await db.EmailMessages.Where(m => m.Id == message.Id && m.ClaimToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, giveUp ? EmailStatus.Failed : EmailStatus.Queued)
                .SetProperty(m => m.NextAttemptUtc, next)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.ClaimToken, (Guid?)null), CancellationToken.None);
        return giveUp;
    }

    private async Task ReleaseAsync(CmsDbContext db, int id, Guid token)
    {
        var now = UtcNow;
        await db.EmailMessages.Where(m => m.Id == id && m.ClaimToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, EmailStatus.Queued)
                .SetProperty(m => m.NextAttemptUtc, now)
                .SetProperty(m => m.ClaimToken, (Guid?)null), CancellationToken.None);
    }

    /// <summary>A sender that stopped on a message's last attempt left it "sending"; once the claim lapses it has failed.</summary>
    private async Task FailAbandonedAsync(CmsDbContext db, EmailOptions settings, CancellationToken ct)
    {
        var now = UtcNow;
        var max = settings.MaxAttempts;
        var abandoned = db.EmailMessages.Where(m => m.Status == EmailStatus.Sending && m.NextAttemptUtc <= now && m.Attempts >= max);

        // Looked for first: an UPDATE takes SQLite's write lock even when it matches nothing, and this runs every poll.
        if (!await abandoned.AnyAsync(ct))
        {
            return;
        }

        await abandoned
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, EmailStatus.Failed)
                .SetProperty(m => m.NextAttemptUtc, now)
                .SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.LastError, "The sender stopped during the last attempt; the outcome is unknown."), ct);
    }

    private async Task PurgeOldAsync(CmsDbContext db, EmailOptions settings, CancellationToken ct)
    {
        var now = UtcNow;
        if (now - _lastPurgeUtc < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastPurgeUtc = now;
        var before = now - settings.KeepSentFor;
        var deleted = await db.EmailMessages.Where(m => m.Status == EmailStatus.Sent && m.SentUtc < before).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} sent emails older than {Days} days", deleted, settings.KeepSentFor.TotalDays);
        }
    }

    internal static MimeMessage ToMime(EmailMessage message, MailboxAddress from)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId, Date = new DateTimeOffset(message.CreatedUtc) };
        mime.From.Add(from);
        foreach (var to in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        // RFC 3834: an automatic message, so out-of-office replies are not sent back to it.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var attachment in message.Attachments.OrderBy(a => a.Position))
        {
            var content = attachment.Content
                ?? throw new InvalidOperationException($"Attachment {attachment.Id} of email {message.Id} has no content left to send.");
            var part = (MimePart)body.Attachments.Add(attachment.FileName, content, ContentType.Parse(attachment.ContentType));

            // Base64 for every file, text too: 7bit or quoted-printable would let line endings be rewritten on the way,
            // and an .ics must arrive byte for byte.
            part.ContentTransferEncoding = ContentEncoding.Base64;
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>
    /// Refused for good: the server answered 5xx to this message or its recipient. Everything else (no connection,
    /// 4xx, sign-in refused, timeouts) may pass, so it is retried: a wrong password must not fail every message at once.
    /// </summary>
    internal static bool IsPermanent(Exception ex) =>
        ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted } command
        && (int)command.StatusCode >= 500;

    private static string Describe(Exception ex, bool permanent, bool gaveUp, int attempts)
    {
        var what = ex switch
        {
            SmtpCommandException c => $"The server answered {(int)c.StatusCode}: {c.Message}",
            SocketException s => $"Could not connect: {s.Message}",
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        var outcome = permanent ? "Refused for good; not retried." : gaveUp ? $"Gave up after {attempts} attempts." : $"Attempt {attempts}; will retry.";
        var text = what.TrimEnd().TrimEnd('.') + ". " + outcome;
        return text.Length <= EmailMessageConfiguration.MaxErrorLength ? text : text[..EmailMessageConfiguration.MaxErrorLength];
    }
}

/// <summary>Wakes the email sending service before its next poll: after a committed enqueue or a "retry now".</summary>
public sealed class EmailSenderSignal : OutboxSignal;

/// <summary>Runs <see cref="EmailSender"/> in the background for the life of the site.</summary>
internal sealed class EmailSendingService(EmailSender sender, EmailSenderSignal signal, IOptions<EmailOptions> options, TimeProvider clock,
    ILogger<EmailSendingService> logger) : OutboxSendingService(signal, clock, logger)
{
    protected override string Name => "email";

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override async Task<bool> PassAsync(CancellationToken cancellationToken) => (await sender.SendDueAsync(cancellationToken)).MoreDue;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        logger.LogInformation("Email goes out by {Mode}{Where}", settings.EffectiveMode,
            settings.EffectiveMode == EmailMode.PickupFolder ? " to " + settings.PickupFolder : " via " + settings.Smtp.Host);
        return base.StartAsync(cancellationToken);
    }
}
