using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Nominations;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// Applying (categories first, then one overview each; with and without script), the checklist's confirmation and
/// its read-only answers after submitting (issue 8 item 6), and the nomination page's own forms (overview, withdraw).
/// The cycle's dates stay as seeded: applications are open.
/// </summary>
public sealed class PortalApplyAndChecklistTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_apply_page_shows_the_categories_first_and_an_overview_box_for_each_one_ticked()
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("ada@example.org", "Ada's Answer Center"));
        await page.GotoAsync("/portal/apply");
        Assert.Equal(0, await page.Locator("textarea:visible").CountAsync());
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height < 2_500, $"The apply page is {height} px high before any category is chosen.");
        await PortalTestSteps.CheckPageAsync(page, "portal-apply");

        await page.GetByLabel("Email Channel", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Web Self-Service", new() { Exact = true }).CheckAsync();
        Assert.Equal(2, await page.Locator("textarea:visible").CountAsync());
        await page.GetByRole(AriaRole.Group, new() { Name = "Email Channel", Exact = true }).GetByLabel("Why the practice is unique").FillAsync("Answered completely, the first time.");
        await page.GetByRole(AriaRole.Group, new() { Name = "Web Self-Service", Exact = true }).GetByLabel("Why the practice is unique").FillAsync("Self-service that finishes the job.");
        await PortalTestSteps.CheckPageAsync(page, "portal-apply-chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.GetByText("Thank you. You applied in").WaitForAsync();
        Assert.Equal(2, await page.Locator(".portal-card").CountAsync());

        var phone = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("ada@example.org", "Ada's Answer Center", 390, 844));
        await phone.GotoAsync("/portal/apply");
        await phone.GetByLabel("IVR Self-Service", new() { Exact = true }).CheckAsync();
        await PortalTestSteps.CheckPageAsync(phone, "portal-apply-chosen");
    }

    [Fact]
    public async Task Without_script_continue_shows_the_overview_boxes_and_the_application_still_works()
    {
        const string email = "noel@example.org";
        await (await fixture.NomineePageAsync(email, "Noel's No-Script Center")).Context.CloseAsync();
        var context = await fixture.Browser.NewContextAsync(new() { JavaScriptEnabled = false, BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        context.SetDefaultTimeout(PortalTestSteps.Timeout);
        context.SetDefaultNavigationTimeout(PortalTestSteps.Timeout);
        await SignInPage.OpenAndSubmitAsync(page, "/portal/login", email, BrowserFixture.Password);
        await page.GotoAsync("/portal/apply");
        await page.GetByLabel("IVR Self-Service", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to the overviews" }).ClickAsync();
        Assert.Equal(1, await page.Locator("textarea:visible").CountAsync());
        await page.GetByRole(AriaRole.Group, new() { Name = "IVR Self-Service", Exact = true }).GetByLabel("Why the practice is unique").FillAsync("Callers finish in the IVR.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.GetByText("Thank you. You applied in IVR Self-Service.").WaitForAsync();
    }

    [Fact]
    public async Task Applying_only_in_a_category_that_is_not_open_says_nothing_was_applied()
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("una@example.org", "Una's Unknown Center"));
        await page.GotoAsync("/portal/apply");
        // A category that is not open this cycle (a stale page or a hand-made post): the box is re-pointed at it.
        await page.EvaluateAsync("() => { const box = document.querySelector('input[name=Selected]'); box.value = '00000000-0000-0000-0000-000000000042'; box.checked = true; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.Locator("#portal-errors").GetByText("Nothing was applied").WaitForAsync();
        Assert.EndsWith("/portal/apply", page.Url);
        await page.GotoAsync("/portal");
        await page.GetByText("You have not applied in any category yet.").WaitForAsync();
    }

    [Fact]
    public async Task A_submitted_checklist_is_shown_read_only_with_what_happens_next_and_its_date()
    {
        const string email = "chad@example.org";
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, "Chad's Checklist Center"));
        var key = await PortalTestSteps.ApplyAsync(fixture, email, "Email Channel");
        await page.GotoAsync($"/portal/nominations/{key}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Answer the checklist" }).ClickAsync();
        var yes = page.Locator("input[type=radio][value=Yes]");
        for (var i = 0; i < await yes.CountAsync(); i++)
        {
            await yes.Nth(i).CheckAsync();
        }

        await page.GetByLabel("Comment on item 1").FillAsync("A specialist team of twelve CSRs.");
        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the checklist" }).ClickAsync();
        await page.GetByText("your checklist was submitted").WaitForAsync();
        Assert.Contains("can no longer be changed", Assert.Single(asked));

        // The nomination page: the next step with its date, and the way to the answers.
        var next = await page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "What happens next" }) }).InnerTextAsync();
        Assert.Contains("Our staff review your checklist and choose the finalists, by", next);
        Assert.Contains("Eastern Time", next);
        await PortalTestSteps.CheckPageAsync(page, "portal-nomination-checklist-submitted");
        await page.GetByRole(AriaRole.Link, new() { Name = "Read your checklist answers" }).ClickAsync();

        // The checklist page, which was a 404: the answers, read-only, and what happens next.
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your answers" }).WaitForAsync();
        await page.GetByText("A specialist team of twelve CSRs.").WaitForAsync();
        Assert.Equal(0, await page.Locator("input[type=radio], textarea").CountAsync());
        Assert.Contains("Our staff review your checklist", await page.Locator("#next-heading + p + p").InnerTextAsync());
        await PortalTestSteps.CheckPageAsync(page, "portal-checklist-submitted");
        var phone = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, "Chad's Checklist Center", 390, 844));
        await phone.GotoAsync($"/portal/nominations/{key}/checklist");
        await PortalTestSteps.CheckPageAsync(phone, "portal-checklist-submitted");
    }

    [Fact]
    public async Task A_nominee_changes_the_overview_and_then_withdraws_after_confirming()
    {
        const string email = "wes@example.org";
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, "Wes's Withdrawn Center"));
        var key = await PortalTestSteps.ApplyAsync(fixture, email, "Omni-Channel");
        await page.GotoAsync($"/portal/nominations/{key}");
        await page.GetByLabel("Why the practice is unique").FillAsync("One conversation across every channel.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save overview" }).ClickAsync();
        await page.GetByText("The overview was saved.").WaitForAsync();
        Assert.Equal("One conversation across every channel.", await page.GetByLabel("Why the practice is unique").InputValueAsync());

        await page.GetByText("Withdraw this nomination").ClickAsync();
        await page.GetByLabel("Reason").FillAsync("We enter next year instead.");
        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw", Exact = true }).ClickAsync();
        await page.GetByText("The nomination was withdrawn.").WaitForAsync();
        Assert.Contains("cannot be undone", Assert.Single(asked));
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal(NominationState.Withdrawn, stored!.State);
    }

    [Fact]
    public async Task Save_and_continue_later_keeps_the_checklist_answers_without_submitting_them()
    {
        const string email = "sal@example.org";
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, "Sal's Saved Center"));
        var key = await PortalTestSteps.ApplyAsync(fixture, email, "Web Self-Service");
        await page.GotoAsync($"/portal/nominations/{key}/checklist");
        await page.Locator("input[type=radio][value=Yes]").First.CheckAsync();
        await page.GetByLabel("Comment on item 1").FillAsync("Half of our contacts start on the web.");
        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue later" }).ClickAsync();
        await page.GetByText("Your answers were saved; come back any time before the due date.").WaitForAsync();
        Assert.Empty(asked);

        // Opened again later, the page shows what was typed, still open to change; the nomination still waits for it.
        await page.GotoAsync($"/portal/nominations/{key}");
        await page.GotoAsync($"/portal/nominations/{key}/checklist");
        Assert.Equal("Half of our contacts start on the web.", await page.GetByLabel("Comment on item 1").InputValueAsync());
        Assert.True(await page.Locator("input[type=radio][value=Yes]").First.IsCheckedAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the checklist" }).WaitForAsync();
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal(NominationState.Applied, stored!.State);
    }
}
