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

    /// <summary>A library image or document was added, replaced, described or cropped (never a package's private file).</summary>
    MediaSaved,

    /// <summary>A library image or document was deleted.</summary>
    MediaDeleted,

    /// <summary>
    /// Data a module keeps in memory changed (forms, award cycles): <see cref="ContentChange.ContentTypeAlias"/> names the
    /// cache, and other instances reload it (<c>ChangeSignals</c>). Never in the delivery API's change feed or webhooks.
    /// </summary>
    CacheChanged,
}

/// <summary>
/// One row of the change log: content that became live or left the site, and library media that changed, in the order
/// it happened. Written in the same transaction as the change, so a reader that follows the log by its cursor (the
/// delivery API's change feed, webhooks) misses nothing, whatever happens after the commit.
/// </summary>
public sealed class ContentChange
{
    private ContentChange()
    {
    }

    /// <summary>The kinds about content, which the delivery API's change feed shows; the rest are about media.</summary>
    public static readonly IReadOnlyList<ContentChangeKind> ContentKinds = [ContentChangeKind.Published, ContentChangeKind.Unpublished, ContentChangeKind.Deleted];

    /// <param name="contentTypeAlias">The document type, or for media the media kind ("Image", "Document").</param>
    internal ContentChange(Guid contentKey, string contentTypeAlias, ContentChangeKind kind, DateTime changedUtc)
    {
        ContentKey = contentKey;
        ContentTypeAlias = contentTypeAlias;
        Kind = kind;
        ChangedUtc = changedUtc;
    }

    /// <summary>A row that tells other instances to reload the cache <paramref name="cache"/> (about <paramref name="key"/> only, when given).</summary>
    internal static ContentChange CacheRow(string cache, DateTime changedUtc, Guid key = default) => new(key, cache, ContentChangeKind.CacheChanged, changedUtc);

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

    /// <summary>The PostgreSQL channel a commit with change-log rows notifies; instances LISTEN on it (decision 0022).</summary>
    public const string NotifyChannel = "sqmsite_changes";

    /// <summary>Changes with an id above <paramref name="after"/>, oldest first; of the given kinds only when <paramref name="kinds"/> is set.</summary>
    public async Task<IReadOnlyList<ContentChange>> ReadAsync(long after, int take, IReadOnlyCollection<ContentChangeKind>? kinds = null, CancellationToken ct = default)
    {
        var rows = db.Set<ContentChange>().AsNoTracking().Where(c => c.Id > after);
        if (kinds is not null)
        {
            rows = rows.Where(c => kinds.Contains(c.Kind));
        }

        return await rows.OrderBy(c => c.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>How many changes of the given kinds come after <paramref name="after"/>, and when the oldest of them was made.</summary>
    public async Task<(int Count, DateTime? OldestUtc)> PendingAsync(long after, IReadOnlyCollection<ContentChangeKind> kinds, CancellationToken ct = default)
    {
        var rows = db.Set<ContentChange>().AsNoTracking().Where(c => c.Id > after && kinds.Contains(c.Kind));
        var count = await rows.CountAsync(ct);
        return (count, count == 0 ? null : await rows.OrderBy(c => c.Id).Select(c => (DateTime?)c.ChangedUtc).FirstAsync(ct));
    }

    /// <summary>
    /// The cursor table's row that records how far old rows were trimmed (<see cref="ContentChangeRetention"/>); not a
    /// reader, so the trim never waits for it.
    /// </summary>
    internal const string TrimmedMark = "(trimmed)";

    /// <summary>How long rows are kept: far beyond any instance's lag, and long enough for a delivery client that syncs weekly.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(30);

    /// <summary>
    /// The id of the newest row that was trimmed away, or 0. A reader whose cursor is below it has missed rows: it must
    /// read everything again (the delivery feed answers 410, an instance reloads its caches, a search index rebuilds).
    /// </summary>
    public async Task<long> TrimmedThroughAsync(CancellationToken ct = default) =>
        await db.Set<ContentChangeCursor>().AsNoTracking().Where(c => c.Name == TrimmedMark).Select(c => (long?)c.Position).SingleOrDefaultAsync(ct) ?? 0;

    /// <summary>The id of the newest change, or 0.</summary>
    public async Task<long> LatestAsync(CancellationToken ct = default) =>
        await db.Set<ContentChange>().MaxAsync(c => (long?)c.Id, ct) ?? 0;

    /// <summary>
    /// Where the reader <paramref name="name"/> stands in the log; a reader met for the first time starts at the newest
    /// change (the migration that made the cursor table set the webhooks' cursor at the log's end).
    /// </summary>
    public async Task<long> CursorAsync(string name, CancellationToken ct = default)
    {
        if (await db.Set<ContentChangeCursor>().AsNoTracking().Where(c => c.Name == name).Select(c => (long?)c.Position).SingleOrDefaultAsync(ct) is { } position)
        {
            return position;
        }

        var latest = await LatestAsync(ct);
        db.Set<ContentChangeCursor>().Add(new ContentChangeCursor(name, latest));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance made it at the same moment: its position is as good.
            db.ChangeTracker.Clear();
            return await db.Set<ContentChangeCursor>().AsNoTracking().Where(c => c.Name == name).Select(c => c.Position).SingleAsync(ct);
        }

        return latest;
    }

    /// <summary>
    /// Moves the reader's cursor from <paramref name="from"/> to <paramref name="to"/>, in the caller's transaction; false
    /// when it no longer stood at <paramref name="from"/> (another instance read the same rows first: roll back). On
    /// PostgreSQL the row stays locked until the transaction ends, so a second reader waits and then finds it moved.
    /// </summary>
    public async Task<bool> AdvanceAsync(string name, long from, long to, CancellationToken ct = default) =>
        await db.Set<ContentChangeCursor>().Where(c => c.Name == name && c.Position == from)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, to), ct) == 1;

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
        if (db.Database.IsNpgsql())
        {
            // Delivered to every listening instance when this transaction commits, never before, never if it rolls back.
            await db.Database.ExecuteSqlRawAsync("NOTIFY " + NotifyChannel, ct);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }
}

/// <summary>
/// How far one reader of the change log (webhooks) has read: the id of the last change it acted on. The row named
/// <see cref="ContentChangeLog.TrimmedMark"/> is no reader: it says how far old rows were trimmed.
/// </summary>
public sealed class ContentChangeCursor
{
    private ContentChangeCursor()
    {
    }

    internal ContentChangeCursor(string name, long position)
    {
        Name = name;
        Position = position;
    }

    public string Name { get; private set; } = "";

    public long Position { get; private set; }
}

internal sealed class ContentChangeCursorConfiguration : IEntityTypeConfiguration<ContentChangeCursor>
{
    public void Configure(EntityTypeBuilder<ContentChangeCursor> b)
    {
        b.ToTable("cmsContentChangeCursor");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
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
