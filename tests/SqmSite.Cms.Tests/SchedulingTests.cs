using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Published;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Cms.Tests;

public sealed class SchedulingTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    [Fact]
    public async Task A_scheduled_publish_happens_when_its_time_comes_and_not_before()
    {
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Scheduled", "scheduled", publish: false));
        var at = fixture.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        Assert.True((await fixture.InScopeAsync(c => c.ScheduleAsync(node.Id, at, null))).Succeeded);
        var scheduler = fixture.Services.GetRequiredService<ScheduledPublisher>();

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await scheduler.RunDueAsync());
        Assert.Null(fixture.Cache.Snapshot.ByUrl("/scheduled/"));

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await scheduler.RunDueAsync());
        Assert.NotNull(fixture.Cache.Snapshot.ByUrl("/scheduled/"));
        var after = await fixture.InScopeAsync(c => c.GetNodeAsync(node.Id));
        Assert.Null(after!.PublishAtUtc);
    }

    [Fact]
    public async Task A_schedule_survives_a_restart_and_an_overdue_unpublish_runs_on_the_first_pass()
    {
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Expiring", "expiring"));
        var at = fixture.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        await fixture.InScopeAsync(c => c.ScheduleAsync(node.Id, null, at));

        // The site is down while the time passes; a new engine on the same database catches up.
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        await using var restarted = CmsFixture.BuildServices(fixture.Database, fixture.Clock);
        await restarted.GetRequiredService<SqmSite.Cms.ContentTypes.IContentTypeService>().ReloadAsync();
        var cache = restarted.GetRequiredService<IPublishedContentCache>();
        await cache.RebuildAsync();
        Assert.NotNull(cache.Snapshot.ByUrl("/expiring/"));

        Assert.Equal(1, await restarted.GetRequiredService<ScheduledPublisher>().RunDueAsync());
        Assert.Null(cache.Snapshot.ByUrl("/expiring/"));
    }

    [Fact]
    public async Task Two_instances_running_their_passes_at_once_publish_and_unpublish_each_schedule_once()
    {
        var coming = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Comes once", "comes-once", publish: false));
        var going = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Goes once", "goes-once"));
        var at = fixture.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        Assert.True((await fixture.InScopeAsync(c => c.ScheduleAsync(coming.Id, at, null))).Succeeded);
        Assert.True((await fixture.InScopeAsync(c => c.ScheduleAsync(going.Id, null, at))).Succeeded);
        var mark = await fixture.InScopeAsync<ContentChangeLog, long>(log => log.LatestAsync());
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        await using var other = CmsFixture.BuildServices(fixture.Database, fixture.Clock);
        await other.GetRequiredService<SqmSite.Cms.ContentTypes.IContentTypeService>().ReloadAsync();
        await other.GetRequiredService<IPublishedContentCache>().RebuildAsync();
        var passes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => (i % 2 == 0 ? fixture.Services : other).GetRequiredService<ScheduledPublisher>().RunDueAsync())));

        Assert.Equal(2, passes.Sum());
        var changes = await fixture.InScopeAsync<ContentChangeLog, IReadOnlyList<ContentChange>>(log => log.ReadAsync(mark, 100));
        Assert.Equal([(coming.Key, ContentChangeKind.Published), (going.Key, ContentChangeKind.Unpublished)],
            changes.Select(c => (c.ContentKey, c.Kind)).OrderBy(c => c.Kind));
        var node = await fixture.InScopeAsync(c => c.GetNodeAsync(coming.Id));
        Assert.Null(node!.PublishAtUtc);
        Assert.NotNull(node.PublishedVersionId);
    }

    [Fact]
    public async Task A_schedule_in_the_past_or_ending_before_it_starts_is_refused()
    {
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Bad schedule", "bad-schedule", publish: false));
        var now = fixture.Clock.GetUtcNow().UtcDateTime;

        var past = await fixture.InScopeAsync(c => c.ScheduleAsync(node.Id, now.AddMinutes(-1), null));
        Assert.Equal(ContentOperationStatus.InvalidSchedule, past.Status);
        Assert.True(past.Errors.ContainsKey("PublishAt"));

        var backwards = await fixture.InScopeAsync(c => c.ScheduleAsync(node.Id, now.AddDays(2), now.AddDays(1)));
        Assert.Equal(ContentOperationStatus.InvalidSchedule, backwards.Status);
        Assert.True(backwards.Errors.ContainsKey("UnpublishAt"));
    }
}
