using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;

namespace SqmSite.E2E;

/// <summary>
/// The finalist's story in Chromium (issue 8 items 4 and 7, issue 9 item 7): a draft always keeps what was typed,
/// bad ratings included, with the rules shown beside the fields; submitting asks first and is refused with the rows'
/// messages; autosave keeps saving; the page fits a phone. Also what a finalist sees after the application deadline
/// and of a recorded interview. The nominations are arranged through the services once per site.
/// </summary>
public sealed class PortalStoryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Email = "sam@example.org";

    private sealed record Finalists(Guid Draft, Guid Submit, Guid Interview);

    private static readonly SemaphoreSlim SetupLock = new(1, 1);
    private static readonly Dictionary<BrowserFixture, Finalists> Setups = [];

    private async Task<Finalists> FinalistsAsync()
    {
        await SetupLock.WaitAsync();
        try
        {
            if (Setups.TryGetValue(fixture, out var done))
            {
                return done;
            }

            await (await fixture.NomineePageAsync(Email, "Sam's Service Center")).Context.CloseAsync();
            var keys = new List<Guid>();
            foreach (var category in new[] { "Email Channel", "Web Self-Service", "IVR Self-Service" })
            {
                var key = await PortalTestSteps.ApplyAsync(fixture, Email, category);
                Assert.True((await PortalTestSteps.StepAsync(fixture, key, (n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), Email, now))).Succeeded);
                Assert.True((await PortalTestSteps.StepAsync(fixture, key, (n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
                keys.Add(key);
            }

            await PortalTestSteps.MoveToStoryStepAsync(fixture);
            var interview = await PortalTestSteps.StepAsync(fixture, keys[2], (n, c, now) =>
                n.ScheduleInterview(c, c.Dates.InterviewsStartUtc.AddHours(2), "Ivy Interviewer", "Private: a strong candidate", "staff", now));
            Assert.True(interview.Succeeded, interview.Message);
            foreach (var key in keys)
            {
                Assert.True((await PortalTestSteps.StepAsync(fixture, key, (n, c, now) => n.DecideFinalist(true, "staff", now))).Succeeded);
            }

            await PortalTestSteps.ReleaseAsync(fixture);
            return Setups[fixture] = new(keys[0], keys[1], keys[2]);
        }
        finally
        {
            SetupLock.Release();
        }
    }

    private IReadOnlyList<int> Years => fixture.Services.GetRequiredService<CycleCatalog>().Current!.RatingsYears;

    [Fact]
    public async Task A_draft_with_bad_ratings_is_saved_as_typed_with_the_rules_shown_and_submitting_is_refused_row_by_row()
    {
        var key = (await FinalistsAsync()).Draft;
        var (y0, y1) = (Years[0], Years[1]);
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, "Sam's Service Center"));
        await page.GotoAsync($"/portal/nominations/{key}/story");
        await page.GetByLabel("The story").FillAsync("Our email team answers completely, the first time.");
        await page.GetByLabel($"FCR {y0} value").FillAsync("84");
        await page.GetByLabel($"FCR {y0} sample size").FillAsync("0");
        await page.GetByLabel($"FCR {y1} sample size").FillAsync("about 400");
        await page.GetByLabel($"Csat {y0} value").FillAsync("91");
        await page.GetByLabel($"Csat {y0} measured by").SelectOptionAsync("Organization");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await page.GetByText("Your draft was saved. Some entries need attention before you can submit").WaitForAsync();

        // Reloaded: everything is there as typed, and each rule not met is said beside its row, in the site's words.
        await page.ReloadAsync();
        Assert.Equal("Our email team answers completely, the first time.", await page.GetByLabel("The story").InputValueAsync());
        Assert.Equal("0", await page.GetByLabel($"FCR {y0} sample size").InputValueAsync());
        Assert.Equal("about 400", await page.GetByLabel($"FCR {y1} sample size").InputValueAsync());
        Assert.Equal("Organization", await page.GetByLabel($"Csat {y0} measured by").InputValueAsync());
        Assert.Equal($"The sample size of FCR {y0} must be more than zero.", await page.Locator($"#error-Rating-Fcr-{y0}").InnerTextAsync());
        Assert.Equal($"FCR {y1} sample size: enter a whole number, such as 400.", await page.Locator($"#error-Rating-Fcr-{y1}").InnerTextAsync());
        Assert.Equal($"Csat must be measured by the customer ({y0}).", await page.Locator($"#error-Rating-Csat-{y0}").InnerTextAsync());
        await PortalTestSteps.CheckPageAsync(page, "portal-story-draft-rules");

        // Submitting asks first, then is refused with the rows' messages; what was typed stays.
        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the story" }).ClickAsync();
        await page.GetByText("The story was not submitted").WaitForAsync();
        Assert.Contains("can no longer be changed", Assert.Single(asked));
        var summary = await page.Locator("#portal-errors").InnerTextAsync();
        Assert.Contains($"FCR {y1} sample size: enter a whole number, such as 400.", summary);
        Assert.Contains($"Csat must be measured by the customer ({y0}).", summary);
        Assert.Contains("What you typed was saved as a draft.", summary);
        Assert.Equal("about 400", await page.GetByLabel($"FCR {y1} sample size").InputValueAsync());
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal(NominationState.Finalist, stored!.State);
        Assert.Equal("about 400", stored.Story.Ratings.Single(r => r.Metric == RatingMetric.Fcr && r.Year == y1).SampleSizeEntered);

        // Autosave keeps saving with a bad value, and shows its rule beside the row.
        await page.GetByLabel($"Csat {y1} value").FillAsync("about ninety");
        await page.Locator("#autosave-status").GetByText("automatically at").WaitForAsync(new() { Timeout = 45_000 });
        Assert.Contains("some entries need attention", await page.Locator("#autosave-status").InnerTextAsync());
        Assert.Equal($"Csat {y1} value: enter a number, such as 84.5.", await page.Locator($"#error-Rating-Csat-{y1}").InnerTextAsync());
        await page.GotoAsync($"/portal/nominations/{key}/story");
        Assert.Equal("about ninety", await page.GetByLabel($"Csat {y1} value").InputValueAsync());
    }

    [Fact]
    public async Task Submitting_the_story_asks_first_and_afterwards_no_button_invites_a_change()
    {
        var key = (await FinalistsAsync()).Submit;
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, "Sam's Service Center"));
        await page.GotoAsync($"/portal/nominations/{key}/story");
        await page.GetByLabel("The story").FillAsync("Self-service that finishes the job.");
        await page.GetByLabel("Process").FillAsync("Every dead end in the journey is fixed within a week.");
        foreach (var metric in new[] { "FCR", "Csat" })
        {
            foreach (var year in Years)
            {
                await page.GetByLabel($"{metric} {year} value").FillAsync("82.5");
                await page.GetByLabel($"{metric} {year} sample size").FillAsync("1,200");
                await page.GetByLabel($"{metric} {year} method of measurement").FillAsync("Post-contact survey");
                await page.GetByLabel($"{metric} {year} measured by").SelectOptionAsync("Customer");
            }
        }

        // "Cancel" in the confirmation leaves the story as it was.
        var dismissed = PortalTestSteps.AnswerDialogs(page, accept: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the story" }).ClickAsync();
        Assert.Contains("The awards team receives it for judging", Assert.Single(dismissed));
        Assert.Equal(NominationState.Finalist, (await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key)))!.State);
        dismissed.Dispose();

        using var accepted = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the story" }).ClickAsync();
        await page.GetByText("Your story was submitted").First.WaitForAsync();
        Assert.Single(accepted);
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal(NominationState.StorySubmitted, stored!.State);
        Assert.Equal(1200, stored.Story.Ratings.First(r => r.Metric == RatingMetric.Fcr).SampleSize);

        await page.GotoAsync($"/portal/nominations/{key}/story");
        await page.GetByText("can no longer be changed").First.WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Submit the story" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Add the attachment" }).CountAsync());
        await PortalTestSteps.CheckPageAsync(page, "portal-story-submitted");
    }

    [Fact]
    public async Task The_nominee_sees_the_recorded_interview_in_the_cycles_zone_without_staffs_notes()
    {
        var key = (await FinalistsAsync()).Interview;
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, "Sam's Service Center"));
        await page.GotoAsync($"/portal/nominations/{key}");
        var panel = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Your interview" }) });
        var text = await panel.InnerTextAsync();
        Assert.Contains("Eastern Time with Ivy Interviewer", text);
        Assert.DoesNotContain("strong candidate", await page.ContentAsync());
        Assert.DoesNotContain("America/New_York", await page.ContentAsync());
        await PortalTestSteps.CheckPageAsync(page, "portal-nomination-interview");
    }

    [Fact]
    public async Task After_the_application_deadline_the_apply_page_says_applications_closed_with_the_date()
    {
        await FinalistsAsync();
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, "Sam's Service Center"));
        await page.GotoAsync("/portal/apply");
        var closed = await page.GetByText("Applications for 2027/28 CX Best Practice Awards closed on").InnerTextAsync();
        Assert.Contains("Eastern Time", closed);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).CountAsync());
        Assert.Equal(0, await page.Locator("textarea").CountAsync());
    }

    [Fact]
    public async Task Every_portal_page_fits_a_phone_without_sideways_scrolling()
    {
        var keys = await FinalistsAsync();
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, "Sam's Service Center", 390, 844));
        foreach (var (url, name) in new[]
        {
            ("/portal", "portal-dashboard"), ($"/portal/nominations/{keys.Draft}", "portal-nomination-finalist"),
            ($"/portal/nominations/{keys.Draft}/story", "portal-story"), ("/portal/organization", "portal-organization"),
            ("/portal/apply", "portal-apply-closed"),
        })
        {
            await page.GotoAsync(url);
            await PortalTestSteps.CheckPageAsync(page, name);
        }

        var visitor = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(390, 844));
        foreach (var (url, name) in new[] { ("/portal/login", "portal-login"), ("/portal/register", "portal-register"), ("/portal/forgot", "portal-forgot") })
        {
            await visitor.GotoAsync(url);
            await PortalTestSteps.CheckPageAsync(visitor, name);
        }
    }

    [Fact]
    public async Task A_finalist_adds_an_attachment_and_removes_it()
    {
        var key = (await FinalistsAsync()).Interview;
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, "Sam's Service Center"));
        await page.GotoAsync($"/portal/nominations/{key}/story");
        await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = "ivr-report.pdf", MimeType = "application/pdf", Buffer = SqmSite.Testing.TestImages.Pdf("IVR report") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the attachment" }).ClickAsync();
        await page.GetByText("\"ivr-report.pdf\" was attached.").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove ivr-report.pdf" }).ClickAsync();
        await page.GetByText("The attachment was removed.").WaitForAsync();
        await page.GetByText("No attachments.").WaitForAsync();
    }
}
