using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>A release that brings a new email template, started on a database that already has the site (decision 0011).</summary>
public sealed class SeedUpdatesOnStartTests
{
    private static readonly Guid ConfirmEmailKey = Guid.Parse("cc341736-e422-56ac-b55d-daa866545190");
    private static readonly Guid EmailTemplatesKey = Guid.Parse("97763b2c-d2b9-5212-afc9-e07c0f5658b8");

    [Fact]
    public async Task A_restart_creates_the_new_template_unless_switched_off_and_keeps_what_editors_changed()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var folder = USyncCopy.Create();
        await using (var first = new SiteOnDatabase(database, folder.Path, importNewItems: true))
        {
            await using var scope = first.Services.CreateAsyncScope();
            var content = scope.ServiceProvider.GetRequiredService<ContentService>();
            var node = (await content.GetNodeAsync(ConfirmEmailKey))!;
            var latest = (await content.GetLatestVersionAsync(node))!;
            var values = latest.Values.ToDictionary(p => p.Key, p => (string?)PropertyValueParser.ToRaw(p.Value));
            values["subject"] = "Editor's subject";
            Assert.True((await content.SaveAndPublishAsync(node.Id, new ContentEdit(latest.Name, latest.UrlSegment, values), "editor")).Succeeded);
        }

        var key = Guid.NewGuid();
        folder.Write("Content/email-templates/90-release-template.json", $$"""
            { "key": "{{key}}", "parentKey": "{{EmailTemplatesKey}}", "contentType": "emailTemplate", "name": "New in this release",
              "urlSegment": "release-template", "sortOrder": 90, "published": true,
              "values": { "subject": "New in this release", "body": "<p>Hello</p>" } }
            """);

        await using (var switchedOff = new SiteOnDatabase(database, folder.Path, importNewItems: false))
        {
            Assert.Null(switchedOff.Snapshot.ByKey(key));
        }

        await using var restarted = new SiteOnDatabase(database, folder.Path, importNewItems: true);
        Assert.Equal("New in this release", restarted.Snapshot.ByKey(key)?.Value("subject"));
        Assert.Equal("Editor's subject", restarted.Snapshot.ByKey(ConfirmEmailKey)!.Value("subject"));
    }

    /// <summary>The whole site started on a given database and uSync folder, so that a test can restart it.</summary>
    private sealed class SiteOnDatabase(TestDatabase database, string syncFolder, bool importNewItems) : WebApplicationFactory<Program>
    {
        public PublishedSnapshot Snapshot
        {
            get
            {
                _ = Server;
                return Services.GetRequiredService<IPublishedContentCache>().Snapshot;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("SqmSite:Database:Provider", database.Provider);
            builder.UseSetting("ConnectionStrings:SqmSite", database.ConnectionString);
            builder.UseSetting("SqmSite:Media:Root", database.MediaRoot);
            builder.UseSetting("SqmSite:Search:IndexRoot", database.SearchRoot);
            builder.UseSetting("SqmSite:SyncFolder", syncFolder);
            builder.UseSetting("SqmSite:SchedulerInterval", "01:00:00");
            builder.UseSetting("SqmSite:PublicBaseUrl", "http://localhost");
            builder.UseSetting("SqmSite:ImportNewItemsOnStart", importNewItems.ToString());
        }
    }
}
