using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Privacy;

/// <summary>What an erasure request came to.</summary>
public enum ErasureStatus
{
    Success,
    NotFound,
    Refused,
}


/// <summary>
/// A person's privacy requests: the download of everything the site holds about them, and erasure at their request.
/// Packages take part through <see cref="IPersonalDataContributor"/>; the engine's own part (the account, its form
/// entries, media it uploaded, email sent to it) comes last, so packages still find the account while they work.
/// </summary>
public sealed class PrivacyService(
    CmsDbContext db,
    UserManager<BackofficeUser> users,
    IEnumerable<IPersonalDataContributor> contributors,
    TimeProvider clock,
    ILogger<PrivacyService> logger)
{
    /// <summary>What audit records and shared entries name an erased person by.</summary>
    public const string ErasedName = "Erased person";

    /// <summary>Messages read at a time when looking for the person's email (addresses are a JSON list, not a column to query).</summary>
    private const int EmailBatch = 500;

    public async Task<PersonalDataSubject?> FindAsync(string? email, CancellationToken cancellationToken = default)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        return user is null ? null : Subject(user);
    }

    public async Task<PersonalDataSubject?> FindByIdAsync(string userId) =>
        await users.FindByIdAsync(userId) is { } user ? Subject(user) : null;

    /// <summary>Writes the person's zip to <paramref name="output"/>: each package's part, then the engine's, then a README listing the contents.</summary>
    public async Task ExportAsync(PersonalDataSubject subject, Stream output, CancellationToken cancellationToken = default)
    {
        using var archive = new PersonalDataArchive(output);
        foreach (var contributor in contributors)
        {
            await contributor.ExportAsync(subject, archive, cancellationToken);
        }

        await ExportEngineAsync(subject, archive, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await archive.AddTextAsync("README.txt", $"""
            Everything the CX Best Practice Awards site holds about {subject.Email}, made {now:yyyy-MM-dd HH:mm} UTC.
            JSON files are the records; the folders beside them hold the files themselves.
            Entries of your organization are included in full, as every member of the organization can see them.
            Staff's private notes about interviews and the judging of entries are not personal data of yours and are not included.

            Contents:
            {string.Join(Environment.NewLine, archive.Paths.Select(p => "- " + p))}
            """, cancellationToken);
    }

    /// <summary>
    /// The zip in a temporary file, deleted when the returned stream is closed (after the response is sent): it may hold
    /// many files, so it is never built in memory. Positioned at its start.
    /// </summary>
    public async Task<Stream> ExportToTemporaryFileAsync(PersonalDataSubject subject, CancellationToken cancellationToken = default)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            await ExportAsync(subject, file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>What erasing the person would do, module by module, and whether any module refuses.</summary>
    public async Task<IReadOnlyList<ErasureFinding>> PlanErasureAsync(PersonalDataSubject subject, CancellationToken cancellationToken = default)
    {
        var findings = new List<ErasureFinding>();
        foreach (var contributor in contributors)
        {
            findings.Add(await contributor.PlanErasureAsync(subject, cancellationToken));
        }

        findings.Add(await PlanEngineAsync(subject, cancellationToken));
        return findings;
    }

    /// <summary>
    /// Erases the person, unless a module refuses (nothing is changed then). Packages go first and each is safe to run
    /// twice; the account goes last, in one transaction with the engine's rows, so a failure half way leaves an account
    /// that a second request can find and finish.
    /// </summary>
    /// <returns>Each module's findings, on a refusal too (its message joins the refusals).</returns>
    public async Task<Attempt<IReadOnlyList<ErasureFinding>, ErasureStatus>> EraseAsync(string? email, string actor, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(email, cancellationToken) is not { } subject)
        {
            return Attempt<IReadOnlyList<ErasureFinding>, ErasureStatus>.Fail(ErasureStatus.NotFound, "Nobody has that address.", value: []);
        }

        var findings = await PlanErasureAsync(subject, cancellationToken);
        if (findings.Any(f => f.RefusedBecause is not null))
        {
            return Attempt<IReadOnlyList<ErasureFinding>, ErasureStatus>.Fail(ErasureStatus.Refused,
                "Nothing was erased: " + string.Join(" ", findings.Where(f => f.RefusedBecause is not null).Select(f => f.RefusedBecause)), value: findings);
        }

        foreach (var contributor in contributors)
        {
            await contributor.EraseAsync(subject, ErasedName, cancellationToken);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var entry in await db.Set<FormEntry>().Where(e => e.OwnerUserId == subject.UserId).ToListAsync(cancellationToken))
            {
                entry.Disown();
            }

            foreach (var item in await MediaByAsync(subject.Email, cancellationToken))
            {
                item.ReplaceUser(subject.Email, ErasedName);
            }

            var messages = await MessagesToAsync(subject.Email, cancellationToken);
            db.Set<EmailMessage>().RemoveRange(messages);
            await db.SaveChangesAsync(cancellationToken);

            var user = await users.FindByIdAsync(subject.UserId);
            if (user is not null)
            {
                var deleted = await users.DeleteAsync(user);
                if (!deleted.Succeeded)
                {
                    throw new InvalidOperationException("The account could not be deleted: " + string.Join(" ", deleted.Errors.Select(e => e.Description)));
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // The fact of the erasure is kept, without the person: who asked for it and when.
        logger.LogInformation("Erased account {UserId} at the request handled by {Actor}", subject.UserId, actor);
        return Attempt<IReadOnlyList<ErasureFinding>, ErasureStatus>.Ok(findings);
    }

    private static PersonalDataSubject Subject(BackofficeUser user) => new(user.Id, user.Email ?? user.UserName ?? "", user.DisplayName);

    private async Task ExportEngineAsync(PersonalDataSubject subject, PersonalDataArchive archive, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(subject.UserId);
        if (user is null)
        {
            return;
        }

        await archive.AddJsonAsync("account.json", new
        {
            user.Id,
            user.Email,
            Name = user.DisplayName,
            user.EmailConfirmed,
            user.CreatedUtc,
            Roles = await users.GetRolesAsync(user),
            TwoFactorEnabled = user.TwoFactorEnabled,
            LockedOutUntilUtc = user.LockoutEnd?.UtcDateTime,
        }, ct);

        var entries = await db.Set<FormEntry>().AsNoTracking().Include(e => e.Form).Where(e => e.OwnerUserId == subject.UserId)
            .OrderBy(e => e.Id).ToListAsync(ct);
        foreach (var entry in entries)
        {
            await archive.AddJsonAsync($"forms/{PersonalDataArchive.SafeName(entry.Form.Alias)}-{entry.Key:N}.json", new
            {
                Form = entry.Form.Name, entry.Key, entry.State, entry.CreatedUtc, entry.UpdatedUtc, entry.SubmittedUtc, Answers = entry.Values,
            }, ct);
        }

        var media = await MediaByAsync(subject.Email, ct);
        if (media.Count > 0)
        {
            await archive.AddJsonAsync("media-you-uploaded.json", media.Select(m => new { m.Key, m.Name, m.OriginalFileName, m.CreatedUtc, m.UpdatedUtc }), ct);
        }

        var messages = await MessagesToAsync(subject.Email, ct);
        var ids = messages.Select(m => m.Id).ToList();
        var attachments = (await db.Set<EmailMessageAttachment>().AsNoTracking().Where(a => ids.Contains(a.EmailMessageId))
                .OrderBy(a => a.Position).Select(a => new { a.EmailMessageId, a.FileName, a.ContentType, a.Length }).ToListAsync(ct))
            .ToLookup(a => a.EmailMessageId);
        await archive.AddJsonAsync("emails.json", messages.OrderBy(m => m.CreatedUtc).Select(m => new
        {
            m.To,
            m.Subject,
            m.Status,
            m.CreatedUtc,
            m.SentUtc,

            // A confirm, reset or invitation link is a key to an account: it is not repeated in a download.
            Text = m.Confidential ? "(this email carried a personal link; its text is not kept)" : m.TextBody,

            // What was attached, not the files: the person received them, and a confidential one's are not kept.
            Attachments = m.Confidential
                ? []
                : attachments[m.Id].Select(a => new { a.FileName, a.ContentType, Bytes = a.Length }).ToList(),
        }), ct);
    }

    private async Task<ErasureFinding> PlanEngineAsync(PersonalDataSubject subject, CancellationToken ct)
    {
        var effects = new List<string> { $"The account {subject.Email} ({subject.Name}) is deleted; it can no longer sign in." };
        var entries = await db.Set<FormEntry>().CountAsync(e => e.OwnerUserId == subject.UserId, ct);
        if (entries > 0)
        {
            effects.Add($"{entries} form {(entries == 1 ? "entry keeps its" : "entries keep their")} answers but no longer point at the account.");
        }

        var media = (await MediaByAsync(subject.Email, ct)).Count;
        if (media > 0)
        {
            effects.Add($"{media} media {(media == 1 ? "item names" : "items name")} \"{ErasedName}\" as uploader instead.");
        }

        var messages = (await MessagesToAsync(subject.Email, ct)).Count;
        if (messages > 0)
        {
            effects.Add($"{messages} {(messages == 1 ? "email" : "emails")} to the address {(messages == 1 ? "is" : "are")} deleted from the outbox.");
        }

        return new("Account", effects);
    }

    private async Task<List<MediaItem>> MediaByAsync(string email, CancellationToken ct)
    {
        var normalized = email.ToUpperInvariant();
        return await db.Set<MediaItem>()
            .Where(m => (m.CreatedBy != null && m.CreatedBy.ToUpper() == normalized) || (m.UpdatedBy != null && m.UpdatedBy.ToUpper() == normalized))
            .ToListAsync(ct);
    }

    /// <summary>"ann@example.org" or "Ann <ann@example.org>", but not "joann@example.org".</summary>
    private static bool IsAddress(string to, string email) =>
        to.Trim().Equals(email, StringComparison.OrdinalIgnoreCase) || to.TrimEnd().EndsWith("<" + email + ">", StringComparison.OrdinalIgnoreCase);

    private async Task<List<EmailMessage>> MessagesToAsync(string email, CancellationToken ct)
    {
        var found = new List<EmailMessage>();
        for (var lastId = 0; ; )
        {
            var batch = await db.Set<EmailMessage>().AsNoTracking().Where(m => m.Id > lastId).OrderBy(m => m.Id).Take(EmailBatch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return found;
            }

            found.AddRange(batch.Where(m => m.To.Any(to => IsAddress(to, email))));
            lastId = batch[^1].Id;
        }
    }
}
