using SqmSite.Awards;
using SqmSite.Cms;
using SqmSite.Cms.Delivery;
using SqmSite.Cms.Search;
using SqmSite.Cms.Sync;

// --demo: fictitious past winners for a first look (README); it is a flag, not a setting, so it never comes from configuration.
var demo = args.Contains("--demo");
args = [.. args.Where(a => a != "--demo")];
var builder = WebApplication.CreateBuilder(args);
builder.AddSqmCms();
builder.AddSqmDelivery();
builder.AddSqmSearch();
builder.AddAwards(demo);

var app = builder.Build();
if ((await app.TryRunAsync(args) ?? await app.TryRunSearchAsync(args)) is { } exitCode)
{
    return exitCode;
}

app.UseSqmCms();
app.MapSqmCms();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
