// Fills a site's database with N published winner stories, fast: the rows a publish writes (node, version, change-log
// entry), bulk-inserted through the engine's own DbContext in batches inside one transaction, instead of N calls to
// ContentService.PublishAsync (each of which rebuilds the whole published snapshot, so N of them is O(N²)).
//
//   dotnet StoryCorpus.dll "<connection string>" [count=10000] [--seed 1] [--usync path/to/uSync] [--out folder]
//
// An empty database is first brought to what the site's first start makes of it (migrations and the uSync import), so the
// stories have their home, past-winners page and year pages. The year pages and the first story go through ContentService
// (CreateAndPublishAsync / CreateAsync + PublishAsync): that story is the reference, and the bulk rows are checked against
// its shape. At the end the published snapshot is built the way the site builds it at start and every story must be in it at
// its URL. --out writes corpus.json (counts by year and category) and stories.tsv (key, path, year, category) for benchmarks.
// The site must not be running on the database meanwhile (its snapshot would not see the rows until it restarts).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SqmSite.Cms;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;
using SqmSite.Cms.Sync;
using StoryCorpus;

const string StoryType = "winnerStory";
const string YearType = "winnersYear";
const string IndexType = "winnersIndex";
const string Author = "corpus";
const int Batch = 1000;
const int FirstYear = 2006;
const int LastYear = 2025;

var positional = new List<string>();
var options = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i][2..]] = args[++i];
    }
    else
    {
        positional.Add(args[i]);
    }
}

if (positional.Count == 0)
{
    Console.Error.WriteLine("usage: StoryCorpus \"<connection string>\" [count=10000] [--seed 1] [--usync folder] [--out folder]");
    return 2;
}

var connectionString = positional[0];
var count = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 10_000;
var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 1;
var usync = Path.GetFullPath(options.GetValueOrDefault("usync") ?? FindUp("uSync")
    ?? throw new InvalidOperationException("No uSync folder found above the current folder; pass --usync."));
var outFolder = options.GetValueOrDefault("out");
var postgres = connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:SqmSite"] = connectionString,
    ["SqmSite:Database:Provider"] = postgres ? "PostgreSQL" : "Sqlite",
    ["SqmSite:SyncFolder"] = usync,
}).Build();
var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var scratch = Directory.CreateTempSubdirectory("storycorpus-");
services.AddSqmCmsCore(configuration, scratch.FullName);
services.AddIdentityCore<BackofficeUser>().AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>().AddEntityFrameworkStores<CmsDbContext>();
await using var provider = services.BuildServiceProvider();
var total = Stopwatch.StartNew();

// 1. The site's first start, engine part (CmsInitializer): migrations, and on an empty database the uSync import.
await using (var scope = provider.CreateAsyncScope())
{
    var sp = scope.ServiceProvider;
    await CmsDatabase.MigrateAsync(sp.GetRequiredService<CmsDbContext>(), default);
    var sync = sp.GetRequiredService<SyncService>();
    if (await sync.IsDatabaseEmptyAsync())
    {
        var report = await sync.ImportAsync(usync);
        Console.WriteLine($"corpus: empty database, imported uSync: {report}");
    }

    await sp.GetRequiredService<IContentTypeService>().ReloadAsync();
    await sp.GetRequiredService<IPublishedContentCache>().RebuildAsync();
}

var contentTypes = provider.GetRequiredService<IContentTypeService>();
var cache = provider.GetRequiredService<IPublishedContentCache>();
var storyType = contentTypes.Get(StoryType) ?? throw new InvalidOperationException($"The database has no document type {StoryType}.");
var index = cache.Snapshot.OfType(IndexType).FirstOrDefault()
    ?? throw new InvalidOperationException($"The database has no published {IndexType} page to put the stories under.");
var categoryPages = cache.Snapshot.OfType("categoryPage").ToDictionary(c => c.Name, c => c.Key, StringComparer.OrdinalIgnoreCase);
var categories = categoryPages.Count > 0 ? categoryPages.Keys.Order(StringComparer.Ordinal).ToList() : ["Email Channel", "IVR Self-Service"];
var existingStories = cache.Snapshot.OfType(StoryType).Count();

