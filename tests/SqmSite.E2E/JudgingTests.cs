using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// Step 5 in Chromium, as staff and judges do it: invite a judge and accept the link, keep a judge's never-judge list,
/// edit the score set, form a panel and assign automatically (the plan first), a judge declares a conflict on one entry
/// and scores another, staff reopen a sheet, read the leaderboard, export it, record a visit and declare the winner;
/// under blind judging the lead judge's results name no organization.
/// Every form is submitted through its button; what the screen says is read back. Submitted stories are arranged
/// through the domain (steps 1 to 4 have their own browser tests).
/// </summary>
public sealed partial class JudgingTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Category = "Email Channel";

    private AwardCycle Cycle => fixture.Services.GetRequiredService<CycleCatalog>().Current!;

    /// <summary>An organization with a submitted story in <paramref name="category"/> of the current cycle.</summary>
    private Task<Nomination> SubmittedAsync(string organization, string category = Category) => fixture.WithServicesAsync(s =>
    {
        var page = s.GetRequiredService<IPublishedContentCache>().Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == category);
        return SqmSite.Testing.SubmittedStories.AddAsync(s.GetRequiredService<AwardsDbContext>(), Cycle, page.Key, page.Name, organization);
    });

    /// <summary>A judge with a backoffice account, made as staff would for an address that already has one (the invitation service gives the role and profile).</summary>
    private async Task<IPage> JudgePageAsync(string email, string name, int width = 1366)
    {
        await fixture.EnsureBackofficeUserAsync(email, BackofficeRoles.Judge, name);
        var made = await fixture.WithServicesAsync(s => s.GetRequiredService<JudgeService>().InviteAsync(email, name, "Independent", "staff", fixture.BaseUrl));
        Assert.True(made.Succeeded, made.Message);
        var page = await fixture.NewPageAsync(width);
        await Pages.SignInPage.OpenAndSubmitAsync(page, "/backoffice/login", email, BrowserFixture.Password);
        await page.WaitForURLAsync(url => !url.Contains("/backoffice/login", StringComparison.Ordinal));
        return page;
    }

    [Fact]
    public async Task Staff_invite_a_judge_who_accepts_the_link_and_staff_keep_the_judges_never_judge_list()
    {
        var rival = await SubmittedAsync("Rival Answers Ltd", "Web Self-Service");
        var staff = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await staff.GotoAsync("/backoffice/awards/judging/judges");

        // A refused invitation keeps what was typed and says why.
        await staff.GetByLabel("Name").FillAsync("Nadia Judge");
        await staff.GetByLabel("Email").FillAsync("not-an-address");
        await staff.GetByLabel("Employer").FillAsync("Northwind Consulting");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await staff.GetByText("Enter a valid email address, such as name@example.org.").First.WaitForAsync();
        Assert.Equal("Nadia Judge", await staff.GetByLabel("Name").InputValueAsync());

        await staff.GetByLabel("Email").FillAsync("nadia.judge@example.org");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await staff.GetByText("Nadia Judge is invited").WaitForAsync();
        await staff.GetByText("nadia.judge@example.org").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "judging-judges");

        // The judge opens the emailed link in a browser of their own.
        var link = await fixture.LinkFromSinkAsync("nadia.judge@example.org", InvitationLink());
        var judge = await fixture.NewPageAsync(390);
        await judge.GotoAsync(new Uri(link).PathAndQuery + "x");
        await judge.GetByText("This invitation link does not work").WaitForAsync();
        await judge.GotoAsync(new Uri(link).PathAndQuery);
        await judge.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserFixture.Password);
        await judge.GetByLabel("Password again").FillAsync("Something-Else-123");
        await judge.GetByRole(AriaRole.Button, new() { Name = "Create my judge account" }).ClickAsync();
        await judge.GetByText("The two passwords are not the same.").First.WaitForAsync();
        await judge.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserFixture.Password);
        await judge.GetByLabel("Password again").FillAsync(BrowserFixture.Password);
        await judge.GetByRole(AriaRole.Button, new() { Name = "Create my judge account" }).ClickAsync();
        await judge.GetByRole(AriaRole.Heading, new() { Name = "Your entries to judge" }).WaitForAsync();
        await judge.GetByText("No entries are assigned to you yet.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(judge, "judging-judge-empty");
        await BrowserFixture.AssertNoSidewaysScrollAsync(judge, "a judge's empty list at 390 px");

        // Staff keep the new judge away from a competitor of their employer.
        await staff.GotoAsync("/backoffice/awards/judging/judges");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Nadia Judge" }).ClickAsync();
        await staff.GetByLabel("Rival Answers Ltd").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save judge" }).ClickAsync();
        await staff.GetByText("The judge's profile is saved.").WaitForAsync();
        await staff.GetByRole(AriaRole.Row, new() { Name = "Nadia Judge" }).GetByText("1 organization").WaitForAsync();
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Judges.AsNoTracking().SingleAsync(j => j.Name == "Nadia Judge"));
        Assert.Equal([rival.OrganizationId], stored.NeverJudge);
    }

    [Fact]
    public async Task Staff_form_a_panel_and_assign_automatically_a_judge_declares_a_conflict_and_scores_and_staff_declare_the_winner()
    {
        var entries = new[] { await SubmittedAsync("Alpha Care Center"), await SubmittedAsync("Beta Contact Co"), await SubmittedAsync("Gamma Service Hub") };
        var judgeA = await JudgePageAsync("judge.a@example.org", "Avery Judge");
        await JudgePageAsync("judge.b@example.org", "Blake Judge");
        await JudgePageAsync("judge.c@example.org", "Casey Judge");

        // The score set: staff change a weight before anyone scores.
        var staff = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await staff.GotoAsync($"/backoffice/awards/judging/setup/{Cycle.Id}");
        await staff.GetByLabel("Weight").First.FillAsync("thirty");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save score set and settings" }).ClickAsync();
        await staff.GetByText("as a number, such as 20").First.WaitForAsync();
        await staff.GetByLabel("Weight").First.FillAsync("35");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save score set and settings" }).ClickAsync();
        await staff.GetByText("The score set and settings are saved.").WaitForAsync();
        Assert.Equal("35", await staff.GetByLabel("Weight").First.InputValueAsync());

        // Form the panel: three judges, two per entry, a lead.
        await staff.GotoAsync("/backoffice/awards/judging");
        await BrowserFixture.ScreenshotAsync(staff, "judging-overview");
        await staff.GetByRole(AriaRole.Button, new() { Name = $"Form the panel of {Category}" }).ClickAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = $"Panel · {Category}" }).WaitForAsync();
        foreach (var name in new[] { "Avery Judge", "Blake Judge", "Casey Judge" })
        {
            await staff.GetByLabel(name).CheckAsync();
        }

        await staff.GetByLabel("Lead judge").SelectOptionAsync(new SelectOptionValue { Label = "Blake Judge" });
        await staff.GetByLabel("Judges per entry").FillAsync("2");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save panel" }).ClickAsync();
        await staff.GetByText("The panel is saved.").WaitForAsync();

        // The plan first (nothing saved), then save it.
        await staff.GetByRole(AriaRole.Link, new() { Name = "Assign automatically…" }).ClickAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = "Automatic assignment: the plan" }).WaitForAsync();
        Assert.Equal(6, await staff.Locator(".aw-plan li").CountAsync());
        await staff.GetByText("Least loaded").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "judging-plan");
        Assert.Equal(0, await fixture.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().JudgeAssignments.CountAsync()));
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save this plan" }).ClickAsync();
        await staff.GetByText("Automatic assignment saved: 6 assignments added, 0 removed.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "judging-panel");

        // Judge A: a conflict on their first entry (a reason is required), then scores for the second.
        await judgeA.GotoAsync("/backoffice/judging");
        PortalTestSteps.AnswerDialogs(judgeA);
        var mine = judgeA.Locator("table tbody tr");
        Assert.Equal(2, await mine.CountAsync());
        var conflicted = (await mine.Nth(0).Locator("th a").TextContentAsync())!.Trim();
        var scored = (await mine.Nth(1).Locator("th a").TextContentAsync())!.Trim();
        await mine.Nth(0).Locator("th a").ClickAsync();
        await judgeA.GetByText("I have a conflict of interest with this entry").ClickAsync();
        await judgeA.GetByRole(AriaRole.Button, new() { Name = "Declare a conflict" }).ClickAsync();
        await judgeA.GetByText("Say why you cannot judge this entry").First.WaitForAsync();
        await judgeA.GetByLabel("Why you cannot judge it").FillAsync("My employer is a client of this organization.");
        await judgeA.GetByRole(AriaRole.Button, new() { Name = "Declare a conflict" }).ClickAsync();
        await judgeA.GetByText("Your conflict is recorded").WaitForAsync();
        Assert.Equal(1, await judgeA.Locator("table tbody tr").CountAsync());

        await judgeA.GetByRole(AriaRole.Link, new() { Name = scored }).ClickAsync();
        await judgeA.GetByText("The other judges' scores are shown once you have submitted yours.").WaitForAsync();
        var scores = judgeA.Locator("input.aw-score");
        Assert.Equal(5, await scores.CountAsync());
        await scores.Nth(0).FillAsync("8");
        await judgeA.GetByRole(AriaRole.Button, new() { Name = "Save for later" }).ClickAsync();
        await judgeA.GetByText("Your scores are saved as a draft.").WaitForAsync();
        Assert.Equal("8", await judgeA.Locator("input.aw-score").Nth(0).InputValueAsync());
        await judgeA.GetByRole(AriaRole.Button, new() { Name = "Submit scores" }).ClickAsync();
        await judgeA.GetByText("Please correct the following:").WaitForAsync();
        await judgeA.GetByText("needs a comment.").First.WaitForAsync();
        for (var i = 0; i < 5; i++)
        {
            await judgeA.Locator("input.aw-score").Nth(i).FillAsync((9 - i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await judgeA.Locator($"textarea[name='Scores[{i}].Comment']").FillAsync("Clear evidence in both ratings years.");
        }

        await BrowserFixture.ScreenshotAsync(judgeA, "judging-score");
        await judgeA.GetByRole(AriaRole.Button, new() { Name = "Submit scores" }).ClickAsync();
        await judgeA.GetByText("Your scores are submitted. Thank you.").WaitForAsync();
        await judgeA.GetByText("Submitted", new() { Exact = true }).WaitForAsync();

        // Staff see the conflict with its reason, reopen the sheet with a reason, read the leaderboard, record a visit and declare the winner.
        await staff.GotoAsync(staff.Url.Split('?')[0]);
        await staff.GetByText("“My employer is a client of this organization.”").WaitForAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = "Results of this category" }).ClickAsync();
        PortalTestSteps.AnswerDialogs(staff);
        await staff.GetByRole(AriaRole.Heading, new() { Name = $"Results · {Category}" }).WaitForAsync();
        var board = staff.Locator("table.aw-leaderboard tbody tr");
        Assert.Equal(3, await board.CountAsync());
        Assert.Equal("1", (await staff.GetByRole(AriaRole.Row, new() { Name = conflicted }).Locator("td").Nth(5).TextContentAsync())!.Trim());
        await staff.GetByText("Avery Judge: 1 of 1 submitted, 1 conflict declared").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "judging-results");

        await staff.GetByText($"Reopen the sheet of Avery Judge for {scored}").ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Reopen the sheet" }).ClickAsync();
        await staff.GetByText("Say why the scores are reopened").First.WaitForAsync();
        await staff.GetByText($"Reopen the sheet of Avery Judge for {scored}").ClickAsync();
        await staff.GetByLabel("Reason (kept in the sheet's history)").FillAsync("The fourth score looks like a typo.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Reopen the sheet" }).ClickAsync();
        await staff.GetByText("The score sheet is reopened").WaitForAsync();

        await staff.GetByLabel("Entry", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = scored });
        await staff.GetByLabel("Date of the visit").FillAsync("2028-01-20");
        await staff.GetByLabel("Who went").FillAsync("Robin Staff");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Record the visit" }).ClickAsync();
        await staff.GetByText("The onsite visit is recorded.").WaitForAsync();

        var csv = await BrowserFixture.DownloadAsync(staff, staff.GetByRole(AriaRole.Link, new() { Name = "CSV" }));
        var text = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Contains("Weighted mean", text);
        Assert.Contains(scored, text);

        await staff.GetByRole(AriaRole.Button, new() { Name = "Declare the result" }).ClickAsync();
        await staff.GetByText("Choose the winning entry").First.WaitForAsync();
        await staff.GetByLabel(new Regex("^" + Regex.Escape(scored))).CheckAsync();
        await staff.GetByLabel("Note (required for no award)").FillAsync("Strongest data, confirmed on the visit.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Declare the result" }).ClickAsync();
        await staff.GetByText("The winner is declared.").WaitForAsync();
        await staff.GetByText($"Winner: {scored}").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "judging-winner");

        var winner = await fixture.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Nominations.AsNoTracking().SingleAsync(n => n.AwardedUtc != null));
        Assert.Equal(["Winner declared", "Onsite visit recorded"], winner.Events.OrderByDescending(e => e.Id).Take(2).Select(e => e.Action));
        Assert.Contains(entries, e => e.Id == winner.Id);
    }

    /// <summary>A judge's profile for an address with a backoffice account, without signing them in.</summary>
    private async Task<JudgeProfile> JudgeAsync(string email, string name)
    {
        await fixture.EnsureBackofficeUserAsync(email, BackofficeRoles.Judge, name);
        var made = await fixture.WithServicesAsync(s => s.GetRequiredService<JudgeService>().InviteAsync(email, name, "Independent", "staff", fixture.BaseUrl));
        Assert.True(made.Succeeded, made.Message);
        return await fixture.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Judges.AsNoTracking().SingleAsync(j => j.Name == name));
    }

    [Fact]
    public async Task Staff_assign_a_judge_by_hand_and_remove_the_assignment_again()
    {
        var entry = await SubmittedAsync("Handpicked Help Desk", "Omni-Channel");
        var judge = await JudgeAsync("hand.judge@example.org", "Harper Hand");
        var panelKey = await fixture.WithServicesAsync(async s =>
        {
            var panels = s.GetRequiredService<PanelService>();
            var panel = await panels.PanelAsync(Cycle.Id, entry.CategoryKey, entry.CategoryName);
            Assert.True((await panels.UpdatePanelAsync(panel.Key, [judge.Id], null, 1)).Succeeded);
            return panel.Key;
        });
        Task<List<JudgeAssignment>> AssignmentsAsync() => fixture.WithServicesAsync(s =>
            s.GetRequiredService<AwardsDbContext>().JudgeAssignments.AsNoTracking().Where(a => a.NominationId == entry.Id).ToListAsync());

        var staff = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await staff.GotoAsync($"/backoffice/awards/judging/panels/{panelKey}");
        var row = staff.GetByRole(AriaRole.Row, new() { Name = "Handpicked Help Desk" });
        await row.GetByText("0 of 1 judges").WaitForAsync();
        await staff.GetByLabel("Judge for Handpicked Help Desk").SelectOptionAsync(new SelectOptionValue { Label = "Harper Hand" });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Assign to Handpicked Help Desk" }).ClickAsync();
        await staff.GetByText("The judge is assigned.").WaitForAsync();
        await row.GetByText("1 of 1 judges").WaitForAsync();
        await row.GetByText("by hand, not started").WaitForAsync();
        var assigned = Assert.Single(await AssignmentsAsync());
        Assert.Equal((judge.Id, AssignmentSource.Manual), (assigned.JudgeId, assigned.Source));

        await staff.GetByRole(AriaRole.Button, new() { Name = "Remove Harper Hand from Handpicked Help Desk" }).ClickAsync();
        await staff.GetByText("The assignment is removed.").WaitForAsync();
        await row.GetByText("0 of 1 judges").WaitForAsync();
        Assert.Equal(0, await row.GetByRole(AriaRole.Button, new() { Name = "Remove Harper Hand from Handpicked Help Desk" }).CountAsync());
        Assert.Empty(await AssignmentsAsync());
    }

    [Fact]
    public async Task Staff_revoke_a_judges_invitation_after_confirming_and_its_link_stops_working()
    {
        var email = $"revoked.judge.{Guid.NewGuid():N}@example.org";
        Assert.True((await fixture.WithServicesAsync(s => s.GetRequiredService<JudgeService>().InviteAsync(email, "Riley Revoked", "Independent", "staff", fixture.BaseUrl))).Succeeded);
        var link = await fixture.LinkFromSinkAsync(email, InvitationLink());

        var staff = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        using var asked = PortalTestSteps.AnswerDialogs(staff);
        await staff.GotoAsync("/backoffice/awards/judging/judges");
        await staff.GetByText($"Riley Revoked · {email}").WaitForAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = $"Revoke the invitation to {email}" }).ClickAsync();
        await staff.GetByText("The invitation is revoked; its link no longer works.").WaitForAsync();
        Assert.Contains(email, Assert.Single(asked));
        Assert.Equal(0, await staff.GetByText($"Riley Revoked · {email}").CountAsync());
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().JudgeInvitations.AsNoTracking().SingleAsync(i => i.Email == email));
        Assert.NotNull(stored.RevokedUtc);

        var judge = await fixture.NewPageAsync();
        await judge.GotoAsync(new Uri(link).PathAndQuery);
        await judge.GetByText("This invitation link does not work").WaitForAsync();
    }

    [Fact]
    public async Task Under_blind_judging_the_lead_judge_reads_results_without_the_organizations_and_staff_still_see_them()
    {
        var entry = await SubmittedAsync("Unnamed Answers Co", "CSR Coaching Program");
        var lead = await JudgePageAsync("blind.lead@example.org", "Bailey Blind");
        var panelKey = await fixture.WithServicesAsync(async s =>
        {
            var profile = await s.GetRequiredService<AwardsDbContext>().Judges.AsNoTracking().SingleAsync(j => j.Name == "Bailey Blind");
            var panels = s.GetRequiredService<PanelService>();
            var panel = await panels.PanelAsync(Cycle.Id, entry.CategoryKey, entry.CategoryName);
            Assert.True((await panels.UpdatePanelAsync(panel.Key, [profile.Id], profile.Id, 1)).Succeeded);
            Assert.True((await panels.AssignAsync(panel.Key, entry.Key, profile.Id, "staff")).Succeeded);
            return panel.Key;
        });

        // The cycle's setting is shared by this class's tests (run one after another): on for this test only.
        await fixture.WithServicesAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(Cycle.Id, null, blindJudging: true, entrantFeedback: false));
        try
        {
            await lead.GotoAsync("/backoffice/judging");
            var listed = (await lead.Locator("table tbody tr th a").First.TextContentAsync())!.Trim();
            await lead.GotoAsync($"/backoffice/judging/results/{panelKey}");
            await lead.GetByRole(AriaRole.Heading, new() { Name = "Results · CSR Coaching Program" }).WaitForAsync();
            await lead.GetByRole(AriaRole.Row, new() { Name = listed }).WaitForAsync();
            Assert.Equal($"Entry {entry.Id}", listed);
            Assert.Equal(0, await lead.GetByText("Unnamed Answers Co").CountAsync());
            await BrowserFixture.ScreenshotAsync(lead, "judging-results-blind");

            var staff = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
            await staff.GotoAsync($"/backoffice/judging/results/{panelKey}");
            await staff.GetByRole(AriaRole.Row, new() { Name = "Unnamed Answers Co" }).WaitForAsync();
        }
        finally
        {
            await fixture.WithServicesAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(Cycle.Id, null, blindJudging: false, entrantFeedback: false));
        }
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task The_judging_pages_pass_axe_and_do_not_scroll_sideways(int width)
    {
        // A panel of its own category, with one entry assigned to one judge.
        var entry = await SubmittedAsync($"Layout Check {width} Inc", "IVR Self-Service");
        var judge = await JudgePageAsync($"layout.judge.{width}@example.org", $"Layout Judge {width}", width);
        var (panelKey, assignmentKey) = await fixture.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var profile = await db.Judges.AsNoTracking().SingleAsync(j => j.Name == $"Layout Judge {width}");
            var panels = s.GetRequiredService<PanelService>();
            var panel = await panels.PanelAsync(Cycle.Id, entry.CategoryKey, entry.CategoryName);
            var members = panel.JudgeIds.Append(profile.Id).ToList();
            Assert.True((await panels.UpdatePanelAsync(panel.Key, members, profile.Id, 1)).Succeeded);
            Assert.True((await panels.AssignAsync(panel.Key, entry.Key, profile.Id, "staff")).Succeeded);
            return (panel.Key, await db.JudgeAssignments.Where(a => a.NominationId == entry.Id).Select(a => a.Key).SingleAsync());
        });

        var staff = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, width);
        foreach (var url in new[] { "/backoffice/awards/judging", "/backoffice/awards/judging/judges", $"/backoffice/awards/judging/setup/{Cycle.Id}",
                     $"/backoffice/awards/judging/panels/{panelKey}", $"/backoffice/awards/judging/panels/{panelKey}?plan=true", $"/backoffice/judging/results/{panelKey}" })
        {
            await staff.GotoAsync(url);
            await BrowserFixture.AssertAccessibleAsync(staff, url);
            await BrowserFixture.AssertNoSidewaysScrollAsync(staff, $"{url} at {width} px");
        }

        await BrowserFixture.ScreenshotAsync(staff, "judging-results-small");
        foreach (var url in new[] { "/backoffice/judging", $"/backoffice/judging/{assignmentKey}", $"/backoffice/judging/results/{panelKey}" })
        {
            await judge.GotoAsync(url);
            await BrowserFixture.AssertAccessibleAsync(judge, url);
            await BrowserFixture.AssertNoSidewaysScrollAsync(judge, $"{url} at {width} px (judge)");
        }

        await BrowserFixture.ScreenshotAsync(judge, "judging-score-lead");
    }

    [GeneratedRegex("https?://[^\"<\\s]+/backoffice/judging/invitation\\?token=[^\"<\\s]+")]
    private static partial Regex InvitationLink();
}
