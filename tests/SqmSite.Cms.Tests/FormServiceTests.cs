using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Sync;
using SqmSite.Testing;
using static SqmSite.Cms.Tests.FormTestInputs;

namespace SqmSite.Cms.Tests;

/// <summary>The forms themselves: saving, the seed import and export, deleting.</summary>
public sealed class FormServiceTests(FormsFixture fixture) : IClassFixture<FormsFixture>
{
    [Fact]
    public async Task New_forms_saved_at_once_under_one_alias_make_one_form_and_the_others_hear_the_alias_is_taken()
    {
        // The awards package makes a checklist the first time anyone needs it: a nominee and staff may do so at once.
        var alias = "race-" + Guid.NewGuid().ToString("N")[..8];
        FormDefinition Definition() => new()
        {
            Key = Guid.NewGuid(),
            Alias = alias,
            Name = "Raced",
            Pages = [new FormPage { Fields = [new FormField { Alias = "q1", Label = "Question", Type = FormFieldType.ShortText }] }],
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.WithFormsAsync(f => f.SaveFormAsync(Definition()))));
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(FormOperationStatus.DuplicateAlias, r.Status));
        Assert.Single(await fixture.WithFormsAsync(f => f.GetFormsAsync()), f => f.Alias == alias);
    }

    [Fact]
    public async Task The_seed_forms_are_imported_and_a_second_import_changes_nothing()
    {
        var contact = await fixture.WithFormsAsync(f => f.GetFormAsync("contact"));
        Assert.NotNull(contact);
        Assert.Equal(["name", "email", "organization", "topic", "topicOther", "message", "consent"], contact.ValueFields.Select(f => f.Alias));
        Assert.Equal(2000, contact.Field("message")!.MaxLength);

        var checklist = await fixture.WithFormsAsync(f => f.GetFormAsync("checklist-email-channel"));
        Assert.NotNull(checklist);
        Assert.True(checklist.Confidential);
        var category = fixture.Cms.Cache.Snapshot.ByUrl("/categories/email-channel/")!;
        var questions = category.List("categoryQuestions");
        Assert.Equal(questions, checklist.ValueFields.Where(f => f.Type == FormFieldType.SingleChoice).Select(f => f.Label));
        Assert.All(checklist.ValueFields.Where(f => f.Type == FormFieldType.SingleChoice), q => Assert.Equal(["Yes", "No"], q.Options));
        Assert.Equal(questions.Count, checklist.ValueFields.Count(f => f.Type == FormFieldType.LongText));

        Assert.Equal(2, fixture.Cms.SeedImport.FormsCreated);
        await using var scope = fixture.Services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(RepositoryPaths.USync);
        Assert.True(again.ChangedNothing, again.ToString());
    }

    [Fact]
    public async Task Export_writes_each_form_as_a_file_that_imports_into_an_empty_database_unchanged()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sqmsite-forms-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var scope = fixture.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SyncService>().ExportAsync(folder);
            }

            Assert.True(File.Exists(Path.Combine(folder, "Forms", "contact.json")));
            var text = await File.ReadAllTextAsync(Path.Combine(folder, "Forms", "contact.json"));
            await File.WriteAllTextAsync(Path.Combine(folder, "Forms", "contact.json"), text.Replace("Send message", "Send it", StringComparison.Ordinal));

            await using var database = await TestDatabase.CreateAsync();
            await using var other = CmsFixture.BuildServices(database, fixture.Cms.Clock);
            await using var otherScope = other.CreateAsyncScope();
            await CmsDatabase.MigrateAsync(otherScope.ServiceProvider.GetRequiredService<CmsDbContext>(), default);
            var sync = otherScope.ServiceProvider.GetRequiredService<SyncService>();
            var first = await sync.ImportAsync(folder);
            Assert.Empty(first.Problems);
            Assert.True(first.FormsCreated >= 2);
            Assert.Equal("Send it", (await otherScope.ServiceProvider.GetRequiredService<FormService>().GetFormAsync("contact"))!.SubmitLabel);
            Assert.True((await sync.ImportAsync(folder)).ChangedNothing);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_form_with_entries_cannot_be_deleted_and_aliases_stay_unique()
    {
        var contact = (await fixture.WithFormsAsync(f => f.GetFormAsync("contact")))!;
        await fixture.WithEntriesAsync(e => e.PostAsync("contact", FormOwner.Anonymous(), new FormPost(0, FormAction.Submit, Input(ValidContact), Guid.NewGuid())));
        Assert.Equal(FormOperationStatus.HasEntries, (await fixture.WithFormsAsync(f => f.DeleteFormAsync(contact.Key))).Status);

        var clash = await fixture.WithFormsAsync(f => f.SaveFormAsync(FormValuesTests.Sample() with { Alias = "contact" }));
        Assert.Equal(FormOperationStatus.DuplicateAlias, clash.Status);

        var empty = FormValuesTests.Sample() with { Alias = "to-delete" };
        Assert.True((await fixture.WithFormsAsync(f => f.SaveFormAsync(empty))).Succeeded);
        Assert.True((await fixture.WithFormsAsync(f => f.DeleteFormAsync(empty.Key))).Succeeded);
        Assert.Null(await fixture.WithFormsAsync(f => f.GetFormAsync("to-delete")));
    }
}