// 2. The year pages, through ContentService as the awards package makes them (WinnerStoryService.YearPageAsync).
var yearPages = new Dictionary<int, (int Id, string Url)>();
await using (var scope = provider.CreateAsyncScope())
{
    var content = scope.ServiceProvider.GetRequiredService<ContentService>();
    for (var year = FirstYear; year <= LastYear; year++)
    {
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        var page = index.Children.FirstOrDefault(c => c.ContentTypeAlias == YearType && c.UrlSegment == yearText);
        if (page is null)
        {
            var created = await content.CreateAndPublishAsync(index.Id, YearType, new ContentEdit($"{year} winners", yearText,
                new Dictionary<string, string?>
                {
                    ["year"] = yearText,
                    ["summary"] = $"The organizations that won the {year} CX Best Practice Awards, category by category.",
                }), Author);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"The {year} page was not made: {created.Message}");
            }

            page = cache.Snapshot.ByKey(created.Value!.Key)!;
        }

        yearPages[year] = (page.Id, page.Url);
    }
}

var text = new StoryText(seed, categories, FirstYear, LastYear);
var stories = new List<(Guid Key, StoryInput Input)>(count);
var taken = cache.Snapshot.All.Select(c => c.Url).ToHashSet(StringComparer.OrdinalIgnoreCase);
while (stories.Count < count)
{
    var input = text.Next();
    if (taken.Add(yearPages[input.Year].Url + input.UrlSegment + "/"))
    {
        stories.Add((Guid.NewGuid(), input));
    }
}

StoryInput WithCategoryPage(StoryInput input) =>
    categoryPages.TryGetValue(input.Category, out var page)
        ? input with { Values = new Dictionary<string, string?>(input.Values, StringComparer.OrdinalIgnoreCase) { ["categoryPage"] = page.ToString("D") } }
        : input;

// 3. The reference: the first story made and published the ordinary way.
int referenceId;
await using (var scope = provider.CreateAsyncScope())
{
    var content = scope.ServiceProvider.GetRequiredService<ContentService>();
    var (key, input) = stories[0];
    input = WithCategoryPage(input);
    var created = await content.CreateAsync(yearPages[input.Year].Id, StoryType, new ContentEdit(input.Name, input.UrlSegment, input.Values), Author, key);
    var published = created.Succeeded ? await content.PublishAsync(created.Value!.Id, Author) : created;
    if (!published.Succeeded)
    {
        throw new InvalidOperationException($"The reference story was not published: {published.Message} {string.Join("; ", published.Errors?.Select(e => $"{e.Key}: {e.Value}") ?? [])}");
    }

    referenceId = published.Value!.Id;
}

