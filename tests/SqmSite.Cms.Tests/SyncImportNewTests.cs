using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Sync;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>Importing only new items into a site that has content: what a release's start-up does (decision 0010).</summary>
public sealed class SyncImportNewTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    private static readonly Guid ConfirmEmailKey = Guid.Parse("cc341736-e422-56ac-b55d-daa866545190");
    private static readonly Guid ContactKey = Guid.Parse("d57bc9d6-94fb-5e80-a216-c50eec864db9");
    private static readonly Guid FaqKey = Guid.Parse("2140b0df-4eb8-54fa-aaa5-5d534acc194d");
    private static readonly Guid EmailTemplatesKey = Guid.Parse("97763b2c-d2b9-5212-afc9-e07c0f5658b8");

    [Fact]
    public async Task What_editors_changed_stays_as_they_left_it()
    {
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var content = scope.ServiceProvider.GetRequiredService<ContentService>();
            await EditAndPublishAsync(content, ConfirmEmailKey, "subject", "Editor's subject");
            await EditAndPublishAsync(content, ContactKey, "summary", "Editor's summary.");
            var faq = (await content.GetNodeAsync(FaqKey))!;
            Assert.True((await content.UnpublishAsync(faq.Id, "editor")).Succeeded);
            var forms = scope.ServiceProvider.GetRequiredService<FormService>();
            var contact = (await forms.GetFormAsync("contact"))!;
            Assert.True((await forms.SaveFormAsync(contact with { Name = "Editor's contact form" })).Succeeded);
        }

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportNewAsync(RepositoryPaths.USync);
            Assert.True(report.ChangedNothing, report.ToString());
            Assert.Empty(report.Problems);
            Assert.Equal("Editor's contact form", (await scope.ServiceProvider.GetRequiredService<FormService>().GetFormAsync("contact"))!.Name);
        }

        var snapshot = fixture.Cache.Snapshot;
        Assert.Equal("Editor's subject", snapshot.ByKey(ConfirmEmailKey)!.Value("subject"));
        Assert.Equal("Editor's summary.", snapshot.ByKey(ContactKey)!.Value("summary"));
        Assert.Null(snapshot.ByKey(FaqKey));
    }

    [Fact]
    public async Task A_new_template_and_a_new_form_are_created_and_the_template_published()
    {
        using var folder = USyncCopy.Create();
        var key = Guid.NewGuid();
        folder.Write("Content/email-templates/90-test.json", Template(key, EmailTemplatesKey, "test-template-" + key.ToString("N")[..8]));
        var formKey = Guid.NewGuid();
        folder.Write("Forms/test-form.json", $$"""
            { "key": "{{formKey}}", "alias": "test-{{formKey:N}}", "name": "A new form",
              "pages": [ { "fields": [ { "alias": "question", "label": "Question", "type": "ShortText" } ] } ] }
            """);

        await using var scope = fixture.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportNewAsync(folder.Path);

        Assert.Empty(report.Problems);
        Assert.Equal((1, 1, 0, 1, 0), (report.ContentCreated, report.ContentPublished, report.ContentUpdated, report.FormsCreated, report.FormsUpdated));
        Assert.Equal("Deadline moved", fixture.Cache.Snapshot.ByKey(key)!.Value("subject"));
        Assert.Equal("A new form", (await scope.ServiceProvider.GetRequiredService<FormService>().GetFormAsync(formKey))!.Name);
    }

    [Fact]
    public async Task Importing_new_items_twice_adds_nothing_the_second_time()
    {
        using var folder = USyncCopy.Create();
        var key = Guid.NewGuid();
        folder.Write("Content/email-templates/91-test.json", Template(key, EmailTemplatesKey, "test-template-" + key.ToString("N")[..8]));

        await using var scope = fixture.Services.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<SyncService>();
        var first = await sync.ImportNewAsync(folder.Path);
        var second = await sync.ImportNewAsync(folder.Path);

        Assert.Equal(1, first.ContentCreated);
        Assert.True(second.ChangedNothing, second.ToString());
        Assert.Empty(second.Problems);
        Assert.Single(fixture.Cache.Snapshot.OfType("emailTemplate"), t => t.Key == key);
    }

    [Fact]
    public async Task A_new_item_whose_parent_is_nowhere_is_reported_and_the_others_are_still_created()
    {
        using var folder = USyncCopy.Create();
        var orphan = Guid.NewGuid();
        var missingParent = Guid.NewGuid();
        var sibling = Guid.NewGuid();
        folder.Write("Content/email-templates/92-orphan.json", Template(orphan, missingParent, "orphan-" + orphan.ToString("N")[..8]));
        folder.Write("Content/email-templates/93-test.json", Template(sibling, EmailTemplatesKey, "test-template-" + sibling.ToString("N")[..8]));

        await using var scope = fixture.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportNewAsync(folder.Path);

        Assert.Contains(report.Problems, p => p.Contains(missingParent.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, report.ContentCreated);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ContentService>().GetNodeAsync(orphan));
        Assert.NotNull(fixture.Cache.Snapshot.ByKey(sibling));
    }

    [Fact]
    public async Task Document_types_gain_new_properties_and_allowed_children_and_keep_what_they_have()
    {
        using var folder = USyncCopy.Create();
        folder.Edit("ContentTypes/emailTemplate.json", type =>
        {
            var subject = type["properties"]!.AsArray().Single(p => (string?)p!["alias"] == "subject")!;
            subject["name"] = "Subject line";
            subject["maxLength"] = 80;
            type["properties"]!.AsArray().Add(new JsonObject { ["alias"] = "replyTo", ["name"] = "Reply to", ["editor"] = "Text" });
            type["name"] = "Renamed in the files";
        });
        folder.Edit("ContentTypes/emailTemplates.json", type => type["allowedChildren"]!.AsArray().Add("testNotice"));
        var noticeKey = Guid.NewGuid();
        folder.Write("ContentTypes/testNotice.json", $$"""
            { "key": "{{Guid.NewGuid()}}", "alias": "testNotice", "name": "Notice", "allowedAtRoot": false, "routable": false,
              "allowedChildren": [], "properties": [ { "alias": "text", "name": "Text", "editor": "Text", "required": true } ] }
            """);
        folder.Write("Content/email-templates/94-notice.json", $$"""
            { "key": "{{noticeKey}}", "parentKey": "{{EmailTemplatesKey}}", "contentType": "testNotice", "name": "A notice",
              "urlSegment": "a-notice", "sortOrder": 94, "published": true, "values": { "text": "Hello" } }
            """);
        var types = fixture.Services.GetRequiredService<IContentTypeService>();
        var before = types.Get("emailTemplate")!;

        SyncReport report, again;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var sync = scope.ServiceProvider.GetRequiredService<SyncService>();
            report = await sync.ImportNewAsync(folder.Path);
            again = await sync.ImportNewAsync(folder.Path);
        }

        Assert.Empty(report.Problems);
        Assert.Equal((1, 2), (report.ContentTypesCreated, report.ContentTypesUpdated));
        var after = types.Get("emailTemplate")!;
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.Properties.Append(new PropertyType { Alias = "replyTo", Name = "Reply to", Editor = PropertyEditor.Text }), after.Properties);
        Assert.Equal(("Subject", 200), (after.Property("subject")!.Name, after.Property("subject")!.MaxLength));
        Assert.True(types.Get("emailTemplates")!.AllowsChild("testNotice"));
        Assert.Equal("Hello", fixture.Cache.Snapshot.ByKey(noticeKey)!.Value("text"));
        Assert.True(again.ChangedNothing, again.ToString());
    }

    [Fact]
    public async Task Items_editors_deleted_come_back_only_with_the_full_import()
    {
        var pageKey = Guid.Parse("83c57930-4bf1-5ee4-ad42-0ab40310a3be");
        var formKey = Guid.Parse("58077e18-7ca5-564b-a10e-3bef9ece9e34");
        await using var scope = fixture.Services.CreateAsyncScope();
        var content = scope.ServiceProvider.GetRequiredService<ContentService>();
        var forms = scope.ServiceProvider.GetRequiredService<FormService>();
        Assert.True((await content.DeleteAsync((await content.GetNodeAsync(pageKey))!.Id, "editor")).Succeeded);
        Assert.True((await forms.DeleteFormAsync(formKey)).Succeeded);
        var sync = scope.ServiceProvider.GetRequiredService<SyncService>();

        var importNew = await sync.ImportNewAsync(RepositoryPaths.USync);
        Assert.True(importNew.ChangedNothing, importNew.ToString());
        Assert.Null(await content.GetNodeAsync(pageKey));
        Assert.Null(await forms.GetFormAsync(formKey));

        var full = await sync.ImportAsync(RepositoryPaths.USync);
        Assert.Equal((1, 1), (full.ContentCreated, full.FormsCreated));
        Assert.NotNull(fixture.Cache.Snapshot.ByKey(pageKey));
    }

    private static async Task EditAndPublishAsync(ContentService content, Guid key, string alias, string value)
    {
        var node = (await content.GetNodeAsync(key))!;
        var latest = (await content.GetLatestVersionAsync(node))!;
        var values = latest.Values.ToDictionary(p => p.Key, p => (string?)PropertyValueParser.ToRaw(p.Value));
        values[alias] = value;
        var result = await content.SaveAndPublishAsync(node.Id, new ContentEdit(latest.Name, latest.UrlSegment, values), "editor");
        Assert.True(result.Succeeded, result.Message);
    }

    private static string Template(Guid key, Guid parentKey, string segment) => $$"""
        { "key": "{{key}}", "parentKey": "{{parentKey}}", "contentType": "emailTemplate", "name": "Deadline moved",
          "urlSegment": "{{segment}}", "sortOrder": 90, "published": true,
          "values": { "subject": "Deadline moved", "body": "<p>The deadline moved.</p>" } }
        """;
}
