using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Sync;

/// <summary>
/// The key of a content item or form that someone deleted, so that importing new uSync items does not bring it
/// back at the next start-up (decision 0011). The full import ignores it: that one makes the database match the files.
/// </summary>
public sealed class DeletedItem
{
    private DeletedItem()
    {
    }

    private DeletedItem(Guid key, DateTime deletedUtc)
    {
        Key = key;
        DeletedUtc = deletedUtc;
    }

    public Guid Key { get; private set; }

    public DateTime DeletedUtc { get; private set; }

    /// <summary>Adds the record to <paramref name="db"/>, to be saved with the deletion; once per key.</summary>
    internal static async Task RecordAsync(CmsDbContext db, Guid key, DateTime utcNow, CancellationToken ct)
    {
        if (!await WasDeletedAsync(db, key, ct))
        {
            db.Add(new DeletedItem(key, utcNow));
        }
    }

    internal static Task<bool> WasDeletedAsync(CmsDbContext db, Guid key, CancellationToken ct) =>
        db.Set<DeletedItem>().AnyAsync(d => d.Key == key, ct);
}

internal sealed class DeletedItemConfiguration : IEntityTypeConfiguration<DeletedItem>
{
    public void Configure(EntityTypeBuilder<DeletedItem> b)
    {
        b.ToTable("cmsDeletedItem");
        b.HasKey(x => x.Key);
    }
}
