using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Instances;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Web.Tests;

/// <summary>
/// Old change-log rows are trimmed, never past a reader that still needs them, and a reader that comes back from
/// before the trim is told (the feed's 410) or reads everything again (an instance's caches).
/// </summary>
public sealed class ChangeLogRetentionTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Feed = "/api/delivery/v1/changes";

    [Fact]
    public async Task Old_rows_go_up_to_the_slowest_reader_the_newest_stays_and_a_feed_cursor_from_before_answers_410()
    {
        var now = DateTime.UtcNow;
        var old = now - ContentChangeLog.KeepFor - TimeSpan.FromDays(1);
        var ids = await AddRowsAsync(old, 5);
        var recent = await AddRowsAsync(now, 2);
        await CatchUpFollowerAsync();

        // A reader (like the webhooks) that stands at the third old row holds the trim there.
        await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<CmsDbContext>();
            db.Add(new ContentChangeCursor("test reader", ids[2]));
            return await db.SaveChangesAsync();
        });
        await TrimAsync(now);
        Assert.Equal(ids[2], await TrimmedThroughAsync());
        Assert.Equal(0, await CountAsync(id => id <= ids[2]));
        Assert.Equal(4, await CountAsync(id => id >= ids[3]));

        // The feed: a cursor below the trim (0 included) is refused with the cursor to follow after a full read.
        var client = site.CreateClient();
        var latest = recent[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var since in new[] { "0", (ids[2] - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            var gone = await client.GetAsync($"{Feed}?since={since}");
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            using var problem = JsonDocument.Parse(await gone.Content.ReadAsStringAsync());
            Assert.Equal(latest, problem.RootElement.GetProperty("cursor").GetString());
            Assert.Contains("Read the content again", problem.RootElement.GetProperty("detail").GetString());
        }

        var ok = await client.GetAsync($"{Feed}?since={ids[2]}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // An instance on the list that stands further back holds it too; once it and the reader move on, the old rows
        // go and the recent ones stay.
        await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<CmsDbContext>();
            await db.Set<ContentChangeCursor>().Where(c => c.Name == "test reader").ExecuteUpdateAsync(u => u.SetProperty(c => c.Position, recent[^1]));
            db.Add(new SiteInstance("stalled", now, ids[3], now));
            return await db.SaveChangesAsync();
        });
        await TrimAsync(now);
        Assert.Equal(ids[3], await TrimmedThroughAsync());
        await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<SiteInstance>().Where(i => i.Name == "stalled").ExecuteDeleteAsync());
        await TrimAsync(now);
        Assert.Equal(ids[4], await TrimmedThroughAsync());
        Assert.Equal(2, await CountAsync(id => id > ids[4]));

        // Everything old and every reader at the end: the newest row still stays, so ids go on growing from it.
        await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<ContentChange>().ExecuteUpdateAsync(u => u.SetProperty(c => c.ChangedUtc, old)));
        await TrimAsync(now);
        Assert.Equal(recent[0], await TrimmedThroughAsync());
        Assert.Equal(recent[^1], await site.WithServicesAsync(s => s.GetRequiredService<ContentChangeLog>().LatestAsync()));
        Assert.Equal(1, await CountAsync(_ => true));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Feed}?since={recent[0]}")).StatusCode);

        // Nothing left to trim: the rule says so and changes nothing.
        Assert.Equal(0, await site.WithServicesAsync(s => Retention(s).RunAsync(now, CancellationToken.None)));
        await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<ContentChangeCursor>().Where(c => c.Name == "test reader").ExecuteDeleteAsync());
    }

    [Fact]
    public async Task An_instance_whose_position_was_trimmed_away_reloads_its_caches()
    {
        var follower = await CatchUpFollowerAsync();
        Assert.NotEqual("Contact (changed where no row says so)", (await FormAsync("contact")).Name);

        // A form changed, and the row that said so trimmed before this instance read it (the mark at that row). One
        // transaction, so that on PostgreSQL the follower, woken by the commit, never sees the row either.
        var rows = await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<CmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var rows = await AddRowsAsync(db, DateTime.UtcNow, 2);
            var contact = (await db.Set<Form>().ToListAsync()).Single(f => f.Definition.Alias == "contact");
            contact.Update(contact.Definition with { Name = "Contact (changed where no row says so)" }, DateTime.UtcNow);
            await db.Set<ContentChange>().Where(c => c.Id <= rows[0]).ExecuteDeleteAsync();
            if (!await db.Set<ContentChangeCursor>().AnyAsync(c => c.Name == ContentChangeLog.TrimmedMark))
            {
                db.Add(new ContentChangeCursor(ContentChangeLog.TrimmedMark, rows[0]));
            }

            await db.SaveChangesAsync();
            await db.Set<ContentChangeCursor>().Where(c => c.Name == ContentChangeLog.TrimmedMark)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Position, rows[0]));
            await transaction.CommitAsync();
            return rows;
        });

        await follower.PassAsync(CancellationToken.None);
        Assert.Equal("Contact (changed where no row says so)", (await FormAsync("contact")).Name);
        Assert.Equal(rows[1], follower.Position);
    }

    private Task<FormDefinition> FormAsync(string alias) =>
        site.WithServicesAsync(async s => (await s.GetRequiredService<FormService>().GetFormAsync(alias))!);

    /// <summary>
    /// This site's follower, having read every row so far (its own poll is an hour here), and the site's other readers
    /// (webhooks) at the end too, as they are moments after a change.
    /// </summary>
    private async Task<ChangeFollower> CatchUpFollowerAsync()
    {
        var follower = site.Services.GetRequiredService<ChangeFollower>();
        await follower.PassAsync(CancellationToken.None);
        var position = follower.Position;
        await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<CmsDbContext>();
            await db.Set<ContentChangeCursor>().Where(c => c.Name != ContentChangeLog.TrimmedMark && c.Name != "test reader")
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Position, position));
            return await db.Set<SiteInstance>().ExecuteUpdateAsync(u => u.SetProperty(i => i.AppliedPosition, position));
        });
        return follower;
    }

    private static IHousekeepingTask Retention(IServiceProvider services) =>
        services.GetServices<IHousekeepingTask>().OfType<ContentChangeRetention>().Single();

    private Task<int> TrimAsync(DateTime now) => site.WithServicesAsync(s => Retention(s).RunAsync(now, CancellationToken.None));

    private Task<long> TrimmedThroughAsync() => site.WithServicesAsync(s => s.GetRequiredService<ContentChangeLog>().TrimmedThroughAsync());

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<long, bool>> which) =>
        site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<ContentChange>().Select(c => c.Id).CountAsync(which));

    /// <summary>Rows about pages that are not there (the feed lists only delivered types), as a publish writes them.</summary>
    private Task<List<long>> AddRowsAsync(DateTime when, int count) =>
        site.WithServicesAsync(s => AddRowsAsync(s.GetRequiredService<CmsDbContext>(), when, count));

    private static async Task<List<long>> AddRowsAsync(CmsDbContext db, DateTime when, int count)
    {
        var rows = Enumerable.Range(0, count).Select(_ => new ContentChange(Guid.NewGuid(), "retentionTest", ContentChangeKind.Published, when)).ToList();
        await ContentChangeLog.SaveWithChangesAsync(db, rows, CancellationToken.None);
        return rows.Select(r => r.Id).ToList();
    }
}
