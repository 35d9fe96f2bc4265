using SqmSite.Cms.Content;

namespace SqmSite.Cms.Tests;

/// <summary>The change log says what became live or left the site, descendants included, in order (the change feed reads it).</summary>
public sealed class ContentChangeLogTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    private async Task<IReadOnlyList<ContentChange>> ChangesAfterAsync(long cursor) =>
        await fixture.InScopeAsync<ContentChangeLog, IReadOnlyList<ContentChange>>(log => log.ReadAsync(cursor, 100));

    private Task<long> LatestAsync() => fixture.InScopeAsync<ContentChangeLog, long>(log => log.LatestAsync());

    [Fact]
    public async Task Unpublishing_a_parent_logs_its_live_children_and_publishing_it_again_brings_them_back()
    {
        var segment = "log-" + Guid.NewGuid().ToString("N")[..8];
        var start = await LatestAsync();
        var parent = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Parent", segment));
        var child = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Child", "child", parentId: parent.Id));
        var draftChild = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Draft child", "draft-child", parentId: parent.Id, publish: false));

        var published = await ChangesAfterAsync(start);
        Assert.Equal([(parent.Key, ContentChangeKind.Published), (child.Key, ContentChangeKind.Published)],
            published.Select(c => (c.ContentKey, c.Kind)));
        Assert.True(published[0].Id < published[1].Id);

        var mark = await LatestAsync();
        Assert.True((await fixture.InScopeAsync(c => c.UnpublishAsync(parent.Id, "test"))).Succeeded);
        var unpublished = await ChangesAfterAsync(mark);
        Assert.Equal(new HashSet<Guid> { parent.Key, child.Key }, unpublished.Select(c => c.ContentKey).ToHashSet());
        Assert.All(unpublished, c => Assert.Equal(ContentChangeKind.Unpublished, c.Kind));
        Assert.DoesNotContain(unpublished, c => c.ContentKey == draftChild.Key);

        mark = await LatestAsync();
        Assert.True((await fixture.InScopeAsync(c => c.PublishAsync(parent.Id, "test"))).Succeeded);
        var back = await ChangesAfterAsync(mark);
        Assert.Equal(new HashSet<Guid> { parent.Key, child.Key }, back.Select(c => c.ContentKey).ToHashSet());
        Assert.All(back, c => Assert.Equal(ContentChangeKind.Published, c.Kind));
    }

    [Fact]
    public async Task A_new_version_of_a_live_page_is_logged_once_and_deleting_it_is_logged_as_deleted()
    {
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Versioned", "ver-" + Guid.NewGuid().ToString("N")[..8]));
        var mark = await LatestAsync();
        Assert.True((await fixture.InScopeAsync(c => c.SaveAndPublishAsync(node.Id, ContentTestExtensions.Page("Versioned 2"), "test"))).Succeeded);
        Assert.True((await fixture.InScopeAsync(c => c.DeleteAsync(node.Id, "test"))).Succeeded);

        var changes = await ChangesAfterAsync(mark);
        Assert.Equal([ContentChangeKind.Published, ContentChangeKind.Deleted], changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal(node.Key, c.ContentKey));
        Assert.All(changes, c => Assert.Equal("contentPage", c.ContentTypeAlias));
    }

    [Fact]
    public async Task A_draft_that_never_went_live_leaves_no_trace_when_deleted()
    {
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Never live", "never-" + Guid.NewGuid().ToString("N")[..8], publish: false));
        var mark = await LatestAsync();
        Assert.True((await fixture.InScopeAsync(c => c.DeleteAsync(node.Id, "test"))).Succeeded);
        Assert.Empty(await ChangesAfterAsync(mark));
    }
}
