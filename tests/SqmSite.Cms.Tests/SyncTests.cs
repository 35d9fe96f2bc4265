using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Published;
using SqmSite.Cms.Sync;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

public sealed class SyncTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    [Fact]
    public void The_seed_imports_without_problems_and_publishes_every_page()
    {
        Assert.Empty(fixture.SeedImport.Problems);
        // 31 pages, plus the email templates folder with its templates, the winner publishing terms and the search settings (data without a URL).
        Assert.Equal(13, fixture.SeedImport.ContentTypesCreated);
        Assert.Equal(64, fixture.SeedImport.ContentCreated);
        Assert.Equal(64, fixture.SeedImport.ContentPublished);
        var snapshot = fixture.Cache.Snapshot;
        Assert.Equal(31, snapshot.All.Count);
        Assert.Equal(30, snapshot.OfType("emailTemplate").Count());
        Assert.Equal("/", snapshot.Home!.Url);
        Assert.Equal(21, snapshot.ByUrl("/categories/")!.Children.Count);
        Assert.Equal("Omni-Channel", snapshot.ByUrl("/categories/")!.Children[0].Name);
        Assert.Equal("Continuous Improvement Process", snapshot.ByUrl("/categories/")!.Children[16].Name);
    }

    [Fact]
    public async Task Importing_the_same_files_again_changes_nothing()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(RepositoryPaths.USync);

        Assert.True(report.ChangedNothing, report.ToString());
        Assert.Empty(report.Problems);
    }

    [Fact]
    public async Task Export_then_import_into_an_empty_database_gives_the_same_site()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sqmsite-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var scope = fixture.Services.CreateAsyncScope())
            {
                var count = await scope.ServiceProvider.GetRequiredService<SyncService>().ExportAsync(folder);
                Assert.True(count >= 32);
            }

            Assert.True(File.Exists(Path.Combine(folder, "Content", "categories", "03-email-channel.json")));

            await using var database = await TestDatabase.CreateAsync();
            await using var other = CmsFixture.BuildServices(database, fixture.Clock);
            await using (var scope = other.CreateAsyncScope())
            {
                await CmsDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), default);
                var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(folder);
                Assert.Empty(report.Problems);
            }

            var expected = fixture.Cache.Snapshot.All.Select(c => (c.Url, c.Name, c.Value("summary"))).ToList();
            var actual = other.GetRequiredService<IPublishedContentCache>().Snapshot.All.Select(c => (c.Url, c.Name, c.Value("summary"))).ToList();
            Assert.Equal(expected.OrderBy(e => e.Url), actual.OrderBy(a => a.Url));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_changed_file_updates_only_that_item_and_publishes_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sqmsite-sync-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var scope = fixture.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SyncService>().ExportAsync(folder);
            }

            var path = Path.Combine(folder, "Content", "08-contact.json");
            var text = await File.ReadAllTextAsync(path);
            await File.WriteAllTextAsync(path, text.Replace("\"name\": \"Contact\"", "\"name\": \"Contact us\"", StringComparison.Ordinal));

            await using var scope2 = fixture.Services.CreateAsyncScope();
            var report = await scope2.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(folder);
            Assert.Equal(1, report.ContentUpdated);
            Assert.Equal(1, report.ContentPublished);
            Assert.Equal("Contact us", fixture.Cache.Snapshot.ByUrl("/contact/")!.Name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);

            // Other tests of this class expect the seed as it is in the repository.
            await using var restore = fixture.Services.CreateAsyncScope();
            await restore.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(RepositoryPaths.USync);
        }
    }

    [Fact]
    public void Every_seeded_content_type_has_the_properties_its_files_use()
    {
        var types = fixture.Services.GetRequiredService<IContentTypeService>();
        foreach (var item in fixture.Cache.Snapshot.All)
        {
            var type = types.Get(item.ContentTypeAlias);
            Assert.NotNull(type);
            foreach (var required in type.Properties.Where(p => p.Required))
            {
                Assert.True(item.HasValue(required.Alias), $"{item.Url} lacks {required.Alias}");
            }
        }
    }

    [Fact]
    public async Task Content_of_a_type_that_is_not_routable_is_live_data_without_a_url()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sqmsite-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "ContentTypes"));
        Directory.CreateDirectory(Path.Combine(folder, "Content"));
        try
        {
            var typeKey = Guid.NewGuid();
            var itemKey = Guid.NewGuid();
            await File.WriteAllTextAsync(Path.Combine(folder, "ContentTypes", "note.json"), $$"""
                { "key": "{{typeKey}}", "alias": "testNote", "name": "Note", "allowedAtRoot": true, "routable": false,
                  "allowedChildren": [], "properties": [ { "alias": "text", "name": "Text", "editor": "Text", "required": true } ] }
                """);
            await File.WriteAllTextAsync(Path.Combine(folder, "Content", "note.json"), $$"""
                { "key": "{{itemKey}}", "parentKey": null, "contentType": "testNote", "name": "A note", "urlSegment": "a-note",
                  "sortOrder": 99, "published": true, "values": { "text": "Hello" } }
                """);

            await using var scope = fixture.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(folder);
            Assert.Empty(report.Problems);

            var snapshot = fixture.Cache.Snapshot;
            Assert.Equal("Hello", snapshot.ByKey(itemKey)!.Value("text"));
            Assert.Null(snapshot.ByUrl("/a-note/"));
            Assert.DoesNotContain(snapshot.All, c => c.Key == itemKey);
            Assert.Equal("/", snapshot.Home!.Url);
            Assert.Single(snapshot.OfType("testNote"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
