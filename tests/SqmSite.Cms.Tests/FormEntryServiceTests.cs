using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;
using SqmSite.Testing;
using static SqmSite.Cms.Tests.FormTestInputs;

namespace SqmSite.Cms.Tests;

/// <summary>What people send: pages, drafts, submit-once, uploads, the notifications, queries and exports.</summary>
public sealed class FormEntryServiceTests(FormsFixture fixture) : IClassFixture<FormsFixture>
{
    /// <summary>A three-page form made through the API, as the awards package will make its checklists.</summary>
    private async Task<FormDefinition> MultiPageFormAsync()
    {
        var definition = new FormDefinition
        {
            Key = Guid.NewGuid(),
            Alias = "multi-" + Guid.NewGuid().ToString("N")[..8],
            Name = "Three pages",
            Pages =
            [
                new FormPage { Title = "You", Fields = [new FormField { Alias = "name", Label = "Name", Type = FormFieldType.ShortText, Required = true }] },
                new FormPage
                {
                    Title = "Numbers",
                    Fields =
                    [
                        new FormField { Alias = "fcr", Label = "FCR", Type = FormFieldType.Percentage, Required = true },
                        new FormField { Alias = "logo", Label = "Logo", Type = FormFieldType.FileUpload },
                    ],
                },
                new FormPage { Title = "Done", Fields = [new FormField { Alias = "agree", Label = "I confirm", Type = FormFieldType.Checkbox, Required = true }] },
            ],
        };
        var saved = await fixture.WithFormsAsync(f => f.SaveFormAsync(definition));
        Assert.True(saved.Succeeded, saved.Message + string.Join(" ", saved.Errors.Values));
        return definition;
    }

    [Fact]
    public async Task A_valid_contact_post_is_stored_as_one_submitted_entry_and_notifies_once()
    {
        var key = Guid.NewGuid();
        var before = fixture.Probe.Submitted;
        var result = await fixture.WithEntriesAsync(e => e.PostAsync("contact", FormOwner.Anonymous(),
            new FormPost(0, FormAction.Submit, Input([.. ValidContact, ("organization", "=HYPERLINK(\"x\")")]), key)));

        Assert.True(result.Succeeded, result.Message);
        var entry = result.Value!.Entry!;
        Assert.True(entry.IsSubmitted);
        Assert.Equal("Ann Example", entry.Text("name"));
        Assert.True(entry.IsChecked("consent"));
        Assert.False(entry.Values.ContainsKey("topicOther"));
        Assert.Equal(before + 1, fixture.Probe.Submitted);

        var stored = await fixture.WithEntriesAsync(e => e.GetEntryAsync(entry.Key));
        Assert.Equal(FormEntryState.Submitted, stored!.State);
        Assert.Equal(fixture.Cms.Clock.GetUtcNow().UtcDateTime, stored.SubmittedUtc);
    }

    [Fact]
    public async Task Invalid_answers_store_nothing_and_each_gets_its_message()
    {
        var result = await fixture.WithEntriesAsync(e => e.PostAsync("contact", FormOwner.Anonymous(),
            new FormPost(0, FormAction.Submit, Input(("email", "not-an-email"), ("topic", "Bribes"), ("message", new string('x', 2001))), Guid.NewGuid())));

        Assert.Equal(FormOperationStatus.ValidationFailed, result.Status);
        Assert.Null(result.Value!.Entry);
        Assert.Equal("Your name is required.", result.Errors["name"]);
        Assert.Equal("Enter an email address such as name@example.org.", result.Errors["email"]);
        Assert.Contains("listed answers", result.Errors["topic"]);
        Assert.Equal("Your message may have at most 2,000 characters; it has 2,001.", result.Errors["message"]);
        Assert.Equal("Please tick the box to agree: Data consent.", result.Errors["consent"]);
    }

    [Fact]
    public async Task A_conditional_field_is_required_only_when_shown()
    {
        var shown = await fixture.WithEntriesAsync(e => e.PostAsync("contact", FormOwner.Anonymous(),
            new FormPost(0, FormAction.Submit, Input([.. ValidContact.Where(v => v.Item1 != "topic"), ("topic", "Something else")]), Guid.NewGuid())));
        Assert.Equal("Tell us the subject is required.", shown.Errors["topicOther"]);
    }

