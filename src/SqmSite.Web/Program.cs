using SqmSite.Awards;
using SqmSite.Cms;
using SqmSite.Cms.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.AddSqmCms();
builder.AddAwards();

var app = builder.Build();
if (await app.TryRunAsync(args) is { } exitCode)
{
    return exitCode;
}

app.UseSqmCms();
app.MapSqmCms();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
