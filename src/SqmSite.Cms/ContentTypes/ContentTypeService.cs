using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.ContentTypes;

/// <summary>The document types, held in memory; they change only through sync import.</summary>
public interface IContentTypeService
{
    IReadOnlyList<ContentType> All { get; }

    ContentType? Get(string alias);

    Task ReloadAsync(CancellationToken cancellationToken = default);
}

internal sealed class ContentTypeService(IServiceScopeFactory scopes) : IContentTypeService
{
    private volatile IReadOnlyDictionary<string, ContentType> _byAlias = new Dictionary<string, ContentType>();

    public IReadOnlyList<ContentType> All => [.. _byAlias.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];

    public ContentType? Get(string alias) => _byAlias.GetValueOrDefault(alias);

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var types = await db.ContentTypes.AsNoTracking().ToListAsync(cancellationToken);
        _byAlias = types.ToDictionary(t => t.Alias, StringComparer.OrdinalIgnoreCase);
    }
}
