using SqmSite.Cms.Content;
using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Forms;

/// <summary>
/// The forms themselves (Umbraco Forms' form service): definitions read from memory, saved, listed with their entry
/// counts and deleted. What people send is <see cref="FormEntryService"/>'s.
/// </summary>
public sealed class FormService(CmsDbContext db, FormDefinitionCache cache, TimeProvider clock)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>A form by alias, from memory (a public page with a form does not query the database for it).</summary>
    public async Task<FormDefinition?> GetFormAsync(string alias, CancellationToken ct = default) =>
        (await cache.FindAsync(db, alias, ct))?.Definition;

    public async Task<FormDefinition?> GetFormAsync(Guid key, CancellationToken ct = default) =>
        (await cache.FindAsync(db, key, ct))?.Definition;

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
            // With a change-log row in the same transaction: the other instances reload their forms (decision 0022).
            await ContentChangeLog.SaveWithChangesAsync(db, [ContentChange.CacheRow(FormDefinitionCache.ChangeName, UtcNow)], ct);
        }
        catch (DbUpdateException) when (db.Entry(form).State == EntityState.Added)
        {
            // Two saves of a new form with the same alias raced past the check above; the unique index let one through.
            db.ChangeTracker.Clear();
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
        await ContentChangeLog.SaveWithChangesAsync(db, [ContentChange.CacheRow(FormDefinitionCache.ChangeName, UtcNow)], ct);
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
}
