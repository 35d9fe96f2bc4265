// The time from a publish on one instance to the new page on another (issue "several instances"): this process is the
// publishing instance (it writes through the engine's ContentService, change-log row and NOTIFY included, on the
// cluster's PostgreSQL), and it asks the other instance over HTTP, as a visitor would (output cache and all), until
// the page shows what was just published.
//
//   dotnet PublishLatency.dll "<connection string>" <other instance's base URL> [count=50] [--page "About the awards"]
//
// Prints each measure's median, p90, p99 and maximum in milliseconds, from the call to PublishAsync (before the commit)
// to the first answer of the other instance that has the new text.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SqmSite.Cms;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PublishLatency \"<connection string>\" <other instance URL> [count=50] [--page name]");
    return 2;
}

var connectionString = args[0];
var other = new Uri(args[1]);
var count = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
var pageName = args.SkipWhile(a => a != "--page").Skip(1).FirstOrDefault() ?? "About the awards";

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:SqmSite"] = connectionString,
    ["SqmSite:Database:Provider"] = "PostgreSQL",
}).Build();
var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var scratch = Directory.CreateTempSubdirectory("publishlatency-");
services.AddSqmCmsCore(configuration, scratch.FullName);
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<IContentTypeService>().ReloadAsync();
await provider.GetRequiredService<IPublishedContentCache>().RebuildAsync();

using var http = new HttpClient { BaseAddress = other, Timeout = TimeSpan.FromSeconds(10) };
int id;
string url;
await using (var scope = provider.CreateAsyncScope())
{
    var content = scope.ServiceProvider.GetRequiredService<ContentService>();
    id = (await content.GetTreeAsync()).Single(i => i.Name == pageName).Id;
    url = provider.GetRequiredService<IPublishedContentCache>().Snapshot.All.Single(c => c.Id == id).Url;
}

var latencies = new List<double>();
for (var i = 0; i < count; i++)
{
    var token = $"latency-{i}-{Guid.NewGuid():N}";
    await using var scope = provider.CreateAsyncScope();
    var content = scope.ServiceProvider.GetRequiredService<ContentService>();
    var node = (await content.GetNodeAsync(id))!;
    var latest = (await content.GetLatestVersionAsync(node))!;
    var values = latest.Values.ToDictionary(v => v.Key, v => (string?)PropertyValueParser.ToRaw(v.Value));
    values["body"] = $"<p>Measured publish {token}.</p>";
    var saved = await content.SaveAsync(id, new ContentEdit(latest.Name, latest.UrlSegment, values), "bench");
    if (!saved.Succeeded)
    {
        Console.Error.WriteLine("save failed: " + saved.Message);
        return 1;
    }

    var watch = Stopwatch.StartNew();
    var published = await content.PublishAsync(id, "bench");
    if (!published.Succeeded)
    {
        Console.Error.WriteLine("publish failed: " + published.Message);
        return 1;
    }

    while (true)
    {
        var page = await http.GetStringAsync(url);
        if (page.Contains(token, StringComparison.Ordinal))
        {
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            break;
        }

        if (watch.Elapsed > TimeSpan.FromSeconds(30))
        {
            Console.Error.WriteLine($"the other instance did not show publish {i} within 30 s");
            return 1;
        }

        await Task.Delay(2);
    }

    await Task.Delay(200);
}

latencies.Sort();
double At(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"publish-to-other: {latencies.Count} publishes, median {At(0.5):0.0} ms, p90 {At(0.9):0.0} ms, p99 {At(0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
return 0;