// 4. The rest, in bulk. Values go through ContentService.Validate, as a save does (rich text sanitized, numbers normalized).
var insert = Stopwatch.StartNew();
var nextSort = new Dictionary<int, int>();
await using (var scope = provider.CreateAsyncScope())
{
    var sp = scope.ServiceProvider;
    var db = sp.GetRequiredService<CmsDbContext>();
    var content = sp.GetRequiredService<ContentService>();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    foreach (var (year, page) in yearPages)
    {
        nextSort[page.Id] = (await db.ContentNodes.Where(n => n.ParentId == page.Id).MaxAsync(n => (int?)n.SortOrder) ?? -1) + 1;
    }

    var snapshot = cache.Snapshot;
    Func<Guid, bool> contentExists = k => snapshot.ByKey(k) is not null;
    await using var transaction = await db.Database.BeginTransactionAsync();
    if (db.Database.IsNpgsql())
    {
        // The change log's writers' lock (ContentChangeLog.WriterLock): ids must become visible in the order they were given.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(23451815350390599)");
    }

    var start = DateTime.UtcNow;
    for (var from = 1; from < stories.Count; from += Batch)
    {
        var batch = stories.Skip(from).Take(Batch).Select((st, i) => (st.Key, Input: WithCategoryPage(st.Input), At: start.AddMilliseconds(from + i))).ToList();
        var nodes = new List<ContentNode>(batch.Count);
        foreach (var (key, input, at) in batch)
        {
            var parent = yearPages[input.Year].Id;
            var node = New<ContentNode>();
            var entry = db.Add(node);
            entry.Property(n => n.Key).CurrentValue = key;
            entry.Property(n => n.ParentId).CurrentValue = parent;
            entry.Property(n => n.ContentTypeAlias).CurrentValue = StoryType;
            entry.Property(n => n.SortOrder).CurrentValue = nextSort[parent]++;
            entry.Property(n => n.CreatedUtc).CurrentValue = at;
            entry.Property(n => n.UpdatedUtc).CurrentValue = at;
            nodes.Add(node);
        }

        await db.SaveChangesAsync();
        var versions = new List<ContentVersion>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var (_, input, at) = batch[i];
            var errors = content.Validate(storyType, input.Values, out var values, contentExists, _ => true);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"Story {input.Name} is not valid: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"))}");
            }

            var version = New<ContentVersion>();
            var entry = db.Add(version);
            entry.Property(v => v.NodeId).CurrentValue = nodes[i].Id;
            entry.Property(v => v.Number).CurrentValue = 1;
            entry.Property(v => v.Name).CurrentValue = input.Name;
            entry.Property(v => v.UrlSegment).CurrentValue = input.UrlSegment;
            entry.Property(v => v.Values).CurrentValue = values;
            entry.Property(v => v.Author).CurrentValue = Author;
            entry.Property(v => v.CreatedUtc).CurrentValue = at;
            entry.Property(v => v.PublishedUtc).CurrentValue = at;
            versions.Add(version);
        }

        await db.SaveChangesAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            // What ContentNode.PointAtLatest and MarkPublished do, and the change-log row PublishAsync writes for an item going live.
            var at = batch[i].At;
            var entry = db.Entry(nodes[i]);
            entry.Property(n => n.LatestVersionId).CurrentValue = versions[i].Id;
            entry.Property(n => n.PublishedVersionId).CurrentValue = versions[i].Id;
            entry.Property(n => n.PublishedUtc).CurrentValue = at;
            entry.Property(n => n.UpdatedUtc).CurrentValue = at;
            var change = db.Add(New<ContentChange>());
            change.Property(c => c.ContentKey).CurrentValue = nodes[i].Key;
            change.Property(c => c.ContentTypeAlias).CurrentValue = StoryType;
            change.Property(c => c.Kind).CurrentValue = ContentChangeKind.Published;
            change.Property(c => c.ChangedUtc).CurrentValue = at;
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    await transaction.CommitAsync();
}

insert.Stop();

