using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Forms;

/// <summary>
/// What people send through the forms (Umbraco Forms' record service): server-side validation of pages and whole
/// entries, multi-page drafts that can be resumed, submit-once, the notifications packages react to, and reading,
/// querying and deleting the entries. The forms themselves are <see cref="FormService"/>'s.
/// </summary>
public sealed class FormEntryService(
    CmsDbContext db,
    FormDefinitionCache cache,
    IFormFileStore files,
    IEventAggregator events,
    TimeProvider clock,
    ILogger<FormEntryService> logger)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public Task<FormEntry?> GetEntryAsync(Guid key, CancellationToken ct = default) =>
        db.Set<FormEntry>().AsNoTracking().Include(e => e.Form).FirstOrDefaultAsync(e => e.Key == key, ct);

    public Task<FormEntry?> GetEntryAsync(int id, CancellationToken ct = default) =>
        db.Set<FormEntry>().AsNoTracking().Include(e => e.Form).FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>
    /// Deletes an entry for good (a package's retention rule). Its upload files are left to housekeeping, which deletes
    /// files no entry points at; false when there was no such entry (deleted already, say by another instance).
    /// </summary>
    public async Task<bool> DeleteEntryAsync(Guid key, CancellationToken ct = default) =>
        await db.Set<FormEntry>().Where(e => e.Key == key).ExecuteDeleteAsync(ct) > 0;

    /// <summary>The entry an owner would continue: an anonymous visitor's by their token, a user's newest of the form.</summary>
    public async Task<FormEntry?> FindEntryAsync(string alias, FormOwner owner, CancellationToken ct = default)
    {
        var form = await cache.FindAsync(db, alias, ct);
        return form is null ? null : await FindAsync(form.Id, owner, null, tracked: false, ct);
    }

    /// <summary>A signed-in user's entries of a form, newest first.</summary>
    public async Task<IReadOnlyList<FormEntry>> GetEntriesOfUserAsync(string alias, string userId, CancellationToken ct = default)
    {
        var form = await cache.FindAsync(db, alias, ct);
        return form is null ? [] : await db.Set<FormEntry>().AsNoTracking()
            .Where(e => e.FormId == form.Id && e.OwnerUserId == userId).OrderByDescending(e => e.Id).ToListAsync(ct);
    }

    public async Task<(IReadOnlyList<FormEntry> Items, int Total)> QueryEntriesAsync(FormEntryQuery query, CancellationToken ct = default)
    {
        var q = db.Set<FormEntry>().AsNoTracking().Where(e => e.FormId == query.FormId);
        if (query.State is { } state)
        {
            q = q.Where(e => e.State == state);
        }

        if (query.FromUtc is { } from)
        {
            q = q.Where(e => e.UpdatedUtc >= from);
        }

        if (query.ToUtc is { } to)
        {
            q = q.Where(e => e.UpdatedUtc < to);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // SearchText is stored lower-cased, so one Contains works alike on SQLite and PostgreSQL.
            var text = query.Search.Trim().ToLowerInvariant();
            q = q.Where(e => e.SearchText.Contains(text));
        }

        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.UpdatedUtc).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 100_000)).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>
    /// Validates and stores one page of input, then moves on as the person asked: next page, back, save for later,
    /// or submit (which validates the whole entry). Invalid input stores nothing of that page and says why per field.
    /// </summary>
    public async Task<Attempt<FormProgress, FormOperationStatus>> PostAsync(string alias, FormOwner owner, FormPost post, CancellationToken ct = default)
    {
        var cached = await cache.FindAsync(db, alias, ct);
        if (cached is null)
        {
            return Attempt<FormProgress, FormOperationStatus>.Fail(FormOperationStatus.NotFound, "This form is no longer available.");
        }

        var form = cached.Definition;
        var page = Math.Clamp(post.Page, 0, form.Pages.Count - 1);

        // A second submit with the same key (a double click, a resent request) finds the first entry.
        if (post.SubmissionKey is { } submissionKey
            && await db.Set<FormEntry>().AsNoTracking().Include(e => e.Form)
                .FirstOrDefaultAsync(e => e.FormId == cached.Id && e.SubmissionKey == submissionKey, ct) is { } earlier
            && earlier.IsSubmitted)
        {
            return Attempt<FormProgress, FormOperationStatus>.Ok(new FormProgress(earlier, page, AlreadySubmitted: true));
        }

        var entry = await FindAsync(cached.Id, owner, post.EntryKey, tracked: true, ct);
        if (entry is null && (owner.ResumeToken is not null || post.EntryKey is not null))
        {
            return Attempt<FormProgress, FormOperationStatus>.Fail(FormOperationStatus.NotFound, "These saved answers could not be found. The link may be incomplete.");
        }

        if (entry is { IsSubmitted: true })
        {
            return Attempt<FormProgress, FormOperationStatus>.Ok(new FormProgress(entry, page, AlreadySubmitted: true));
        }

        var values = entry?.Values.DeepClone().AsObject() ?? [];
        var enforceRequired = post.Action is FormAction.Next or FormAction.Submit;
        var (errors, uploads) = FormValues.ParsePage(form, page, post.Input, values, enforceRequired);
        if (post.Action == FormAction.Back)
        {
            // Going back keeps what is valid on this page and drops the rest: nobody is stuck on a page to leave it.
            errors.Clear();
        }

        if (errors.Count == 0)
        {
            await StoreUploadsAsync(uploads, values, errors, ct);
        }

        if (errors.Count > 0)
        {
            return Attempt<FormProgress, FormOperationStatus>.Fail(FormOperationStatus.ValidationFailed, "Please correct the answers marked below.", errors,
                new FormProgress(entry, page));
        }

        string? newToken = null;
        if (entry is null)
        {
            var isSubmit = post.Action == FormAction.Submit;
            string? hash = null;
            if (!owner.IsUser)
            {
                newToken = NewResumeToken();
                hash = HashToken(newToken);
            }

            entry = new FormEntry(await db.Set<Form>().FirstAsync(f => f.Id == cached.Id, ct), owner.UserId, hash,
                isSubmit ? post.SubmissionKey : null, UtcNow);
            db.Add(entry);
        }

        if (post.Action != FormAction.Submit)
        {
            var next = post.Action switch
            {
                FormAction.Next => Math.Min(page + 1, form.Pages.Count - 1),
                FormAction.Back => Math.Max(page - 1, 0),
                _ => page,
            };
            entry.Save(values, next, UtcNow);
            return await CommitAsync(entry, new FormProgress(entry, next, newToken), ct);
        }

        var missing = FormValues.Missing(form, values);
        if (missing.Count > 0)
        {
            // An earlier page was left incomplete (a resumed draft, a changed form): keep this page, show that one.
            var first = missing[0].Page;
            entry.Save(values, first, UtcNow);
            var saved = await CommitAsync(entry, new FormProgress(entry, first, newToken), ct);
            return saved.Succeeded
                ? Attempt<FormProgress, FormOperationStatus>.Fail(FormOperationStatus.ValidationFailed, "Some required answers are missing.",
                    missing.Where(m => m.Page == first).ToDictionary(m => m.Alias, m => m.Message), saved.Value)
                : saved;
        }

        entry.Save(values, page, UtcNow);
        var submitting = new FormEntrySubmittingNotification(form, entry);
        await events.PublishAsync(submitting, ct);
        if (submitting.Cancelled)
        {
            var reason = string.Join(" ", submitting.Reasons);
            if (db.Entry(entry).State == EntityState.Added)
            {
                // Nothing was saved before: a refused single-page submit leaves no draft behind.
                db.Entry(entry).State = EntityState.Detached;
                return Attempt<FormProgress, FormOperationStatus>.Fail(FormOperationStatus.CancelledByNotification, reason, value: new FormProgress(null, page));
            }

            var kept = await CommitAsync(entry, new FormProgress(entry, page, newToken), ct);
            return Attempt<FormProgress, FormOperationStatus>.Fail(FormOperationStatus.CancelledByNotification, reason, value: kept.Value);
        }

        entry.Submit(UtcNow);
        var result = await CommitAsync(entry, new FormProgress(entry, page, newToken), ct);
        if (result.Succeeded && result.Value is { AlreadySubmitted: false })
        {
            logger.LogInformation("Form {Alias}: entry {Entry} submitted", form.Alias, entry.Key);
            await events.PublishAsync(new FormEntrySubmittedNotification(form, entry), ct);
        }

        return result;
    }

    /// <summary>Commits, turning the races of a double submit into answers instead of errors.</summary>
    private async Task<Attempt<FormProgress, FormOperationStatus>> CommitAsync(FormEntry entry, FormProgress progress, CancellationToken ct)
    {
        var submissionKey = entry.SubmissionKey;
        var formId = entry.FormId;
        var key = entry.Key;
        try
        {
            await db.SaveChangesAsync(ct);
            return Attempt<FormProgress, FormOperationStatus>.Ok(progress);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();

            // The other request won: either it submitted this entry first, or it made the entry for the same submission key.
            var winner = await db.Set<FormEntry>().AsNoTracking().Include(e => e.Form).FirstOrDefaultAsync(
                e => e.Key == key || (submissionKey != null && e.FormId == formId && e.SubmissionKey == submissionKey), ct);
            if (winner is { IsSubmitted: true })
            {
                return Attempt<FormProgress, FormOperationStatus>.Ok(new FormProgress(winner, progress.Page, AlreadySubmitted: true));
            }

            if (ex is DbUpdateConcurrencyException && winner is not null)
            {
                return Attempt<FormProgress, FormOperationStatus>.Fail(FormOperationStatus.Conflict,
                    "These answers were changed in another window at the same time. Please check them and try again.", value: new FormProgress(winner, winner.CurrentPage));
            }

            throw;
        }
    }

    private async Task StoreUploadsAsync(List<(FormField Field, FormUpload Upload)> uploads, JsonObject values, Dictionary<string, string> errors,
        CancellationToken ct)
    {
        foreach (var (field, upload) in uploads)
        {
            var stored = await files.SaveAsync(upload, field.MaxLength, ct);
            if (!stored.Succeeded)
            {
                errors[field.Alias] = $"{field.Label}: {stored.Message}";
                continue;
            }

            var file = stored.Value!;
            values[field.Alias] = new JsonObject
            {
                ["id"] = file.Id, ["fileName"] = file.FileName, ["contentType"] = file.ContentType, ["length"] = file.Length,
            };
        }
    }

    private async Task<FormEntry?> FindAsync(int formId, FormOwner owner, Guid? entryKey, bool tracked, CancellationToken ct)
    {
        // With its form, so that handlers and callers can read entry.Form whichever way the entry was found.
        var set = (tracked ? db.Set<FormEntry>() : db.Set<FormEntry>().AsNoTracking()).Include(e => e.Form);
        if (owner.IsUser)
        {
            var mine = set.Where(e => e.FormId == formId && e.OwnerUserId == owner.UserId);
            return entryKey is { } k
                ? await mine.FirstOrDefaultAsync(e => e.Key == k, ct)
                : await mine.Where(e => e.State == FormEntryState.Draft).OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        }

        if (owner.ResumeToken is not { } token)
        {
            return null;
        }

        var hash = HashToken(token);
        return await set.FirstOrDefaultAsync(e => e.FormId == formId && e.ResumeTokenHash == hash, ct);
    }

    /// <summary>256 random bits, URL-safe: a resume link nobody can guess.</summary>
    private static string NewResumeToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    internal static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
