using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;
using SqmSite.Cms.Scheduling;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>
/// Housekeeping on a real database and media folder. Tests share the fixture and its clock, which only goes forward,
/// so they assert on the items they made; counts are at least what the test made.
/// </summary>
public sealed class HousekeepingTests(FormsFixture fixture) : IClassFixture<FormsFixture>
{
    private FakeTimeProvider Clock => fixture.Cms.Clock;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private MediaStorage Storage => fixture.Services.GetRequiredService<MediaStorage>();

    private async Task<HousekeepingReport> HousekeepAsync(IServiceProvider? instance = null)
    {
        var report = await (instance ?? fixture.Services).GetRequiredService<Housekeeping>().RunOnceAsync();
        Assert.Empty(report.FailedRules);
        return report;
    }

    /// <summary>Two pages: a name and a file, then a confirmation.</summary>
    private async Task<string> FormAsync()
    {
        var definition = new FormDefinition
        {
            Key = Guid.NewGuid(),
            Alias = "upload-" + Guid.NewGuid().ToString("N")[..8],
            Name = "With a file",
            Pages =
            [
                new FormPage
                {
                    Fields =
                    [
                        new FormField { Alias = "name", Label = "Name", Type = FormFieldType.ShortText, Required = true },
                        new FormField { Alias = "attachment", Label = "Attachment", Type = FormFieldType.FileUpload },
                    ],
                },
                new FormPage { Fields = [new FormField { Alias = "agree", Label = "I confirm", Type = FormFieldType.Checkbox, Required = true }] },
            ],
        };
        var saved = await fixture.WithFormsAsync(f => f.SaveFormAsync(definition));
        Assert.True(saved.Succeeded, saved.Message);
        return definition.Alias;
    }

    private static FormPost FirstPage(FormAction action, byte[]? file = null) => new(0, action, new FormInput(
        FormInput.From([new("name", "Ann")]).Values,
        file is null ? null : new Dictionary<string, FormUpload> { ["attachment"] = new("report.png", file.Length, () => new MemoryStream(file)) }));

    private static readonly FormPost Confirm = new(1, FormAction.Submit, FormInput.From([new("agree", "true")]));

    private async Task<FormProgress> PostAsync(string alias, FormOwner owner, FormPost post)
    {
        var result = await fixture.WithEntriesAsync(e => e.PostAsync(alias, owner, post));
        Assert.True(result.Succeeded, result.Message + " " + string.Join(" ", result.Errors.Values));
        return result.Value!;
    }

    private static string FileOf(FormProgress progress) => progress.Entry!.File("attachment")!.Id;

    /// <summary>The original of a stored upload, or null when its media item is gone.</summary>
    private async Task<string?> StoredPathAsync(string fileId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var item = await scope.ServiceProvider.GetRequiredService<IPrivateMediaService>().GetPrivateAsync(Guid.ParseExact(fileId, "N"), MediaFormFileStore.Owner);
        return item is null ? null : Storage.OriginalPath(item.StoredName);
    }

    private async Task AssertKeptAsync(string fileId) => Assert.True(File.Exists(await StoredPathAsync(fileId)), $"The file {fileId} was deleted.");

    private async Task AssertDeletedAsync(string fileId, string path)
    {
        Assert.Null(await StoredPathAsync(fileId));
        Assert.False(File.Exists(path));
    }

