using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Content;

public enum ContentChangeKind
{
    /// <summary>The item went live, or a new version of it did, or it became reachable again when its parent was published.</summary>
    Published,

    /// <summary>The item left the site, by itself or with an ancestor that was unpublished.</summary>
    Unpublished,

    Deleted,
}

/// <summary>
/// One row of the content change log: what became live or left the site, in the order it happened. Written in the same
/// transaction as the change, so a reader that follows the log (the delivery API's change feed) misses nothing.
/// </summary>
public sealed class ContentChange
{
    private ContentChange()
    {
    }

    internal ContentChange(Guid contentKey, string contentTypeAlias, ContentChangeKind kind, DateTime changedUtc)
    {
        ContentKey = contentKey;
        ContentTypeAlias = contentTypeAlias;
        Kind = kind;
        ChangedUtc = changedUtc;
    }

    /// <summary>Increasing in commit order (writers take one lock, see <see cref="ContentChangeLog"/>): a reader's cursor.</summary>
    public long Id { get; private set; }

    public Guid ContentKey { get; private set; }

    public string ContentTypeAlias { get; private set; } = "";

    public ContentChangeKind Kind { get; private set; }

    public DateTime ChangedUtc { get; private set; }
}

/// <summary>Reads the change log after a cursor.</summary>
public sealed class ContentChangeLog(CmsDbContext db)
{
    // Any constant shared by the writers; it only has to differ from the other advisory locks of the database.
    private const long WriterLock = 0x53514D_434C4F47; // "SQM" "CLOG"

    /// <summary>Changes with an id above <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ContentChange>> ReadAsync(long after, int take, CancellationToken ct = default) =>
        await db.Set<ContentChange>().AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(take).ToListAsync(ct);

    /// <summary>The id of the newest change, or 0.</summary>
    public async Task<long> LatestAsync(CancellationToken ct = default) =>
        await db.Set<ContentChange>().MaxAsync(c => (long?)c.Id, ct) ?? 0;

    /// <summary>
    /// Runs <paramref name="write"/> and saves in one transaction that holds the writers' lock, so that ids become visible
    /// in the order they were given: on PostgreSQL a later id could otherwise commit first and a reader that already
    /// moved past it would never see the earlier one. SQLite has one writer at a time anyway.
    /// </summary>
    internal static async Task SaveWithChangesAsync(CmsDbContext db, IEnumerable<ContentChange> changes, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null;
        await using var transaction = own ? await db.Database.BeginTransactionAsync(ct) : null;
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriterLock})", ct);
        }

        db.Set<ContentChange>().AddRange(changes);
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }
}

internal sealed class ContentChangeConfiguration : IEntityTypeConfiguration<ContentChange>
{
    public void Configure(EntityTypeBuilder<ContentChange> b)
    {
        b.ToTable("cmsContentChange");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.ContentTypeAlias).HasMaxLength(100);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => x.ChangedUtc);
    }
}