    [Fact]
    public async Task A_double_submit_with_the_same_key_makes_one_entry_even_when_both_arrive_at_once()
    {
        var key = Guid.NewGuid();
        var before = fixture.Probe.Submitted;
        var post = new FormPost(0, FormAction.Submit, Input(ValidContact), key);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.WithEntriesAsync(e => e.PostAsync("contact", FormOwner.Anonymous(), post))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.Single(results.Select(r => r.Value!.Entry!.Key).Distinct());
        Assert.Equal(3, results.Count(r => r.Value!.AlreadySubmitted));
        Assert.Equal(before + 1, fixture.Probe.Submitted);
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.Equal(1, await db.Set<FormEntry>().CountAsync(e => e.SubmissionKey == key));
    }

    [Fact]
    public async Task A_multi_page_draft_is_saved_resumed_with_its_token_and_submitted_once()
    {
        var form = await MultiPageFormAsync();

        // Page 1 needs its answer before going on.
        var blocked = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(), new FormPost(0, FormAction.Next, FormInput.Empty)));
        Assert.Equal("Name is required.", blocked.Errors["name"]);

        var first = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(), new FormPost(0, FormAction.Next, Input(("name", "Ann")))));
        Assert.True(first.Succeeded);
        var token = first.Value!.NewResumeToken!;
        Assert.True(token.Length >= 40);
        Assert.Equal(1, first.Value.Page);

        // Save for later keeps a half-finished page, empty required answers included, but not wrong ones.
        var wrong = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(token), new FormPost(1, FormAction.SaveForLater, Input(("fcr", "140")))));
        Assert.Equal("FCR must be from 0 to 100.", wrong.Errors["fcr"]);
        var saved = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(token), new FormPost(1, FormAction.SaveForLater, FormInput.Empty)));
        Assert.True(saved.Succeeded);
        Assert.Null(saved.Value!.NewResumeToken);

        // Another visitor's guess finds nothing; the token finds the draft where it was left.
        Assert.Null(await fixture.WithEntriesAsync(e => e.FindEntryAsync(form.Alias, FormOwner.Anonymous(token[..^1] + "x"))));
        var resumed = await fixture.WithEntriesAsync(e => e.FindEntryAsync(form.Alias, FormOwner.Anonymous(token)));
        Assert.Equal(FormEntryState.Draft, resumed!.State);
        Assert.Equal(1, resumed.CurrentPage);
        Assert.Equal("Ann", resumed.Text("name"));
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var hash = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Set<FormEntry>().Where(e => e.Key == resumed.Key).Select(e => e.ResumeTokenHash).SingleAsync();
            Assert.NotEqual(token, hash); // only the hash is stored
        }

        var page2 = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(token), new FormPost(1, FormAction.Next, Input(("fcr", "81.5")))));
        Assert.Equal(2, page2.Value!.Page);
        var back = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(token), new FormPost(2, FormAction.Back, Input(("agree", "nonsense")))));
        Assert.True(back.Succeeded);
        Assert.Equal(1, back.Value!.Page);

        var before = fixture.Probe.Submitted;
        var submit = new FormPost(2, FormAction.Submit, Input(("agree", "true")));
        var done = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(token), submit));
        Assert.True(done.Value!.Submitted);
        Assert.Equal(81.5m, done.Value.Entry!.Number("fcr"));
        var twice = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(token), submit));
        Assert.True(twice.Value!.AlreadySubmitted);
        Assert.Equal(before + 1, fixture.Probe.Submitted);

        // A submitted entry is read-only: a later save changes nothing.
        var late = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.Anonymous(token), new FormPost(0, FormAction.SaveForLater, Input(("name", "Bob")))));
        Assert.True(late.Value!.AlreadySubmitted);
        Assert.Equal("Ann", (await fixture.WithEntriesAsync(e => e.GetEntryAsync(done.Value.Entry.Key)))!.Text("name"));
    }

    [Fact]
    public async Task Submit_checks_every_page_and_sends_the_person_to_the_first_incomplete_one()
    {
        var form = await MultiPageFormAsync();
        var first = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.User("user-1"), new FormPost(0, FormAction.SaveForLater, FormInput.Empty)));
        Assert.True(first.Succeeded);
        Assert.Null(first.Value!.NewResumeToken); // a signed-in owner needs no link

        var result = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.User("user-1"), new FormPost(2, FormAction.Submit, Input(("agree", "true")))));
        Assert.Equal(FormOperationStatus.ValidationFailed, result.Status);
        Assert.Equal(0, result.Value!.Page);
        Assert.Equal("Name is required.", result.Errors["name"]);

        // The answer given on the last page was kept for when they come back.
        var draft = await fixture.WithEntriesAsync(e => e.FindEntryAsync(form.Alias, FormOwner.User("user-1")));
        Assert.True(draft!.IsChecked("agree"));
        Assert.Null(await fixture.WithEntriesAsync(e => e.FindEntryAsync(form.Alias, FormOwner.User("user-2"))));
    }

    [Fact]
    public async Task A_package_can_refuse_a_submit_and_the_answers_stay_a_draft()
    {
        var form = await MultiPageFormAsync();
        var owner = FormOwner.User("refused-user");
        await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, new FormPost(0, FormAction.Next, Input(("name", "Ann")))));
        await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, new FormPost(1, FormAction.Next, Input(("fcr", "70")))));
        fixture.Probe.RefuseWith = "The checklist deadline has passed.";
        try
        {
            var refused = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, new FormPost(2, FormAction.Submit, Input(("agree", "true")))));
            Assert.Equal(FormOperationStatus.CancelledByNotification, refused.Status);
            Assert.Equal("The checklist deadline has passed.", refused.Message);
            var draft = await fixture.WithEntriesAsync(e => e.FindEntryAsync(form.Alias, owner));
            Assert.Equal(FormEntryState.Draft, draft!.State);
            Assert.True(draft.IsChecked("agree"));
        }
        finally
        {
            fixture.Probe.RefuseWith = null;
        }
    }

    [Fact]
    public async Task Uploads_go_through_the_media_checks_and_stay_private()
    {
        var form = await MultiPageFormAsync();
        var owner = FormOwner.User("uploader");
        await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, new FormPost(0, FormAction.Next, Input(("name", "Ann")))));

        static FormUpload Upload(string name, byte[] bytes) => new(name, bytes.Length, () => new MemoryStream(bytes));
        FormPost Page2(string name, byte[] bytes) =>
            new(1, FormAction.Next, new FormInput(Input(("fcr", "70")).Values, new Dictionary<string, FormUpload> { ["logo"] = Upload(name, bytes) }));

        var script = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, Page2("logo.png", Encoding.UTF8.GetBytes("<script>alert(1)</script>"))));
        Assert.StartsWith("Logo: This file is HTML or XML text", script.Errors["logo"]);

        // A PNG signature in front of garbage passes a magic-byte check but not the decoder.
        byte[] fakePng = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var fake = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, Page2("logo.png", fakePng)));
        Assert.StartsWith("Logo: ", fake.Errors["logo"]);

        var big = TestImages.NoisyPng(200, 200); // about 120 KB, over the field's 64 KB
        var tooBig = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, Page2("report.png", big)));
        Assert.StartsWith("Logo: The file is larger than", tooBig.Errors["logo"]);

        var png = TestImages.Png(64, 48);
        var ok = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, Page2("../../etc/our logo.jpg", png)));
        Assert.True(ok.Succeeded, string.Join(" ", ok.Errors.Values));
        var file = ok.Value!.Entry!.File("logo")!;
        Assert.Equal("our logo.png", file.FileName); // the real type decides the extension
        Assert.Equal("image/png", file.ContentType);
        Assert.Matches("^[0-9a-f]{32}$", file.Id);

        await using var scope = fixture.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IFormFileStore>();
        await using (var stream = await store.OpenAsync(file.Id))
        {
            Assert.Equal(png.Length, stream!.Length);
        }

        Assert.Null(await store.OpenAsync("../" + file.Id));

        // A private item: not in the library, not in the public catalog.
        var media = scope.ServiceProvider.GetRequiredService<MediaService>();
        var key = Guid.ParseExact(file.Id, "N");
        Assert.Null(await media.GetAsync(key));
        Assert.DoesNotContain(await media.SearchAsync(null, null, null, allFolders: true, take: 1000), m => m.Key == key);
        Assert.Null((await scope.ServiceProvider.GetRequiredService<IMediaCatalog>().GetAsync()).ByKey(key));
        var files = scope.ServiceProvider.GetRequiredService<IPrivateMediaService>();
        Assert.NotNull(await files.GetPrivateAsync(key, "forms"));
        Assert.Null(await files.GetPrivateAsync(key, "someone-else"));

        await store.DeleteAsync(file.Id);
        Assert.Null(await store.OpenAsync(file.Id));
    }

    [Fact]
    public async Task Entries_are_filtered_by_state_and_date_and_searched_by_their_answers()
    {
        var form = await MultiPageFormAsync();
        var formId = await fixture.WithFormsAsync(async f => (await f.GetFormsAsync()).Single(x => x.Alias == form.Alias).Id);
        await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.User("s1"), new FormPost(0, FormAction.SaveForLater, Input(("name", "Zoë Ünique")))));
        fixture.Cms.Clock.Advance(TimeSpan.FromDays(2));
        await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, FormOwner.User("s2"), new FormPost(0, FormAction.SaveForLater, Input(("name", "Bob")))));

        var (all, total) = await fixture.WithEntriesAsync(e => e.QueryEntriesAsync(new FormEntryQuery(formId)));
        Assert.Equal(2, total);
        Assert.Equal("Bob", all[0].Text("name")); // newest first
        Assert.Single((await fixture.WithEntriesAsync(e => e.QueryEntriesAsync(new FormEntryQuery(formId, Search: "ZOË")))).Items);
        Assert.Empty((await fixture.WithEntriesAsync(e => e.QueryEntriesAsync(new FormEntryQuery(formId, State: FormEntryState.Submitted)))).Items);
        var since = fixture.Cms.Clock.GetUtcNow().UtcDateTime.AddDays(-1);
        Assert.Equal("Bob", (await fixture.WithEntriesAsync(e => e.QueryEntriesAsync(new FormEntryQuery(formId, FromUtc: since)))).Items.Single().Text("name"));
        Assert.Equal("Zoë Ünique", (await fixture.WithEntriesAsync(e => e.QueryEntriesAsync(new FormEntryQuery(formId, ToUtc: since)))).Items.Single().Text("name"));
    }

    [Fact]
    public async Task Exports_read_back_with_every_answer_and_no_formula_left_to_run()
    {
        var key = Guid.NewGuid();
        var result = await fixture.WithEntriesAsync(e => e.PostAsync("contact", FormOwner.Anonymous(),
            new FormPost(0, FormAction.Submit, Input([.. ValidContact.Where(v => v.Item1 is not ("name" or "message")), ("name", "@SUM(A1:A9)"),
                ("organization", "=HYPERLINK(\"http://evil.example\",\"x\")"), ("message", "-2+3, \"quoted\"\nsecond line")]), key)));
        var entry = result.Value!.Entry!;
        var form = (await fixture.WithFormsAsync(f => f.GetFormAsync("contact")))!;
        var table = FormEntryExport.Build(form, [entry], TimeZoneInfo.Utc);

        using (var reader = CsvReader.Create(FormEntryExport.ToCsv(table), new CsvReaderOptions { HasHeader = false }))
        {
            Assert.True(reader.Read());
            Assert.Equal("Entry", reader.GetString(0));
            Assert.Equal("Your name", reader.GetString(4));
            Assert.True(reader.Read());
            Assert.Equal(entry.Key.ToString(), reader.GetString(0));
            Assert.Equal("Submitted", reader.GetString(1));
            Assert.Equal("'@SUM(A1:A9)", reader.GetString(4));
            Assert.Equal("ann@example.org", reader.GetString(5));
            Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", reader.GetString(6));
            Assert.Equal("Eligibility", reader.GetString(7));
            Assert.Equal("", reader.GetString(8));
            Assert.Equal("'-2+3, \"quoted\"\nsecond line", reader.GetString(9));
            Assert.Equal("Agreed", reader.GetString(10));
            Assert.False(reader.Read());
        }

        using var workbook = new XLWorkbook(new MemoryStream(FormEntryExport.ToExcel(table, form.Name)));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Your name", sheet.Cell(1, 5).GetString());
        Assert.Equal("'@SUM(A1:A9)", sheet.Cell(2, 5).GetString());
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", sheet.Cell(2, 7).GetString());
        Assert.False(sheet.Cell(2, 7).HasFormula);
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.HasFormula);
    }

    [Fact]
    public async Task Numbers_are_numbers_in_excel()
    {
        var form = await MultiPageFormAsync();
        var owner = FormOwner.User("numbers");
        await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, new FormPost(0, FormAction.Next, Input(("name", "Ann")))));
        var saved = await fixture.WithEntriesAsync(e => e.PostAsync(form.Alias, owner, new FormPost(1, FormAction.Next, Input(("fcr", "72.5")))));
        var table = FormEntryExport.Build(form, [saved.Value!.Entry!], TimeZoneInfo.Utc);
        using var workbook = new XLWorkbook(new MemoryStream(FormEntryExport.ToExcel(table, "A name that is much longer than thirty-one characters")));
        Assert.Equal(72.5, workbook.Worksheet(1).Cell(2, 6).GetDouble());
    }

    [Fact]
    public async Task A_package_makes_a_checklist_for_a_category_and_cycle_and_reads_the_submitted_answers()
    {
        // What the awards package will do for each category open in a cycle (see docs/decisions/0008-forms.md).
        var category = fixture.Cms.Cache.Snapshot.ByUrl("/categories/email-channel/")!;
        var questions = category.List("categoryQuestions");
        var checklist = new FormDefinition
        {
            Key = Guid.NewGuid(),
            Alias = $"checklist-2027-{category.UrlSegment}",
            Name = $"Eligibility checklist 2027: {category.Name}",
            Confidential = true,
            SaveForLater = true,
            SubmitLabel = "Submit checklist",
            Pages =
            [
                new FormPage
                {
                    Fields = [.. questions.SelectMany((q, i) => new[]
                    {
                        new FormField { Alias = $"q{i + 1}", Label = q, Type = FormFieldType.SingleChoice, Required = true, Options = ["Yes", "No"] },
                        new FormField { Alias = $"q{i + 1}Comment", Label = $"Comment on question {i + 1}", Type = FormFieldType.LongText, MaxLength = 2000 },
                    })],
                },
            ],
        };
        Assert.True((await fixture.WithFormsAsync(f => f.SaveFormAsync(checklist))).Succeeded);

        // The nominee (a signed-in user) answers; the package hears about the submit and reads the entry.
        var nominee = FormOwner.User("nominee-42");
        var answers = questions.Select((_, i) => ($"q{i + 1}", i % 2 == 0 ? "yes" : "No")).Append(("q1Comment", "Two specialists, trained yearly.")).ToArray();
        var result = await fixture.WithEntriesAsync(e => e.PostAsync(checklist.Alias, nominee, new FormPost(0, FormAction.Submit, Input(answers))));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
        Assert.Contains(result.Value!.Entry!.Key, fixture.Probe.SubmittedEntries);

        var entry = (await fixture.WithEntriesAsync(e => e.GetEntryAsync(result.Value.Entry.Key)))!;
        Assert.Equal("nominee-42", entry.OwnerUserId);
        Assert.Equal(checklist.Alias, entry.Form.Alias);
        Assert.Equal("Yes", entry.Text("q1"));
        Assert.Equal("No", entry.Text("q2"));
        Assert.Equal("Two specialists, trained yearly.", entry.Text("q1Comment"));
        Assert.Single(await fixture.WithEntriesAsync(e => e.GetEntriesOfUserAsync(checklist.Alias, "nominee-42")));
    }
}