    /// <summary>A file stored for an upload that no entry kept (as when the rest of its page was refused).</summary>
    private async Task<(string Id, string Path)> StrayUploadAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var png = TestImages.Png(32, 24);
        var stored = await scope.ServiceProvider.GetRequiredService<IFormFileStore>().SaveAsync(new("stray.png", png.Length, () => new MemoryStream(png)), null);
        Assert.True(stored.Succeeded, stored.Message);
        return (stored.Value!.Id, (await StoredPathAsync(stored.Value.Id))!);
    }

    [Fact]
    public async Task A_replaced_upload_goes_after_the_grace_period_and_not_before()
    {
        var alias = await FormAsync();
        var first = await PostAsync(alias, FormOwner.Anonymous(), FirstPage(FormAction.SaveForLater, TestImages.Png(40, 30)));
        var replacedId = FileOf(first);
        var replacedPath = (await StoredPathAsync(replacedId))!;
        var second = await PostAsync(alias, FormOwner.Anonymous(first.NewResumeToken), FirstPage(FormAction.Next, TestImages.Png(50, 30)));
        var currentId = FileOf(second);
        Assert.NotEqual(replacedId, currentId);

        Clock.Advance(Housekeeping.FormFileGrace - TimeSpan.FromMinutes(1));
        await HousekeepAsync();
        await AssertKeptAsync(replacedId);

        Clock.Advance(TimeSpan.FromMinutes(2));
        var report = await HousekeepAsync();
        Assert.True(report.FormFiles >= 1);
        await AssertDeletedAsync(replacedId, replacedPath);
        await AssertKeptAsync(currentId);
    }

    [Fact]
    public async Task Files_of_drafts_and_submitted_entries_stay_and_files_of_none_go()
    {
        var alias = await FormAsync();
        var draft = await PostAsync(alias, FormOwner.User("nominee-files"), FirstPage(FormAction.SaveForLater, TestImages.Png(40, 30)));
        var started = await PostAsync(alias, FormOwner.Anonymous(), FirstPage(FormAction.Next, TestImages.Png(40, 30)));
        var submitted = await PostAsync(alias, FormOwner.Anonymous(started.NewResumeToken), Confirm);
        Assert.True(submitted.Submitted);
        var stray = await StrayUploadAsync();

        Clock.Advance(TimeSpan.FromDays(2));
        var report = await HousekeepAsync();

        Assert.True(report.FormFiles >= 1);
        await AssertDeletedAsync(stray.Id, stray.Path);
        await AssertKeptAsync(FileOf(draft));
        await AssertKeptAsync(FileOf(submitted));
    }

    [Fact]
    public async Task Old_anonymous_drafts_go_with_their_files_while_recent_and_signed_in_drafts_and_submitted_entries_stay()
    {
        var keep = fixture.Services.GetRequiredService<IOptions<FormsOptions>>().Value.KeepAnonymousDraftsFor;
        Assert.Equal(TimeSpan.FromDays(30), keep);
        var alias = await FormAsync();
        var abandoned = await PostAsync(alias, FormOwner.Anonymous(), FirstPage(FormAction.SaveForLater, TestImages.Png(40, 30)));
        var abandonedFile = FileOf(abandoned);
        var abandonedPath = (await StoredPathAsync(abandonedFile))!;
        var resumedLater = await PostAsync(alias, FormOwner.Anonymous(), FirstPage(FormAction.SaveForLater));
        var nominee = await PostAsync(alias, FormOwner.User("nominee-drafts"), FirstPage(FormAction.SaveForLater, TestImages.Png(40, 30)));
        var started = await PostAsync(alias, FormOwner.Anonymous(), FirstPage(FormAction.Next));
        var submitted = await PostAsync(alias, FormOwner.Anonymous(started.NewResumeToken), Confirm);

        Clock.Advance(keep - TimeSpan.FromMinutes(5));
        await PostAsync(alias, FormOwner.Anonymous(resumedLater.NewResumeToken), FirstPage(FormAction.SaveForLater));
        var recent = await PostAsync(alias, FormOwner.Anonymous(), FirstPage(FormAction.SaveForLater));
        Clock.Advance(TimeSpan.FromMinutes(10));
        var report = await HousekeepAsync();

        Assert.True(report.AnonymousDrafts >= 1);
        Assert.Null(await fixture.WithEntriesAsync(e => e.FindEntryAsync(alias, FormOwner.Anonymous(abandoned.NewResumeToken))));
        foreach (var kept in new[] { resumedLater, recent, nominee, submitted })
        {
            Assert.NotNull(await fixture.WithEntriesAsync(e => e.GetEntryAsync(kept.Entry!.Key)));
        }

        // The deleted draft's file is no longer referenced, and old enough: it goes in the same pass.
        Assert.True(report.FormFiles >= 1);
        await AssertDeletedAsync(abandonedFile, abandonedPath);
        await AssertKeptAsync(FileOf(nominee));
    }

    [Fact]
    public async Task Originals_no_item_points_at_go_after_an_hour_and_nothing_outside_the_folder_is_touched()
    {
        string Write(string path, TimeSpan age)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, TestImages.Png(16, 16));
            File.SetLastWriteTimeUtc(path, Now - age);
            return path;
        }

        string Original(TimeSpan age) => Write(Storage.OriginalPath($"zz/{Guid.NewGuid():N}.png"), age);

        var orphan = Original(TimeSpan.FromHours(2));
        var young = Original(TimeSpan.FromMinutes(30));
        var uploaded = await UploadAsync();
        var referenced = Storage.OriginalPath(uploaded.StoredName);
        File.SetLastWriteTimeUtc(referenced, Now - TimeSpan.FromDays(3));

        // Links inside the originals folder to a file and a folder elsewhere: neither the links nor what they point at go.
        var elsewhere = Path.Combine(Storage.Root, "elsewhere-" + Guid.NewGuid().ToString("N"));
        var outsideFile = Write(Path.Combine(elsewhere, $"{Guid.NewGuid():N}.png"), TimeSpan.FromDays(3));
        var fileLink = Path.Combine(Storage.Originals, $"link-{Guid.NewGuid():N}.png");
        var folderLink = Path.Combine(Storage.Originals, $"link-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(fileLink, outsideFile);
        Directory.CreateSymbolicLink(folderLink, elsewhere);

        var report = await HousekeepAsync();

        Assert.True(report.OrphanedOriginals >= 1);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(young));
        Assert.True(File.Exists(referenced));
        Assert.True(File.Exists(outsideFile));
        Assert.NotNull(new FileInfo(fileLink).LinkTarget);
        Assert.NotNull(new DirectoryInfo(folderLink).LinkTarget);
    }

    private async Task<MediaItem> UploadAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediaService>()
            .UploadAsync(new MemoryStream(TestImages.Png(64, 48)), "kept.png", "A picture a page uses", null, "test");
        Assert.True(result.Succeeded, result.Message);
        return result.Value!;
    }

    [Fact]
    public async Task Two_instances_at_once_and_a_second_pass_are_harmless()
    {
        var strays = new List<(string Id, string Path)>();
        for (var i = 0; i < 5; i++)
        {
            strays.Add(await StrayUploadAsync());
        }

        Clock.Advance(Housekeeping.FormFileGrace + TimeSpan.FromMinutes(1));

        // Another site instance on the same database and media folder, running its pass at the same moment.
        await using var other = CmsFixture.BuildServices(fixture.Cms.Database, Clock);
        var reports = await Task.WhenAll(HousekeepAsync(), HousekeepAsync(other));
        Assert.True(reports.Sum(r => r.FormFiles) >= strays.Count);
        foreach (var (id, path) in strays)
        {
            await AssertDeletedAsync(id, path);
        }

        var again = await HousekeepAsync();
        Assert.Equal((0, 0, 0), (again.AnonymousDrafts, again.FormFiles, again.OrphanedOriginals));
    }

    [Fact]
    public async Task On_PostgreSQL_one_instance_runs_the_pass_while_another_holds_it_and_the_other_skips()
    {
        if (!fixture.Cms.Database.IsPostgres)
        {
            // SQLite is one instance by nature: every pass runs.
            Assert.False((await HousekeepAsync()).RanElsewhere);
            return;
        }

        // Another instance in the middle of its pass holds the lock.
        // Unpooled, so that closing it ends its session as a dead process would.
        await using (var other = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(fixture.Cms.Database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await other.OpenAsync();
            await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_try_advisory_lock({Housekeeping.PassLock})", other))
            {
                Assert.Equal(true, await take.ExecuteScalarAsync());
            }

            var skipped = await HousekeepAsync();
            Assert.True(skipped.RanElsewhere);
            Assert.Empty(skipped.PackageTasks ?? new Dictionary<string, int>());
        }

        // Its connection gone (the pass over, or the process dead), the next pass here runs, and lets the lock go after.
        var ran = await HousekeepAsync();
        Assert.False(ran.RanElsewhere);
        Assert.NotNull(ran.PackageTasks);
        Assert.False((await HousekeepAsync()).RanElsewhere);
    }
}
