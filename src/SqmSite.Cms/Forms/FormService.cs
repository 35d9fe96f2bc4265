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
/// Forms and their entries (Umbraco Forms' record service): definitions, server-side validation of pages and whole
/// entries, multi-page drafts that can be resumed, submit-once, and the notifications packages react to.
/// </summary>
public sealed class FormService(
    CmsDbContext db,
    FormDefinitionCache cache,
    IFormFileStore files,
    IEventAggregator events,
    TimeProvider clock,
    ILogger<FormService> logger)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    // ---- definitions ----------------------------------------------------------------------------------------

    /// <summary>A form by alias, from memory (a public page with a form does not query the database for it).</summary>
    public async Task<FormDefinition?> GetFormAsync(string alias, CancellationToken ct = default) =>
        (await cache.GetAsync(db, ct)).ByAlias.GetValueOrDefault(alias)?.Definition;

    public async Task<FormDefinition?> GetFormAsync(Guid key, CancellationToken ct = default) =>
        (await cache.GetAsync(db, ct)).ByKey.GetValueOrDefault(key)?.Definition;

    public Task<Form?> GetStoredFormAsync(int id, CancellationToken ct = default) =>
        db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);

    public async Task<IReadOnlyList<FormSummary>> GetFormsAsync(CancellationToken ct = default)
    {
        var forms = await db.Set<Form>().AsNoTracking().ToListAsync(ct);
        var counts = await db.Set<FormEntry>().GroupBy(e => new { e.FormId, e.State })
            .Select(g => new { g.Key.FormId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        int Count(int id, FormEntryState state) => counts.FirstOrDefault(c => c.FormId == id && c.State == state)?.Count ?? 0;
        return [.. forms.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(f => new FormSummary(f.Id, f.Key, f.Alias, f.Name,
            f.Definition.Pages.Count, f.Definition.ValueFields.Count(), f.Definition.Confidential, Count(f.Id, FormEntryState.Draft),
            Count(f.Id, FormEntryState.Submitted), f.UpdatedUtc))];
    }

    /// <summary>Creates the form, or replaces the definition of the form with the same key. Entries keep their values.</summary>
    public async Task<Attempt<Form, FormOperationStatus>> SaveFormAsync(FormDefinition definition, CancellationToken ct = default)
    {
        definition = Normalize(definition);
        var errors = definition.Check();
        if (errors.Count > 0)
        {
            return Attempt<Form, FormOperationStatus>.Fail(FormOperationStatus.ValidationFailed, "The form has problems to fix before it can be saved.", errors);
        }

        if (await db.Set<Form>().AnyAsync(f => f.Alias == definition.Alias && f.Key != definition.Key, ct))
        {
            return Attempt<Form, FormOperationStatus>.Fail(FormOperationStatus.DuplicateAlias, $"Another form already uses the alias '{definition.Alias}'.",
                new Dictionary<string, string> { ["alias"] = $"Another form already uses the alias '{definition.Alias}'." });
        }

        var form = await db.Set<Form>().FirstOrDefaultAsync(f => f.Key == definition.Key, ct);
        if (form is null)
        {
            form = new Form(definition, UtcNow);
            db.Add(form);
        }
        else
        {
            form.Update(definition, UtcNow);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.Entry(form).State == EntityState.Added)
        {
            // Two saves of a new form with the same alias raced past the check above; the unique index let one through.
            db.Entry(form).State = EntityState.Detached;
            if (!await db.Set<Form>().AnyAsync(f => f.Alias == definition.Alias, ct))
            {
                throw;
            }

            cache.Invalidate();
            return Attempt<Form, FormOperationStatus>.Fail(FormOperationStatus.DuplicateAlias, $"Another form already uses the alias '{definition.Alias}'.",
                new Dictionary<string, string> { ["alias"] = $"Another form already uses the alias '{definition.Alias}'." });
        }

        cache.Invalidate();
        return Attempt<Form, FormOperationStatus>.Ok(form);
    }

    /// <summary>Deletes a form that has no entries (entries are records people sent; they are not thrown away by accident).</summary>
    public async Task<Attempt<bool, FormOperationStatus>> DeleteFormAsync(Guid key, CancellationToken ct = default)
    {
        var form = await db.Set<Form>().FirstOrDefaultAsync(f => f.Key == key, ct);
        if (form is null)
        {
            return Attempt<bool, FormOperationStatus>.Fail(FormOperationStatus.NotFound, "The form no longer exists.");
        }

        if (await db.Set<FormEntry>().AnyAsync(e => e.FormId == form.Id, ct))
        {
            return Attempt<bool, FormOperationStatus>.Fail(FormOperationStatus.HasEntries, "The form has entries; it cannot be deleted.");
        }

        db.Remove(form);
        await Sync.DeletedItem.RecordAsync(db, key, UtcNow, ct);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return Attempt<bool, FormOperationStatus>.Ok(true);
    }

    /// <summary>Trims what people typed and drops empty options, so that small slips are not errors.</summary>
    internal static FormDefinition Normalize(FormDefinition d) => d with
    {
        Alias = d.Alias.Trim(),
        Name = d.Name.Trim(),
        Pages = [.. d.Pages.Select(p => p with
        {
            Title = string.IsNullOrWhiteSpace(p.Title) ? null : p.Title.Trim(),
            Fields = [.. p.Fields.Select(f => f with
            {
                Alias = f.Alias.Trim(),
                Label = f.Label.Trim(),
                HelpText = string.IsNullOrWhiteSpace(f.HelpText) ? null : f.HelpText.Trim(),
                Pattern = string.IsNullOrWhiteSpace(f.Pattern) ? null : f.Pattern,
                PatternMessage = string.IsNullOrWhiteSpace(f.PatternMessage) ? null : f.PatternMessage.Trim(),
                ConsentText = string.IsNullOrWhiteSpace(f.ConsentText) ? null : f.ConsentText.Trim(),
                Options = f.IsChoice ? [.. f.Options.Select(o => o.Trim()).Where(o => o.Length > 0)] : [],
            })],
        })],
    };

    // ---- entries --------------------------------------------------------------------------------------------

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
        var form = (await cache.GetAsync(db, ct)).ByAlias.GetValueOrDefault(alias);
        return form is null ? null : await FindAsync(form.Id, owner, null, tracked: false, ct);
    }

    /// <summary>A signed-in user's entries of a form, newest first.</summary>
    public async Task<IReadOnlyList<FormEntry>> GetEntriesOfUserAsync(string alias, string userId, CancellationToken ct = default)
    {
        var form = (await cache.GetAsync(db, ct)).ByAlias.GetValueOrDefault(alias);
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
        var cached = (await cache.GetAsync(db, ct)).ByAlias.GetValueOrDefault(alias);
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

            var file = stored.File!;
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
