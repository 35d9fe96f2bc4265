using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Directory = Lucene.Net.Store.Directory;

namespace SqmSite.Cms.Search.Index;

/// <summary>
/// One built index in a folder of its own: its single <see cref="IndexWriter"/> and the <see cref="SearcherManager"/> that
/// queries share (a reader refreshed after writes, never one opened per query). Each commit records the change-log
/// position it covers, so a restarted instance knows where to carry on without a rebuild.
/// </summary>
internal sealed class IndexGeneration : IDisposable
{
    private const string PositionKey = "position";
    private const string UpdatedKey = "updated";

    private IndexGeneration(string folder, Directory directory, IndexWriter writer)
    {
        Folder = folder;
        Directory = directory;
        Writer = writer;
        Searchers = new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null);
        var data = writer.CommitData;
        Position = data.TryGetValue(PositionKey, out var p) && long.TryParse(p, CultureInfo.InvariantCulture, out var position) ? position : 0;
        LastUpdateUtc = data.TryGetValue(UpdatedKey, out var u) && DateTime.TryParse(u, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var updated) ? updated : null;
    }

    public string Folder { get; }

    public Directory Directory { get; }

    public IndexWriter Writer { get; }

    public SearcherManager Searchers { get; }

    /// <summary>The last change-log row this index has applied.</summary>
    public long Position { get; private set; }

    public DateTime? LastUpdateUtc { get; private set; }

    /// <summary>A new, empty index in <paramref name="folder"/>.</summary>
    public static IndexGeneration Create(string folder, Analyzer analyzer)
    {
        System.IO.Directory.CreateDirectory(folder);
        var directory = FSDirectory.Open(folder);
        return new IndexGeneration(folder, directory, new IndexWriter(directory, Config(analyzer, OpenMode.CREATE)));
    }

    /// <summary>
    /// The index in <paramref name="folder"/>, checked: null with a reason when it is missing, unreadable or its files fail
    /// their checksums (a torn copy, a full disk, a crash in the wrong place), so the caller builds a new one instead.
    /// </summary>
    public static IndexGeneration? TryOpen(string folder, Analyzer analyzer, out string? problem)
    {
        problem = null;
        if (!System.IO.Directory.Exists(folder))
        {
            problem = "The index folder is missing.";
            return null;
        }

        Directory? directory = null;
        IndexWriter? writer = null;
        try
        {
            directory = FSDirectory.Open(folder);
            if (!DirectoryReader.IndexExists(directory))
            {
                problem = "The index folder holds no index.";
                directory.Dispose();
                return null;
            }

            using (var reader = DirectoryReader.Open(directory))
            {
                foreach (var leaf in reader.Leaves)
                {
                    leaf.AtomicReader.CheckIntegrity();
                }
            }

            writer = new IndexWriter(directory, Config(analyzer, OpenMode.APPEND));
            return new IndexGeneration(folder, directory, writer);
        }
        catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException
                                      or LockObtainFailedException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            problem = $"The index could not be opened ({e.GetType().Name}: {e.Message}).";
            writer?.Dispose();
            directory?.Dispose();
            return null;
        }
    }

    /// <summary>Makes what was written durable, with the change-log position it covers, and lets queries see it.</summary>
    public void Commit(long position, DateTime nowUtc)
    {
        Writer.SetCommitData(new Dictionary<string, string>
        {
            [PositionKey] = position.ToString(CultureInfo.InvariantCulture),
            [UpdatedKey] = nowUtc.ToString("O", CultureInfo.InvariantCulture),
        });
        Writer.Commit();
        Position = position;
        LastUpdateUtc = nowUtc;
        Searchers.MaybeRefreshBlocking();
    }

    public int Documents()
    {
        var searcher = Searchers.Acquire();
        try
        {
            return searcher.IndexReader.NumDocs;
        }
        finally
        {
            Searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        Searchers.Dispose();
        Writer.Dispose();
        Directory.Dispose();
    }

    private static IndexWriterConfig Config(Analyzer analyzer, OpenMode mode) => new(SearchFields.Version, analyzer)
    {
        OpenMode = mode,
        RAMBufferSizeMB = 32,
    };
}
