using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Forms;

/// <summary>The stored forms, held in memory and reloaded after a change (like the document types).</summary>
public sealed class FormDefinitionCache
{
    internal sealed record CachedForm(int Id, FormDefinition Definition);

    internal sealed record Forms(IReadOnlyDictionary<string, CachedForm> ByAlias, IReadOnlyDictionary<Guid, CachedForm> ByKey);

    private volatile Forms? _forms;

    internal async Task<Forms> GetAsync(CmsDbContext db, CancellationToken ct)
    {
        if (_forms is { } forms)
        {
            return forms;
        }

        var all = await db.Set<Form>().AsNoTracking().Select(f => new { f.Id, f.Definition }).ToListAsync(ct);
        var list = all.Select(f => new CachedForm(f.Id, f.Definition)).ToList();
        forms = new Forms(list.ToDictionary(f => f.Definition.Alias, StringComparer.OrdinalIgnoreCase), list.ToDictionary(f => f.Definition.Key));
        _forms = forms;
        return forms;
    }

    /// <summary>Forgets the forms; the next reader loads them again.</summary>
    public void Invalidate() => _forms = null;
}