// 5. Checks: the bulk rows have the reference's shape, and the snapshot the site builds at start has every story at its URL.
await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
    var referenceNode = await db.ContentNodes.AsNoTracking().FirstAsync(n => n.Id == referenceId);
    var sampleKey = stories[^1].Key;
    var sampleNode = await db.ContentNodes.AsNoTracking().FirstAsync(n => n.Key == sampleKey);
    var problems = new List<string>();
    ShapeCheck(db, referenceNode, sampleNode, problems);
    ShapeCheck(db, await db.ContentVersions.AsNoTracking().FirstAsync(v => v.Id == referenceNode.PublishedVersionId),
        await db.ContentVersions.AsNoTracking().FirstAsync(v => v.Id == sampleNode.PublishedVersionId), problems);
    ShapeCheck(db, await db.Set<ContentChange>().AsNoTracking().SingleAsync(c => c.ContentKey == referenceNode.Key),
        await db.Set<ContentChange>().AsNoTracking().SingleAsync(c => c.ContentKey == sampleKey), problems);
    var referenceVersion = await db.ContentVersions.AsNoTracking().FirstAsync(v => v.Id == referenceNode.PublishedVersionId);
    var sampleVersion = await db.ContentVersions.AsNoTracking().FirstAsync(v => v.Id == sampleNode.PublishedVersionId);
    if (!referenceVersion.Values.Select(p => p.Key).Order().SequenceEqual(sampleVersion.Values.Select(p => p.Key).Order()))
    {
        problems.Add("the values of a bulk story have other properties than the reference's");
    }

    foreach (var (label, node, version) in new[] { ("reference", referenceNode, referenceVersion), ("bulk", sampleNode, sampleVersion) })
    {
        if (node.LatestVersionId != version.Id || node.PublishedVersionId != version.Id || version.Number != 1 || node.PublishedUtc != version.PublishedUtc
            || node.PublishAtUtc is not null || node.UnpublishAtUtc is not null)
        {
            problems.Add($"the {label} story's node and version do not point at each other as a publish leaves them");
        }
    }

    await cache.RebuildAsync();
    var snapshot = cache.Snapshot;
    var inSnapshot = snapshot.OfType(StoryType).Count() - existingStories;
    var missing = stories.Count(st => snapshot.ByKey(st.Key) is not { } c || c.Url.Length == 0 || snapshot.ByUrl(c.Url) != c);
    if (inSnapshot != count || missing > 0)
    {
        problems.Add($"the published snapshot has {inSnapshot:N0} new stories ({missing:N0} of ours missing or not at their URL), expected {count:N0}");
    }

    var sizes = stories.Select(st => snapshot.ByKey(st.Key)!.Value("story")!.Length).Order().ToList();
    Console.WriteLine($"corpus: {count:N0} winner stories ({existingStories:N0} were there before), years {FirstYear}–{LastYear}, seed {seed}; " +
        $"bulk insert {insert.Elapsed.TotalSeconds:N1} s, all {total.Elapsed.TotalSeconds:N1} s; story HTML {sizes[0]:N0}–{sizes[^1]:N0} chars (median {sizes[sizes.Count / 2]:N0})");
    if (problems.Count > 0)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("corpus: check failed: " + problem);
        }

        return 1;
    }

    Console.WriteLine("corpus: checks passed (bulk rows shaped like a publish's; every story in the published snapshot at its URL)");
    if (outFolder is not null)
    {
        Directory.CreateDirectory(outFolder);
        var byYear = stories.GroupBy(st => st.Input.Year).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count());
        var byCategory = stories.GroupBy(st => st.Input.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var summary = new JsonObject
        {
            ["count"] = count,
            ["seed"] = seed,
            ["existingStories"] = existingStories,
            ["years"] = JsonSerializer.SerializeToNode(byYear),
            ["categories"] = JsonSerializer.SerializeToNode(byCategory),
            ["bulkInsertSeconds"] = Math.Round(insert.Elapsed.TotalSeconds, 2),
        };
        await File.WriteAllTextAsync(Path.Combine(outFolder, "corpus.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await File.WriteAllLinesAsync(Path.Combine(outFolder, "stories.tsv"),
            stories.Select(st => $"{st.Key:D}\t{snapshot.ByKey(st.Key)!.Url}\t{st.Input.Year}\t{st.Input.Category}"));
    }
}

scratch.Delete(recursive: true);
return 0;

// An entity made the way EF Core makes one it reads (its private constructor); its values are then set through the
// change tracker, which writes the backing fields.
static T New<T>() where T : class => (T)Activator.CreateInstance(typeof(T), nonPublic: true)!;

// Every mapped column: set in one row exactly when it is set in the other.
static void ShapeCheck<T>(CmsDbContext db, T reference, T sample, List<string> problems) where T : class
{
    foreach (var property in db.Model.FindEntityType(typeof(T))!.GetProperties())
    {
        var a = db.Entry(reference).Property(property.Name).CurrentValue;
        var b = db.Entry(sample).Property(property.Name).CurrentValue;
        if ((a is null) != (b is null) || (property.ClrType == typeof(string) && (a as string)?.Length > 0 != (b as string)?.Length > 0))
        {
            problems.Add($"{typeof(T).Name}.{property.Name}: the reference has {a ?? "null"}, a bulk row {b ?? "null"}");
        }
    }
}

static string? FindUp(string name)
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, name);
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    return null;
}
