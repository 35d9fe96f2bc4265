using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Forms;

/// <summary>The stored forms, held in memory and reloaded after a change (like the document types).</summary>
public sealed class FormDefinitionCache
{
    internal sealed record CachedForm(int Id, FormDefinition Definition);

    internal sealed record Forms(IReadOnlyDictionary<string, CachedForm> ByAlias, IReadOnlyDictionary<Guid, CachedForm> ByKey);

    private volatile Forms? _forms;

    private async Task<Forms> GetAsync(CmsDbContext db, CancellationToken ct)
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

    /// <summary>A stored form by alias (any case), or null: the one lookup of the definitions' and the entries' services.</summary>
    internal async Task<CachedForm?> FindAsync(CmsDbContext db, string alias, CancellationToken ct) =>
        (await GetAsync(db, ct)).ByAlias.GetValueOrDefault(alias);

    /// <summary>A stored form by key, or null.</summary>
    internal async Task<CachedForm?> FindAsync(CmsDbContext db, Guid key, CancellationToken ct) =>
        (await GetAsync(db, ct)).ByKey.GetValueOrDefault(key);

    /// <summary>Forgets the forms; the next reader loads them again.</summary>
    /// <summary>The name of this cache in the change log's rows.</summary>
    public const string ChangeName = "forms";

    public void Invalidate() => _forms = null;
}

/// <summary>A form saved or deleted on another instance: this one reads its forms again at the next use.</summary>
internal sealed class FormsFollowedHandler(FormDefinitionCache cache) : Notifications.INotificationHandler<Instances.ChangesFollowedNotification>
{
    public Task HandleAsync(Instances.ChangesFollowedNotification notification, CancellationToken cancellationToken)
    {
        if (Instances.ChangeSignals.Includes(notification, FormDefinitionCache.ChangeName))
        {
            cache.Invalidate();
        }

        return Task.CompletedTask;
    }
}
