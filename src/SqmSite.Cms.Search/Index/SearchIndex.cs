using System.Collections.Concurrent;
using System.Diagnostics;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Content;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Search.Index;

/// <summary>Where a rebuild stands: items done of the total, and how fast.</summary>
public sealed record SearchRebuildProgress(string Reason, DateTime StartedUtc, int Done, int Total, double ItemsPerSecond, DateTime? FinishedUtc, string? Failure)
{
    public bool Running => FinishedUtc is null;
}

/// <summary>The index as the backoffice shows it.</summary>
public sealed record SearchIndexState(bool Ready, int Documents, long Position, DateTime? LastUpdateUtc, string Folder, string? Problem, SearchRebuildProgress? Rebuild);

/// <summary>
/// This instance's search index. It follows the content change log (rows written in the same transaction as each
/// publish, unpublish and delete) from the position its last commit recorded, and is woken at once by the engine's
/// notifications, which also name the keys to read again from the live snapshot. A rebuild writes a whole new index in
/// a folder beside the live one and swaps it in only when complete: queries answer from the old one until then, so a
/// rebuild never empties search (Examine's known trouble). See docs/decisions/0021-search.md.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    private const string CurrentFile = "current";
    private const string OwnerFile = "owner.lock";
    private const int BatchSize = 500;

    private readonly IPublishedContentCache _cache;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<SearchIndex> _logger;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly Instances.WakeSignal _wake = new();
    private readonly ConcurrentDictionary<Guid, byte> _dirty = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile IndexGeneration? _live;
    private volatile ConcurrentDictionary<Guid, byte>? _touchedDuringRebuild;
    private volatile SearchRebuildProgress? _progress;
    private volatile string? _problem;
    private FileStream? _owner;
    private int _rebuilding;

    public SearchIndex(IPublishedContentCache cache, IServiceScopeFactory scopes, IOptions<SearchOptions> options, IHostEnvironment environment,
        TimeProvider clock, ILogger<SearchIndex> logger)
    {
        _cache = cache;
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        var configured = options.Value.IndexRoot is { Length: > 0 } r ? r : Path.Combine("App_Data", "search");
        Root = Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured);
        Analyzer = SearchFields.CreateAnalyzer();
    }

    /// <summary>The folder that holds this instance's index folders and the name of the live one.</summary>
    public string Root { get; }

    internal Analyzer Analyzer { get; }

    internal bool Ready => _live is not null;

    /// <summary>Another site holds this index folder: this one neither writes nor rebuilds there (a setting to correct).</summary>
    internal bool FolderInUse { get; private set; }

    public SearchIndexState State()
    {
        var live = _live;
        return new SearchIndexState(live is not null, live?.Documents() ?? 0, live?.Position ?? 0, live?.LastUpdateUtc, live?.Folder ?? Root, _problem, _progress);
    }

    /// <summary>Items to read again from the live snapshot (a notification named them); wakes the index.</summary>
    internal void MarkDirty(IEnumerable<Guid> keys)
    {
        foreach (var key in keys)
        {
            _dirty[key] = 0;
        }

        Wake();
    }

    internal void Wake() => _wake.Wake();

    internal async Task WaitForWakeAsync(TimeSpan timeout, CancellationToken ct) => await _wake.WaitAsync(timeout, ct);

    /// <summary>The name of the folder <c>current</c> says is live, or null when it names none (or anything but a folder here).</summary>
    private string? LiveName()
    {
        var pointer = Path.Combine(Root, CurrentFile);
        var name = File.Exists(pointer) ? File.ReadAllText(pointer).Trim() : "";
        return name.Length == 0 || name.Contains('/') || name.Contains('\\') || name.Contains("..") ? null : name;
    }

    /// <summary>
    /// Opens the index the folder names as live. False, with the reason kept for the backoffice, when it is missing or
    /// damaged: the caller starts a rebuild, and search says it is being prepared meanwhile (the site answers as usual).
    /// </summary>
    internal bool TryOpenLive()
    {
        Directory.CreateDirectory(Root);
        if (!TryOwnFolder())
        {
            return false;
        }

        if (LiveName() is not { } name)
        {
            _problem = "There is no index yet.";
            return false;
        }

        var generation = IndexGeneration.TryOpen(Path.Combine(Root, name), Analyzer, out var problem);
        if (generation is null)
        {
            _problem = problem;
            _logger.LogWarning("Search index {Folder} cannot be used and will be rebuilt: {Problem}", name, problem);
            return false;
        }

        _live = generation;
        _problem = null;
        RemoveLeftovers(name);
        return true;
    }

    /// <summary>
    /// Applies what changed since the live index's position, and the keys notifications named, then commits with the new
    /// position and refreshes the searchers. One writer at a time; a rebuild in progress hears of every key touched.
    /// </summary>
    internal async Task CatchUpAsync(CancellationToken ct)
    {
        await _write.WaitAsync(ct);
        try
        {
            FollowRebuildElsewhere();
            if (_live is { } live)
            {
                var keys = DrainDirty();
                if (_touchedDuringRebuild is { } touched)
                {
                    foreach (var key in keys)
                    {
                        touched[key] = 0;
                    }
                }

                await ApplyAsync(live, keys, ct);
            }
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>
    /// Holds <c>owner.lock</c> with an exclusive lock for as long as this index is open, so a second site configured with
    /// the same folder is told so instead of writing beside the first (two writers would corrupt the index). A rebuild
    /// from the command line does not need it: it writes only a new folder and the name of the live one.
    /// </summary>
    private bool TryOwnFolder()
    {
        if (_owner is not null)
        {
            return true;
        }

        try
        {
            _owner = new FileStream(Path.Combine(Root, OwnerFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException e)
        {
            FolderInUse = true;
            _problem = $"Another process uses the index folder {Root}: give each instance its own SqmSite:Search:IndexRoot. ({e.Message})";
            _logger.LogError("Search is off on this instance: {Problem}", _problem);
            return false;
        }
    }

    /// <summary>
    /// What the index folder holds, read without taking it over (the command line's <c>search status</c>, which may run
    /// beside a site): the live folder's documents and position, or why there is none.
    /// </summary>
    public string Describe()
    {
        if (LiveName() is not { } name)
        {
            return $"No index in {Root} yet.";
        }

        try
        {
            using var directory = Lucene.Net.Store.FSDirectory.Open(Path.Combine(Root, name));
            using var reader = DirectoryReader.Open(directory);
            var data = new Dictionary<string, string>(reader.IndexCommit.UserData);
            return $"Search index {Path.Combine(Root, name)}: {reader.NumDocs} documents, change-log position {data.GetValueOrDefault("position", "0")}, last update {data.GetValueOrDefault("updated", "never")}";
        }
        catch (Exception e) when (e is IOException or CorruptIndexException or UnauthorizedAccessException)
        {
            return $"The index {name} in {Root} cannot be read: {e.Message}";
        }
    }

    /// <summary>Starts a rebuild in the background; false when one is already running.</summary>
    public bool StartRebuild(string reason)
    {
        if (FolderInUse || Interlocked.CompareExchange(ref _rebuilding, 1, 0) != 0)
        {
            return false;
        }

        // Running from this moment, so whoever asked sees it at once.
        _progress = new SearchRebuildProgress(reason, _clock.GetUtcNow().UtcDateTime, 0, 0, 0, null, null);

        _ = Task.Run(async () =>
        {
            try
            {
                await RebuildCoreAsync(reason, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // The site is stopping: the half-built folder is removed and the live index stays as it was.
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Search index rebuild failed");
            }
        });
        return true;
    }

    /// <summary>Rebuilds and waits until the new index is live (the command line); false when one was already running.</summary>
    public async Task<bool> RebuildAsync(string reason, CancellationToken ct = default)
    {
        if (Interlocked.CompareExchange(ref _rebuilding, 1, 0) != 0)
        {
            return false;
        }

        // Running from this moment, so whoever asked sees it at once.
        _progress = new SearchRebuildProgress(reason, _clock.GetUtcNow().UtcDateTime, 0, 0, 0, null, null);

        await RebuildCoreAsync(reason, ct);
        return _progress?.Failure is null;
    }

    /// <summary>A searcher over the live index, or null while there is none yet; dispose the lease when done.</summary>
    internal SearcherLease? Acquire()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var live = _live;
            if (live is null)
            {
                return null;
            }

            try
            {
                return new SearcherLease(live.Searchers, live.Searchers.Acquire());
            }
            catch (ObjectDisposedException)
            {
                // Swapped out by a rebuild between the read and the acquire: take the new one.
            }
        }

        return null;
    }

    /// <summary>At shutdown: a rebuild in progress stops, and the writer closes once no pass is applying changes.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        var held = _write.Wait(TimeSpan.FromSeconds(10));
        try
        {
            _live?.Dispose();
            _live = null;
            _owner?.Dispose();
            _owner = null;
        }
        finally
        {
            if (held)
            {
                _write.Release();
            }
        }
    }

    private async Task RebuildCoreAsync(string reason, CancellationToken ct)
    {
        var started = _clock.GetUtcNow().UtcDateTime;
        var watch = Stopwatch.StartNew();
        IndexGeneration? built = null;
        _touchedDuringRebuild = new ConcurrentDictionary<Guid, byte>();
        try
        {
            // The position first, then the snapshot: rows after it are applied again at the swap, so nothing between
            // the two is missed; keys notified meanwhile are read again too (_touchedDuringRebuild).
            long position;
            await using (var scope = _scopes.CreateAsyncScope())
            {
                position = await scope.ServiceProvider.GetRequiredService<ContentChangeLog>().LatestAsync(ct);
            }

            var items = _cache.Snapshot.All.Where(Indexable).ToList();
            _progress = new SearchRebuildProgress(reason, started, 0, items.Count, 0, null, null);
            _logger.LogInformation("Search index rebuild started ({Reason}): {Total} items", reason, items.Count);
            var folder = Path.Combine(Root, $"index-{started:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}");
            built = IndexGeneration.Create(folder, Analyzer);
            for (var i = 0; i < items.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                built.Writer.AddDocument(SearchFields.Document(items[i]));
                if (i % 64 == 63)
                {
                    _progress = _progress with { Done = i + 1, ItemsPerSecond = Rate(i + 1, watch) };
                    await Task.Yield();
                }
            }

            built.Commit(position, _clock.GetUtcNow().UtcDateTime);
            _progress = _progress with { Done = items.Count, ItemsPerSecond = Rate(items.Count, watch) };

            IndexGeneration? old;
            await _write.WaitAsync(ct);
            try
            {
                // Catch the new index up with what changed while it was built, then make it the live one.
                var touched = _touchedDuringRebuild;
                _touchedDuringRebuild = null;
                await ApplyAsync(built, [.. touched.Keys, .. DrainDirty()], ct);
                var pointer = Path.Combine(Root, CurrentFile);
                await File.WriteAllTextAsync(pointer + ".tmp", Path.GetFileName(folder), ct);
                File.Move(pointer + ".tmp", pointer, overwrite: true);
                old = _live;
                _live = built;
                built = null;
                _problem = null;
            }
            finally
            {
                _write.Release();
            }

            if (old is not null)
            {
                old.Dispose();
                TryDelete(old.Folder);
            }

            var finished = _clock.GetUtcNow().UtcDateTime;
            _progress = _progress with { FinishedUtc = finished };
            _logger.LogInformation("Search index rebuilt: {Total} items in {Seconds:0.0} s", items.Count, watch.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _progress = (_progress ?? new SearchRebuildProgress(reason, started, 0, 0, 0, null, null)) with
            {
                FinishedUtc = _clock.GetUtcNow().UtcDateTime,
                Failure = e.Message,
            };
            throw;
        }
        finally
        {
            _touchedDuringRebuild = null;
            if (built is not null)
            {
                built.Dispose();
                TryDelete(built.Folder);
            }

            Interlocked.Exchange(ref _rebuilding, 0);
        }
    }

    private async Task ApplyAsync(IndexGeneration index, IReadOnlyCollection<Guid> keys, CancellationToken ct)
    {
        var snapshot = _cache.Snapshot;
        await using var scope = _scopes.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<ContentChangeLog>();
        var position = index.Position;
        if (position < await log.TrimmedThroughAsync(ct))
        {
            // Rows this index never applied were trimmed (it was stopped for longer than the log keeps them): it keeps
            // answering as it is while a rebuild makes a complete one.
            StartRebuild("the change log no longer reaches back to this index's position");
            return;
        }

        var changed = keys.Count > 0;
        foreach (var key in keys)
        {
            Derive(index, snapshot, key);
        }

        while (true)
        {
            var rows = await log.ReadAsync(position, BatchSize, ContentChange.ContentKinds, ct);
            if (rows.Count == 0)
            {
                break;
            }

            // The last row of a key says where it stands. A row may be read a moment before this instance swapped its
            // snapshot (the row commits first): "left the site" is applied as written; "went live" is read from the
            // snapshot, and the notification that follows the swap names the key again.
            foreach (var last in rows.GroupBy(r => r.ContentKey).Select(g => g.Last()))
            {
                if (last.Kind == ContentChangeKind.Published)
                {
                    Derive(index, snapshot, last.ContentKey);
                }
                else
                {
                    index.Writer.DeleteDocuments(new Term(SearchFields.Key, SearchFields.KeyOf(last.ContentKey)));
                }
            }

            position = rows[^1].Id;
            changed = true;
            if (rows.Count < BatchSize)
            {
                break;
            }
        }

        if (changed)
        {
            index.Commit(position, _clock.GetUtcNow().UtcDateTime);
        }
    }

    /// <summary>
    /// A rebuild from the command line (<c>-- search rebuild</c>) writes a new folder and names it live while the site
    /// runs: the site opens it and lets its own go. Called under the writer's lock.
    /// </summary>
    private void FollowRebuildElsewhere()
    {
        var live = _live;
        if (live is null || Volatile.Read(ref _rebuilding) != 0 || LiveName() is not { } name || name == Path.GetFileName(live.Folder))
        {
            return;
        }

        if (IndexGeneration.TryOpen(Path.Combine(Root, name), Analyzer, out var problem) is not { } opened)
        {
            _logger.LogWarning("The search index {Folder} named live by another process cannot be opened: {Problem}", name, problem);
            return;
        }

        _live = opened;
        live.Dispose();
        TryDelete(live.Folder);
        _logger.LogInformation("Search now answers from the index {Folder} rebuilt by another process", name);
    }

    private static void Derive(IndexGeneration index, PublishedSnapshot snapshot, Guid key)
    {
        var term = new Term(SearchFields.Key, SearchFields.KeyOf(key));
        if (snapshot.ByKey(key) is { } content && Indexable(content))
        {
            index.Writer.UpdateDocument(term, SearchFields.Document(content));
        }
        else
        {
            index.Writer.DeleteDocuments(term);
        }
    }

    /// <summary>Pages only: data items (email templates, settings) have no URL and are not searched.</summary>
    internal static bool Indexable(PublishedContent content) => content.ContentType.Routable && !content.IsDraft;

    private Guid[] DrainDirty()
    {
        var keys = _dirty.Keys.ToArray();
        foreach (var key in keys)
        {
            _dirty.TryRemove(key, out _);
        }

        return keys;
    }

    private static double Rate(int done, Stopwatch watch) => watch.Elapsed.TotalSeconds > 0 ? done / watch.Elapsed.TotalSeconds : 0;

    /// <summary>Index folders a crashed rebuild left behind.</summary>
    private void RemoveLeftovers(string live)
    {
        foreach (var folder in Directory.EnumerateDirectories(Root, "index-*"))
        {
            if (Path.GetFileName(folder) != live)
            {
                TryDelete(folder);
            }
        }
    }

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not remove the old search index folder {Folder}: {Message}", folder, e.Message);
        }
    }
}

/// <summary>A searcher borrowed from the live index; disposing gives it back.</summary>
internal sealed class SearcherLease(SearcherManager manager, IndexSearcher searcher) : IDisposable
{
    public IndexSearcher Searcher { get; } = searcher;

    public void Dispose() => manager.Release(Searcher);
}
