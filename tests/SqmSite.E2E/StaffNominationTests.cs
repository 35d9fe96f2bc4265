using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// Awards staff in Chromium: each nomination action is a form on the staff nomination page, submitted through the
/// UI (confirmation accepted), read back from the screen; the list's search, filters, counts and exports; the
/// notices setting. Arranged through the app's own services.
/// </summary>
public sealed class StaffNominationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string LongComment = "Every email is answered completely by a specialist within four working hours, "
        + "and a supervisor reads one in ten replies against the quality standard before the week's coaching sessions.";

    private AwardCycle Cycle => fixture.Services.GetRequiredService<CycleCatalog>().Current!;

    private sealed record Arranged(Guid Key, int OrganizationId, string UserId, string Email, Guid CategoryKey);

    private Task<Arranged> ApplyAsync(string email, string organization, string category, string? contactName = null) =>
        fixture.WithServicesAsync(async s =>
        {
            var registered = await s.GetRequiredService<NomineeAccounts>()
                .RegisterAsync(organization, null, false, contactName ?? organization + " Contact", email, BrowserFixture.Password);
            Assert.True(registered.Succeeded, string.Join("; ", registered.Errors.Values));
            var organizationId = await s.GetRequiredService<AwardsDbContext>().OrganizationMembers
                .Where(m => m.UserId == registered.Value!.User!.Id).Select(m => m.OrganizationId).SingleAsync();
            var page = s.GetRequiredService<IPublishedContentCache>().Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == category);
            var (nomination, result) = await s.GetRequiredService<NominationService>()
                .ApplyAsync(Cycle.Id, organizationId, page.Key, page.Name, "A practice worth a look.", false, email);
            Assert.True(result.Succeeded, result.Message);
            return new Arranged(nomination!.Key, organizationId, registered.Value!.User!.Id, email, page.Key);
        });

    /// <summary>The nominee answers every item "Yes" with a comment, through the portal's checklist service, which takes the step.</summary>
    private Task<FormDefinition> SubmitChecklistAsync(Arranged a) => fixture.WithServicesAsync(async s =>
    {
        var alias = await s.GetRequiredService<ChecklistForms>().EnsureAsync(Cycle, a.CategoryKey);
        var form = (await s.GetRequiredService<FormService>().GetFormAsync(alias!))!;
        var values = form.ValueFields.Select(f => new KeyValuePair<string, string>(f.Alias, f.Type == FormFieldType.SingleChoice ? "Yes" : LongComment));
        var step = await s.GetRequiredService<ChecklistSubmissions>().PostAsync(a.Key, a.OrganizationId, alias!, FormOwner.User(a.UserId),
            new FormPost(0, FormAction.Submit, FormInput.From(values), Guid.NewGuid()));
        Assert.True(step.Succeeded && step.Value!.Submitted, step.Message);
        return form;
    });

    private Task<Attempt<NominationOperationStatus>> StepAsync(Guid key, Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
        fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, null, step));

    private Task<Nomination?> LoadAsync(Guid key) => fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));

    private async Task<Arranged> EligibleAsync(string email, string organization, string category)
    {
        var a = await ApplyAsync(email, organization, category);
        await SubmitChecklistAsync(a);
        Assert.True((await StepAsync(a.Key, (n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
        return a;
    }

    private async Task<IPage> StaffPageAsync(int width = 1366) => await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, width);

    private async Task<string> MailToAsync(string address, string subjectContains)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (fixture.Sink.To(address).Select(m => m.Message).LastOrDefault(m => m.Subject?.Contains(subjectContains, StringComparison.Ordinal) == true) is { } mail)
            {
                return mail.Subject + "\n" + mail.TextBody;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No email \"{subjectContains}\" reached {address}.");
    }

    [Fact]
    public async Task Staff_read_each_checklist_answer_inside_the_card_and_mark_it_eligible()
    {
        var a = await ApplyAsync("checked@example.org", "Checked Care Center", "Email Channel");
        var form = await SubmitChecklistAsync(a);
        var firstQuestion = form.ValueFields.First(f => f.Type == FormFieldType.SingleChoice).Label;

        foreach (var width in new[] { 1366, 390 })
        {
            var look = await StaffPageAsync(width);
            await look.GotoAsync($"/backoffice/awards/nominations/{a.Key}");
            var card = look.Locator("section.bo-card", new() { HasText = "Eligibility checklist" });
            var cardBox = (await card.BoundingBoxAsync())!;
            foreach (var text in new[] { firstQuestion, LongComment })
            {
                var box = (await card.GetByText(text).First.BoundingBoxAsync())!;
                Assert.True(box.X >= cardBox.X && box.X + box.Width <= cardBox.X + cardBox.Width + 1, $"{width} px: \"{text[..20]}\" sticks out of the card");
                Assert.True(box.Width >= Math.Min(300, cardBox.Width * 0.7), $"{width} px: \"{text[..20]}\" is squeezed to {box.Width} px");
            }

            var height = await look.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            Assert.True(height < (width == 1366 ? 4_000 : 9_000), $"{width} px: the page is {height} px high");
            await PortalTestSteps.CheckPageAsync(look, "staff-nomination-checklist");
            await look.Context.CloseAsync();
        }

        var page = await StaffPageAsync();
        var confirmations = PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync($"/backoffice/awards/nominations/{a.Key}");
        var eligible = page.GetByRole(AriaRole.Button, new() { Name = "Eligible", Exact = true });
        Assert.Contains("emailed", await eligible.GetAttributeAsync("data-confirm"));
        await eligible.ClickAsync();
        await page.GetByText("Marked eligible.").WaitForAsync();
        Assert.Equal(NominationState.Eligible, (await LoadAsync(a.Key))!.State);
        Assert.All(confirmations, c => Assert.Contains("Checked Care Center", c));
    }

    [Fact]
    public async Task Staff_mark_a_checklist_not_eligible_and_an_invisible_reason_counts_as_none()
    {
        var a = await ApplyAsync("ineligible@example.org", "Ineligible Care Center", "Web Self-Service");
        await SubmitChecklistAsync(a);
        var page = await StaffPageAsync();
        PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync($"/backoffice/awards/nominations/{a.Key}");
        var reason = page.GetByLabel("Reason it is not eligible (sent to the nominee)");
        await reason.FillAsync("\u200B\u200B\u2060");
        await page.GetByRole(AriaRole.Button, new() { Name = "Not eligible" }).ClickAsync();
        await page.GetByText("Give the reason the nomination is not eligible; the nominee receives it.").WaitForAsync();
        Assert.Equal(NominationState.ChecklistSubmitted, (await LoadAsync(a.Key))!.State);

        await page.GetByLabel("Reason it is not eligible (sent to the nominee)").FillAsync("The practice started this year; two years of ratings are needed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Not eligible" }).ClickAsync();
        await page.GetByText("Marked not eligible.").WaitForAsync();
        Assert.Contains("two years of ratings", await MailToAsync(a.Email, "eligibility decision"));
    }

    [Fact]
    public async Task Staff_record_an_interview_and_the_nominee_is_emailed_its_time_in_the_cycles_zone()
    {
        var a = await EligibleAsync("interviewed@example.org", "Interviewed Care Center", "IVR Self-Service");
        var page = await StaffPageAsync();
        var confirmations = PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync($"/backoffice/awards/nominations/{a.Key}");
        await page.GetByLabel("Interview time (Eastern Time)").FillAsync("2027-10-20T10:30");
        await page.GetByLabel("Interviewer").FillAsync("\u200B");
        await page.GetByLabel("Private notes (never shown to the nominee)").FillAsync("Strong on coaching; ask about 2025 data.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save interview" }).ClickAsync();
        await page.GetByText("Name the interviewer.").WaitForAsync();

        await page.GetByLabel("Interview time (Eastern Time)").FillAsync("2027-10-20T10:30");
        await page.GetByLabel("Interviewer").FillAsync("Ivy Interviewer");
        await page.GetByLabel("Private notes (never shown to the nominee)").FillAsync("Strong on coaching; ask about 2025 data.");
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save interview" });
        Assert.Contains("emailed the time", await save.GetAttributeAsync("data-confirm"));
        await save.ClickAsync();
        await page.GetByText("Interview scheduled.").WaitForAsync();
        await page.GetByText("Interview October 20, 2027, 10:30 AM Eastern Time with Ivy Interviewer.").WaitForAsync();
        Assert.All(confirmations, c => Assert.Contains("Interviewed Care Center", c));
        await PortalTestSteps.CheckPageAsync(page, "staff-nomination-interview");

        var mail = await MailToAsync(a.Email, "interview");
        Assert.Contains("October 20, 2027, 10:30 AM Eastern Time", mail);
        Assert.Contains("Ivy Interviewer", mail);
        Assert.DoesNotContain("Strong on coaching", mail);
        Assert.DoesNotContain("America/New_York", mail);
    }

    [Fact]
    public async Task Staff_decide_finalists_release_the_batch_after_confirming_and_reopen_a_story()
    {
        var chosen = await EligibleAsync("chosen@example.org", "Chosen Care Center", "Omni-Channel");
        var passed = await EligibleAsync("passed@example.org", "Passed Care Center", "Omni-Channel");
        var page = await StaffPageAsync();
        var confirmations = PortalTestSteps.AnswerDialogs(page);

        await page.GotoAsync($"/backoffice/awards/nominations/{chosen.Key}");
        var finalist = page.GetByRole(AriaRole.Button, new() { Name = "Finalist", Exact = true });
        Assert.StartsWith("Mark Chosen Care Center's Omni-Channel nomination finalist? Nobody is emailed yet", await finalist.GetAttributeAsync("data-confirm"));
        await finalist.ClickAsync();
        await page.GetByText("Marked finalist; the nominee hears when the batch is released.").WaitForAsync();
        await page.GotoAsync($"/backoffice/awards/nominations/{passed.Key}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Not selected" }).ClickAsync();
        await page.GetByText("Marked not selected; the nominee hears when the batch is released.").WaitForAsync();
        Assert.All(confirmations, c => Assert.Contains("Care Center", c));

        // The notification date comes forward to now (and the earlier dates with it), as staff would do; put back after.
        var cycle = Cycle;
        var original = cycle.Dates;
        var now = DateTime.UtcNow;
        var moved = original with
        {
            ApplicationsOpenUtc = now.AddDays(-10), ApplicationsCloseUtc = now.AddDays(-5), ChecklistDueUtc = now.AddDays(-4),
            InterviewsStartUtc = now.AddDays(-4), InterviewsEndUtc = now.AddDays(-2), FinalistsNotifiedByUtc = now.AddMinutes(-1),
        };
        Task<IReadOnlyList<string>> SetDates(CycleDates dates) => fixture.WithServicesAsync(s => s.GetRequiredService<CycleService>()
            .UpdateAsync(cycle.Id, cycle.Name, cycle.Year, cycle.FirstRatingsYear, cycle.TimeZoneId, dates, cycle.CategoryKeys.ToList()));
        Assert.Empty(await SetDates(moved));
        try
        {
            await page.GotoAsync($"/backoffice/awards/nominations?cycleId={cycle.Id}");
            var release = page.GetByRole(AriaRole.Button, new() { Name = "Release these decisions" });
            Assert.Equal("Release 2 decisions: 1 finalist and 1 not selected are emailed now. This cannot be undone.", await release.GetAttributeAsync("data-confirm"));
            await release.ClickAsync();
            await page.GetByText("2 decision(s) released to the nominees.").WaitForAsync();
            Assert.NotNull((await LoadAsync(chosen.Key))!.DecisionReleasedUtc);
            Assert.Contains("Omni-Channel", await MailToAsync(chosen.Email, "finalist"));

            // The finalist submits a story; staff reopen it with a reason and a new deadline.
            var years = cycle.RatingsYears;
            var draft = new StoryDraft("How our omni-channel practice works.", "Cross-trained CSRs", "One queue", "One desktop",
            [
                .. years.Select(y => new RatingRow(RatingMetric.Fcr, y, 78, 1200, "Post-contact survey", MeasuredBy.Customer)),
                .. years.Select(y => new RatingRow(RatingMetric.Csat, y, 88, 900, "Post-contact survey", MeasuredBy.Customer)),
            ]);
            Assert.True((await StepAsync(chosen.Key, (n, c, at) => n.SubmitStory(c, draft, chosen.Email, at))).Succeeded);
            await page.GotoAsync($"/backoffice/awards/nominations/{chosen.Key}");
            await page.GetByLabel("Why it is reopened (sent to the nominee)").FillAsync("Please add the 2026 sample sizes.");
            var until = cycle.Local(now.AddDays(5)).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            await page.GetByLabel("Editable until (Eastern Time)").FillAsync(until);
            await page.GetByRole(AriaRole.Button, new() { Name = "Reopen the story" }).ClickAsync();
            await page.GetByText("The story is open for the nominee again.").WaitForAsync();
            Assert.Equal(NominationState.Finalist, (await LoadAsync(chosen.Key))!.State);
        }
        finally
        {
            Assert.Empty(await SetDates(original));
        }
    }

    [Fact]
    public async Task Staff_extend_a_checklist_deadline_and_withdraw_a_nomination_whose_reason_is_limited_on_the_server()
    {
        var a = await ApplyAsync("extended@example.org", "Extended Care Center", "Desktop Applications");
        var page = await StaffPageAsync();
        var confirmations = PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync($"/backoffice/awards/nominations/{a.Key}");
        await page.GetByLabel("New deadline (Eastern Time)").FillAsync("2027-10-25T17:00");
        await page.GetByLabel("Reason (the nominee sees it and is emailed it)").FillAsync("Your site moved offices in October.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend" }).ClickAsync();
        await page.GetByText("Deadline extended for this nomination; the nominee was emailed the reason.").WaitForAsync();
        await page.GetByText("Deadline extended to Oct 25, 2027, 5:00 PM").WaitForAsync();
        Assert.Contains("October 25, 2027, 5:00 PM Eastern Time", await MailToAsync(a.Email, "More time"));

        // The browser's maxlength is only a hint: a longer reason posted anyway is refused by the server.
        var reason = page.GetByLabel("Reason (kept in the audit log)");
        await reason.EvaluateAsync("e => e.removeAttribute('maxlength')");
        await reason.FillAsync(new string('w', 1_001));
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw nomination" }).ClickAsync();
        await page.GetByText("The reason may have at most 1,000 characters; it has 1,001.").WaitForAsync();
        Assert.Equal(NominationState.Applied, (await LoadAsync(a.Key))!.State);

        await page.GetByLabel("Reason (kept in the audit log)").FillAsync("The organization asked to withdraw.");
        var withdraw = page.GetByRole(AriaRole.Button, new() { Name = "Withdraw nomination" });
        Assert.Contains("cannot be undone", await withdraw.GetAttributeAsync("data-confirm"));
        await withdraw.ClickAsync();
        await page.GetByText("The nomination was withdrawn.").WaitForAsync();
        Assert.Equal(NominationState.Withdrawn, (await LoadAsync(a.Key))!.State);
        Assert.All(confirmations, c => Assert.Contains("Extended Care Center", c));
    }

    [Fact]
    public async Task Staff_search_filter_and_count_the_nominations_and_export_what_is_shown()
    {
        await ApplyAsync("alpha@example.org", "Searchable Alpha", "Call Handling Practice");
        await ApplyAsync("beta@example.org", "Searchable Beta", "CSR Coaching Program", contactName: "Quentin Quill");
        var gamma = await ApplyAsync("gamma@example.org", "Searchable Gamma", "Call Handling Practice");
        await SubmitChecklistAsync(gamma);

        var page = await StaffPageAsync();
        await page.GotoAsync("/backoffice/awards/nominations");
        await page.GetByLabel("Search organization, category or contact").FillAsync("quentin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var rows = page.Locator("table.bo-table tbody tr");
        await page.GetByText("1 nomination shown.").WaitForAsync();
        Assert.Contains("Searchable Beta", await rows.First.InnerTextAsync());

        await page.GetByLabel("Search organization, category or contact").FillAsync("Searchable");
        await page.GetByLabel("Category", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Call Handling Practice" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.GetByText("2 nominations shown.").WaitForAsync();
        var counts = page.GetByRole(AriaRole.List, new() { Name = "Nominations per step" });
        await counts.GetByRole(AriaRole.Link, new() { Name = "Applied: 1" }).WaitForAsync();
        await counts.GetByRole(AriaRole.Link, new() { Name = "Checklist submitted: 1" }).ClickAsync();
        await page.GetByText("1 nomination shown.").WaitForAsync();
        Assert.Contains("Searchable Gamma", await rows.First.InnerTextAsync());
        await PortalTestSteps.CheckPageAsync(page, "staff-nominations-filtered");

        var csv = await BrowserFixture.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }));
        Assert.EndsWith(".csv", csv.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Contains("Searchable Gamma", text);
        Assert.Contains("Applied (Eastern Time)", text);
        Assert.DoesNotContain("Searchable Alpha", text);
        Assert.DoesNotContain("Searchable Beta", text);
        var excel = await BrowserFixture.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Export Excel" }));
        Assert.EndsWith(".xlsx", excel.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await excel.PathAsync())!);
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);

        var phone = await StaffPageAsync(390);
        await phone.GotoAsync(page.Url);
        await PortalTestSteps.CheckPageAsync(phone, "staff-nominations-filtered");
    }

    [Fact]
    public async Task A_staff_user_chooses_an_email_per_event_and_hears_of_a_new_application()
    {
        var page = await StaffPageAsync();
        await page.GotoAsync("/backoffice/awards/nominations");
        await page.GetByRole(AriaRole.Link, new() { Name = "Your notices" }).ClickAsync();
        Assert.True(await page.GetByLabel("A daily digest").IsCheckedAsync());
        await PortalTestSteps.CheckPageAsync(page, "staff-notices");
        await page.GetByLabel("An email for each event").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my notices" }).ClickAsync();
        await page.GetByText("Saved: you get an email for each new event.").WaitForAsync();
        Assert.True(await page.GetByLabel("An email for each event").IsCheckedAsync());

        await ApplyAsync("noticed@example.org", "Noticed Care Center", "Email Channel");
        var mail = await MailToAsync(BrowserFixture.StaffEmail(BackofficeRoles.AwardsStaff), "New application");
        Assert.Contains("Noticed Care Center applied in Email Channel.", mail);

        var phone = await StaffPageAsync(390);
        await phone.GotoAsync("/backoffice/awards/notices");
        await PortalTestSteps.CheckPageAsync(phone, "staff-notices");
    }
}
