// 200 nominees save story drafts at the same time, through the real service and a real database.
// Checks: no errors, no lost save (each nominee's stored story is its last acknowledged draft).
// Reports p50/p99 latency of a save and saves per second. Usage: dotnet run -c Release -- [nominees] [saves each] [pause ms]
// With a pause, each nominee starts at a random moment within the first pause and waits that long after each save (the
// page autosaves every 20 s while the story changes, so 1,000 ms is twenty times the real pace); 0 saves back to back.
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;
using SqmSite.Cms.Data;
using SqmSite.Cms.Security;
using SqmSite.Testing;

var nominees = args.Length > 0 ? int.Parse(args[0]) : 200;
var savesEach = args.Length > 1 ? int.Parse(args[1]) : 10;
var pause = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2]) : 0);

await using var database = await TestDatabase.CreateAsync();
var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).AddEnvironmentVariables().Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddSqmCmsCore(configuration, RepositoryPaths.WebProject);
services.AddAwardsCore(configuration, RepositoryPaths.WebProject);
services.AddIdentityCore<BackofficeUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<CmsDbContext>();
await using var provider = services.BuildServiceProvider();

// Set up: one finalist per nominee, made through the domain's own steps, then the cycle moved to the story step.
var now = DateTime.UtcNow;
var open = new CycleDates(now.AddDays(-1), now.AddDays(1), now.AddDays(2), now.AddDays(2), now.AddDays(3), now.AddDays(4),
    now.AddDays(30), now.AddDays(60), now.AddDays(90), now.AddDays(92));
var storyStep = open with
{
    ApplicationsOpenUtc = now.AddDays(-30), ApplicationsCloseUtc = now.AddDays(-20), ChecklistDueUtc = now.AddDays(-15),
    InterviewsStartUtc = now.AddDays(-15), InterviewsEndUtc = now.AddDays(-10), FinalistsNotifiedByUtc = now.AddDays(-1),
};
var category = Guid.NewGuid();
var keys = new List<Guid>();
await using (var scope = provider.CreateAsyncScope())
{
    await CmsDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), default);
    var db = scope.ServiceProvider.GetRequiredService<AwardsDbContext>();
    await db.Database.MigrateAsync();
    var cycle = new AwardCycle("Bench cycle", now.Year, "UTC", open, [category]);
    db.Cycles.Add(cycle);
    await db.SaveChangesAsync();
    var pending = new List<Nomination>();
    for (var i = 0; i < nominees; i++)
    {
        var organization = new Organization($"Nominee {i}", null, false, now);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        var (nomination, _) = Nomination.Apply(cycle, organization.Id, category, "Bench category", "Overview", false, "bench", now);
        nomination!.SubmitChecklist(cycle, Guid.NewGuid(), "bench", now);
        nomination.ReviewChecklist(true, null, "bench", now);
        nomination.DecideFinalist(true, "bench", now);
        db.Nominations.Add(nomination);
        pending.Add(nomination);
    }

    cycle.Update(cycle.Name, cycle.Year, cycle.FirstRatingsYear, cycle.TimeZoneId, storyStep, cycle.CategoryKeys);
    foreach (var nomination in pending)
    {
        nomination.ReleaseDecision(cycle, "bench", now);
        keys.Add(nomination.Key);
    }

    await db.SaveChangesAsync();
}

var story = string.Concat(Enumerable.Repeat("Our practice and the data linked to it. ", 250)); // about 10,000 characters
// Warm-up, not counted: the code paths compiled and the pool's connections opened, as on a site that has been running.
for (var i = 0; i < Math.Min(nominees, 40); i++)
{
    await using var scope = provider.CreateAsyncScope();
    var warm = await scope.ServiceProvider.GetRequiredService<NominationService>()
        .StepAsync(keys[i], null, (n, c, at) => n.SaveStoryDraft(c, new StoryDraft("Warm-up.", "People", "Process", "Technology", []), "bench", at), null);
    if (!warm.Succeeded)
    {
        throw new InvalidOperationException($"warm-up save failed: {warm.Message}");
    }
}

var latencies = new List<double>();
var errors = 0;
var lastSaved = new string[nominees];
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, nominees).Select(i => Task.Run(async () =>
{
    int? revision = null;
    if (pause > TimeSpan.Zero)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * pause.TotalMilliseconds));
    }

    for (var s = 0; s < savesEach; s++)
    {
        if (s > 0 && pause > TimeSpan.Zero)
        {
            await Task.Delay(pause);
        }

        var text = $"{story} Save {s} of nominee {i}.";
        var draft = new StoryDraft(text, "People", "Process", "Technology", []);
        var started = Stopwatch.GetTimestamp();
        await using var scope = provider.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<NominationService>();
        SqmSite.Cms.Attempt<NominationOperationStatus> result;
        try
        {
            result = await service.StepAsync(keys[i], null, (n, c, at) => n.SaveStoryDraft(c, draft, "bench", at), revision);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref errors);
            Console.Error.WriteLine($"nominee {i} save {s}: {ex.GetType().Name}: {ex.Message}");
            continue;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (latencies)
        {
            latencies.Add(elapsed);
        }

        if (!result.Succeeded)
        {
            Interlocked.Increment(ref errors);
            Console.Error.WriteLine($"nominee {i} save {s}: {result.Status} {result.Message}");
            continue;
        }

        lastSaved[i] = text;
        revision = (await service.FindAsync(keys[i]))!.Revision;
    }
})));
clock.Stop();

// No lost save: what is stored is what each nominee last had acknowledged.
var lost = 0;
await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AwardsDbContext>();
    var stored = await db.Nominations.AsNoTracking().Where(n => keys.Contains(n.Key)).ToDictionaryAsync(n => n.Key, n => n.Story.Text);
    for (var i = 0; i < nominees; i++)
    {
        if (lastSaved[i] is null || stored[keys[i]] != lastSaved[i].Trim())
        {
            lost++;
        }
    }
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];
Console.WriteLine($"provider: {database.Provider}  nominees: {nominees}  saves each: {savesEach}  pause: {pause.TotalMilliseconds:N0} ms  story: ~{story.Length:N0} chars");
Console.WriteLine($"saves: {latencies.Count:N0} in {clock.Elapsed.TotalSeconds:N1} s = {latencies.Count / clock.Elapsed.TotalSeconds:N0} saves/s");
Console.WriteLine($"latency p50: {Percentile(0.50):N1} ms  p99: {Percentile(0.99):N1} ms  max: {latencies[^1]:N1} ms");
Console.WriteLine($"errors: {errors}  lost saves: {lost}");
return errors == 0 && lost == 0 ? 0 : 1;
