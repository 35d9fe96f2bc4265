using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;

namespace SqmSite.Cms.Tests;

public sealed class ContentServiceTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [Fact]
    public async Task A_draft_is_not_live_until_published()
    {
        var segment = Unique("draft");
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Draft page", segment, publish: false));

        Assert.Null(fixture.Cache.Snapshot.ByUrl($"/{segment}/"));
        Assert.False(node.IsPublished);

        await fixture.InScopeAsync(c => c.PublishAsync(node.Id, "test"));
        var live = fixture.Cache.Snapshot.ByUrl($"/{segment}/");
        Assert.NotNull(live);
        Assert.Equal("Draft page", live.Name);
        Assert.Equal("<p>Body</p>", live.Value("body"));
    }

    [Fact]
    public async Task A_draft_whose_picked_page_was_deleted_since_is_not_published()
    {
        var target = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Picked page", "picked-" + Guid.NewGuid().ToString("N")[..8]));
        var home = fixture.Cache.Snapshot.Home!;
        var original = home.ContentType.Properties.ToDictionary(p => p.Alias, p => (string?)home.Value(p.Alias));
        var values = new Dictionary<string, string?>(original) { ["featuredPage"] = target.Key.ToString() };
        Assert.True((await fixture.InScopeAsync(c => c.SaveAsync(home.Id, new ContentEdit(home.Name, home.UrlSegment, values), "test"))).Succeeded);
        Assert.True((await fixture.InScopeAsync(c => c.DeleteAsync(target.Id, "test"))).Succeeded);

        var published = await fixture.InScopeAsync(c => c.PublishAsync(home.Id, "test"));
        Assert.Equal(ContentOperationStatus.ValidationFailed, published.Status);
        Assert.True(published.Errors.ContainsKey("featuredPage"), string.Join(" ", published.Errors.Values));
        Assert.NotEqual(target.Key.ToString(), fixture.Cache.Snapshot.Home!.Value("featuredPage"));

        // Leave the home page as other tests expect it.
        Assert.True((await fixture.InScopeAsync(c => c.SaveAndPublishAsync(home.Id, new ContentEdit(home.Name, home.UrlSegment, original), "test"))).Succeeded);
    }

    [Fact]
    public async Task Saving_a_draft_of_a_live_page_keeps_the_live_version_until_publish()
    {
        var segment = Unique("edit");
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Original", segment));

        var saved = await fixture.InScopeAsync(c => c.SaveAsync(node.Id, ContentTestExtensions.Page("Changed", segment, "<p>New</p>"), "test"));
        Assert.True(saved.Succeeded);
        Assert.True(saved.Value!.HasUnpublishedChanges);
        Assert.Equal("Original", fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Name);

        await fixture.InScopeAsync(c => c.PublishAsync(node.Id, "test"));
        Assert.Equal("Changed", fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Name);
        var versions = await fixture.InScopeAsync(c => c.GetVersionsAsync(node.Id));
        Assert.Equal([2, 1], versions.Select(v => v.Number));
    }

    [Fact]
    public async Task A_missing_required_property_is_refused_and_nothing_is_lost()
    {
        var segment = Unique("req");
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Required", segment));

        var edit = new ContentEdit("Required", segment, new Dictionary<string, string?> { ["summary"] = "", ["body"] = "<p>x</p>" });
        var result = await fixture.InScopeAsync(c => c.SaveAsync(node.Id, edit, "test"));

        Assert.Equal(ContentOperationStatus.ValidationFailed, result.Status);
        Assert.Equal("Summary is required.", result.Errors["summary"]);
        var versions = await fixture.InScopeAsync(c => c.GetVersionsAsync(node.Id));
        Assert.Single(versions);
        Assert.Equal("A summary.", versions[0].Values["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_duplicate_url_segment_among_siblings_is_refused_but_allowed_elsewhere()
    {
        var segment = Unique("dup");
        var first = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "First", segment));

        var second = await fixture.InScopeAsync(c => c.CreateAsync(fixture.Cache.Snapshot.Home!.Id, "contentPage",
            ContentTestExtensions.Page("Second", segment), "test"));
        Assert.Equal(ContentOperationStatus.DuplicateUrlSegment, second.Status);
        Assert.Contains("First", second.Errors["UrlSegment"]);

        var child = await fixture.InScopeAsync(c => c.CreateAsync(first.Id, "contentPage", ContentTestExtensions.Page("Child", segment), "test"));
        Assert.True(child.Succeeded);
    }

    [Theory]
    [InlineData("Bad Segment")]
    [InlineData("under_score")]
    [InlineData("a--b")]
    [InlineData("backoffice")]
    [InlineData("sitemap.xml")]
    public async Task Invalid_or_reserved_segments_are_refused(string segment)
    {
        var result = await fixture.InScopeAsync(c => c.CreateAsync(fixture.Cache.Snapshot.Home!.Id, "contentPage",
            ContentTestExtensions.Page("Bad", segment), "test"));

        Assert.False(result.Succeeded);
        Assert.True(result.Errors.ContainsKey("UrlSegment"));
    }

    [Fact]
    public async Task An_empty_segment_is_made_from_the_name()
    {
        var name = "Café Déjà Vu " + Guid.NewGuid().ToString("N")[..6];
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, name, segment: null));
        var live = fixture.Cache.Snapshot.ByKey(node.Key)!;
        Assert.StartsWith("/cafe-deja-vu-", live.Url);
    }

    [Fact]
    public async Task A_child_of_an_unpublished_page_cannot_be_published()
    {
        var parent = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Parent", Unique("parent"), publish: false));
        var child = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Child", "child", publish: false, parentId: parent.Id));

        var result = await fixture.InScopeAsync(c => c.PublishAsync(child.Id, "test"));
        Assert.Equal(ContentOperationStatus.ParentNotPublished, result.Status);
    }

    [Fact]
    public async Task Unpublishing_a_parent_takes_its_children_off_the_site()
    {
        var segment = Unique("tree");
        var parent = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Parent", segment));
        await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Child", "child", parentId: parent.Id));
        Assert.NotNull(fixture.Cache.Snapshot.ByUrl($"/{segment}/child/"));

        var result = await fixture.InScopeAsync(c => c.UnpublishAsync(parent.Id, "test"));
        Assert.True(result.Succeeded);
        Assert.Null(fixture.Cache.Snapshot.ByUrl($"/{segment}/"));
        Assert.Null(fixture.Cache.Snapshot.ByUrl($"/{segment}/child/"));
    }

    [Fact]
    public async Task Rollback_makes_an_old_version_the_new_draft()
    {
        var segment = Unique("roll");
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Version one", segment));
        await fixture.InScopeAsync(c => c.SaveAndPublishAsync(node.Id, ContentTestExtensions.Page("Version two", segment), "test"));
        var first = (await fixture.InScopeAsync(c => c.GetVersionsAsync(node.Id))).Single(v => v.Number == 1);

        var rolled = await fixture.InScopeAsync(c => c.RollbackAsync(node.Id, first.Id, "test"));
        Assert.True(rolled.Succeeded);
        Assert.Equal("Version two", fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Name);

        await fixture.InScopeAsync(c => c.PublishAsync(node.Id, "test"));
        Assert.Equal("Version one", fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Name);
        var versions = await fixture.InScopeAsync(c => c.GetVersionsAsync(node.Id));
        Assert.Equal(3, versions.Count);
    }

    [Fact]
    public async Task Rollback_to_a_version_of_another_item_is_not_found()
    {
        var a = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "A", Unique("a")));
        var b = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "B", Unique("b")));
        var versionOfB = (await fixture.InScopeAsync(c => c.GetVersionsAsync(b.Id)))[0];

        var result = await fixture.InScopeAsync(c => c.RollbackAsync(a.Id, versionOfB.Id, "test"));
        Assert.Equal(ContentOperationStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task A_changed_url_redirects_from_every_old_address_including_children()
    {
        var oldSegment = Unique("old");
        var parent = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Moving", oldSegment));
        var child = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Kid", "kid", parentId: parent.Id));

        var newSegment = Unique("new");
        await fixture.InScopeAsync(c => c.SaveAndPublishAsync(parent.Id, ContentTestExtensions.Page("Moving", newSegment), "test"));
        var newest = Unique("newest");
        await fixture.InScopeAsync(c => c.SaveAndPublishAsync(parent.Id, ContentTestExtensions.Page("Moving", newest), "test"));

        var snapshot = fixture.Cache.Snapshot;
        Assert.Equal($"/{newest}/", snapshot.RedirectFor($"/{oldSegment}/"));
        Assert.Equal($"/{newest}/", snapshot.RedirectFor($"/{newSegment}"));
        Assert.Equal($"/{newest}/kid/", snapshot.RedirectFor($"/{oldSegment}/kid/"));
        Assert.Equal(child.Key, snapshot.ByUrl($"/{newest}/kid/")!.Key);
    }

    [Fact]
    public async Task A_new_page_at_an_old_address_wins_over_the_redirect()
    {
        var segment = Unique("claim");
        var moved = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Moved", segment));
        await fixture.InScopeAsync(c => c.SaveAndPublishAsync(moved.Id, ContentTestExtensions.Page("Moved", Unique("elsewhere")), "test"));
        Assert.NotNull(fixture.Cache.Snapshot.RedirectFor($"/{segment}/"));

        var claimer = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Claimer", segment));
        Assert.Equal(claimer.Key, fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Key);
        Assert.Null(fixture.Cache.Snapshot.RedirectFor($"/{segment}/"));
    }

    [Fact]
    public async Task A_publishing_handler_can_refuse_with_a_reason()
    {
        var segment = Unique("refuse");
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Refused", segment, publish: false));
        var settings = fixture.Services.GetRequiredService<CancelPublishing>();
        settings.RefuseKey = node.Key;
        settings.Reason = "The winner has not given consent.";
        try
        {
            var result = await fixture.InScopeAsync(c => c.PublishAsync(node.Id, "test"));
            Assert.Equal(ContentOperationStatus.CancelledByNotification, result.Status);
            Assert.Contains("The winner has not given consent.", result.Message);
            Assert.Null(fixture.Cache.Snapshot.ByUrl($"/{segment}/"));
        }
        finally
        {
            settings.RefuseKey = null;
        }
    }

    [Fact]
    public async Task Deleting_a_page_with_children_is_refused_and_a_leaf_can_be_deleted()
    {
        var segment = Unique("del");
        var parent = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Parent", segment));
        var child = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Child", "child", parentId: parent.Id));

        Assert.Equal(ContentOperationStatus.HasChildren, (await fixture.InScopeAsync(c => c.DeleteAsync(parent.Id, "test"))).Status);
        Assert.True((await fixture.InScopeAsync(c => c.DeleteAsync(child.Id, "test"))).Succeeded);
        Assert.Null(fixture.Cache.Snapshot.ByUrl($"/{segment}/child/"));
        Assert.Null(await fixture.InScopeAsync(c => c.GetNodeAsync(child.Id)));
    }

    [Fact]
    public async Task Script_in_rich_text_is_removed_and_headings_never_become_a_second_h1()
    {
        var segment = Unique("xss");
        var edit = ContentTestExtensions.Page("Xss", segment,
            "<h1 onclick=\"x()\">Title</h1><p>Hi<script>alert(1)</script><a href=\"javascript:alert(1)\">x</a><img src=x onerror=alert(1)></p>");
        var created = await fixture.InScopeAsync(c => c.CreateAsync(fixture.Cache.Snapshot.Home!.Id, "contentPage", edit, "test"));
        await fixture.InScopeAsync(c => c.PublishAsync(created.Value!.Id, "test"));

        var body = fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Value("body")!;
        Assert.Equal("<h2>Title</h2><p>Hi<a>x</a></p>", body);
    }

    [Fact]
    public async Task A_content_type_not_allowed_below_the_parent_is_refused()
    {
        var category = fixture.Cache.Snapshot.ByUrl("/categories/email-channel/")!;
        var result = await fixture.InScopeAsync(c => c.CreateAsync(category.Id, "contentPage", ContentTestExtensions.Page("Nope"), "test"));
        Assert.Equal(ContentOperationStatus.NotAllowedHere, result.Status);
    }

    [Fact]
    public async Task Moving_a_page_up_changes_the_order_the_site_shows()
    {
        var parent = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Sorted", Unique("sorted")));
        var a = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "A", "a", parentId: parent.Id));
        var b = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "B", "b", parentId: parent.Id));
        await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "C", "c", parentId: parent.Id));

        Assert.True((await fixture.InScopeAsync(c => c.MoveAsync(b.Id, -1))).Succeeded);
        Assert.Equal(["B", "A", "C"], fixture.Cache.Snapshot.ByKey(parent.Key)!.Children.Select(x => x.Name));

        // Moving past the end changes nothing.
        await fixture.InScopeAsync(c => c.MoveAsync(b.Id, -1));
        Assert.Equal(["B", "A", "C"], fixture.Cache.Snapshot.ByKey(parent.Key)!.Children.Select(x => x.Name));
        Assert.True(a.Id > 0);
    }

    [Fact]
    public async Task Create_and_publish_puts_a_new_page_live()
    {
        var segment = Unique("cap");
        var result = await fixture.InScopeAsync(c => c.CreateAndPublishAsync(fixture.Cache.Snapshot.Home!.Id, "contentPage",
            ContentTestExtensions.Page("Created live", segment), "test"));

        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.Value!.IsPublished);
        Assert.Equal("Created live", fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Name);
    }

    [Fact]
    public async Task Create_and_publish_below_an_unpublished_page_keeps_the_new_draft_and_says_why()
    {
        var parent = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Draft parent", Unique("dparent"), publish: false));

        var result = await fixture.InScopeAsync(c => c.CreateAndPublishAsync(parent.Id, "contentPage", ContentTestExtensions.Page("Orphan child", "orphan"), "test"));

        Assert.Equal(ContentOperationStatus.ParentNotPublished, result.Status);
        var draft = Assert.IsType<ContentNode>(result.Value);
        var stored = await fixture.InScopeAsync(c => c.GetNodeAsync(draft.Id));
        Assert.NotNull(stored);
        Assert.False(stored.IsPublished);
        Assert.Null(fixture.Cache.Snapshot.ByKey(draft.Key));
    }

    [Fact]
    public async Task Create_and_publish_with_a_problem_in_the_input_creates_nothing()
    {
        var segment = Unique("capbad");
        var before = (await fixture.InScopeAsync(c => c.GetTreeAsync())).Count;

        var result = await fixture.InScopeAsync(c => c.CreateAndPublishAsync(fixture.Cache.Snapshot.Home!.Id, "contentPage",
            ContentTestExtensions.Page("No summary", segment, summary: ""), "test"));

        Assert.Equal(ContentOperationStatus.ValidationFailed, result.Status);
        Assert.Null(result.Value);
        Assert.Equal("Summary is required.", result.Errors["summary"]);
        Assert.Equal(before, (await fixture.InScopeAsync(c => c.GetTreeAsync())).Count);
    }

    [Fact]
    public async Task Save_and_publish_refused_by_a_handler_keeps_the_saved_draft_as_its_value()
    {
        var segment = Unique("sapref");
        var node = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Live title", segment));
        var settings = fixture.Services.GetRequiredService<CancelPublishing>();
        settings.RefuseKey = node.Key;
        settings.Reason = "Not yet.";
        try
        {
            var result = await fixture.InScopeAsync(c => c.SaveAndPublishAsync(node.Id, ContentTestExtensions.Page("Draft title", segment), "test"));

            Assert.Equal(ContentOperationStatus.CancelledByNotification, result.Status);
            Assert.Equal(node.Id, result.Value!.Id);
            Assert.Equal("Live title", fixture.Cache.Snapshot.ByUrl($"/{segment}/")!.Name);
            Assert.Equal("Draft title", (await fixture.InScopeAsync(c => c.GetVersionsAsync(node.Id)))[0].Name);
        }
        finally
        {
            settings.RefuseKey = null;
        }
    }

    [Fact]
    public void The_picker_lists_the_tree_in_tree_order_indented_by_depth()
    {
        ContentTreeItem Item(int id, int? parent, string name) =>
            new(id, new Guid(id, 0, 0, new byte[8]), parent, id, name, "contentPage", true, false, null, null);
        IReadOnlyList<ContentTreeItem> tree = [Item(1, null, "Home"), Item(2, 1, "About"), Item(3, null, "Footer"), Item(4, 2, "Team"), Item(5, 1, "News")];

        var items = ContentService.PickerItems(tree);

        Assert.Equal(["Home", "  About", "    Team", "  News", "Footer"], items.Select(i => i.Label));
        Assert.Equal([1, 2, 4, 5, 3], items.Select(i => tree.Single(t => t.Key == i.Key).Id));
        Assert.Empty(ContentService.PickerItems([]));
    }

    [Fact]
    public async Task Unpublishing_publishing_again_and_deleting_a_page_in_one_scope_deletes_it()
    {
        // One request (or one scheduler pass) may do several things to a page: the versions it loaded on the way must
        // not be saved again after the delete removed them.
        var page = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Busy page", "busy-" + Guid.NewGuid().ToString("N")[..8]));
        var deleted = await fixture.InScopeAsync(async c =>
        {
            Assert.True((await c.UnpublishAsync(page.Id, "test")).Succeeded);
            Assert.True((await c.PublishAsync(page.Id, "test")).Succeeded);
            return await c.DeleteAsync(page.Id, "test");
        });

        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Null(await fixture.InScopeAsync(c => c.GetNodeAsync(page.Id)));
        Assert.Null(fixture.Cache.Snapshot.ByKey(page.Key));
    }
}
