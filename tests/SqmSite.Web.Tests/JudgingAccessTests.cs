using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// Who may open what of judging, over HTTP: a judge only their own entries (404 otherwise, attachments too), other
/// judges' scores only after submitting; results for staff and the lead judge; editors, nominees and strangers nothing.
/// Also the exports and the judge's invitation link.
/// </summary>
public sealed class JudgingAccessTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private sealed record Arranged(Guid PanelKey, Guid MyAssignment, Guid OtherAssignment, int JudgeId, int OtherJudgeId);

    private AwardCycle Cycle => site.Services.GetRequiredService<CycleCatalog>().Current!;

    /// <summary>Two entries, the site's judge user on one and a second judge on the other, the second judge leading the panel.</summary>
    private Task<Arranged> ArrangeAsync(string category) => site.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        var page = site.Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == category);
        var mine = await SubmittedStories.AddAsync(db, Cycle, page.Key, page.Name, $"Mine {category}");
        var theirs = await SubmittedStories.AddAsync(db, Cycle, page.Key, page.Name, $"Theirs {category}");
        var judges = s.GetRequiredService<JudgeService>();
        Assert.True((await judges.InviteAsync(SiteFactory.UserFor(BackofficeRoles.Judge), "Site Judge", "Independent", "staff", "http://localhost")).Succeeded);
        var otherEmail = $"other-{Guid.NewGuid():N}@example.org";
        var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BackofficeUser>>();
        Assert.True((await users.CreateAsync(new BackofficeUser { UserName = otherEmail, Email = otherEmail, EmailConfirmed = true }, SiteFactory.Password)).Succeeded);
        Assert.True((await judges.InviteAsync(otherEmail, $"Other Judge {category}", "Independent", "staff", "http://localhost")).Succeeded);
        var me = await db.Judges.SingleAsync(j => j.Name == "Site Judge");
        var other = await db.Judges.SingleAsync(j => j.Name == $"Other Judge {category}");
        var panels = s.GetRequiredService<PanelService>();
        var panel = await panels.PanelAsync(Cycle.Id, page.Key, page.Name);
        Assert.True((await panels.UpdatePanelAsync(panel.Key, [me.Id, other.Id], other.Id, 1)).Succeeded);
        Assert.True((await panels.AssignAsync(panel.Key, mine.Key, me.Id, "staff")).Succeeded);
        Assert.True((await panels.AssignAsync(panel.Key, theirs.Key, other.Id, "staff")).Succeeded);
        var keys = await db.JudgeAssignments.Where(a => a.PanelId == panel.Id).ToDictionaryAsync(a => a.JudgeId, a => a.Key);
        return new Arranged(panel.Key, keys[me.Id], keys[other.Id], me.Id, other.Id);
    });

    [Fact]
    public async Task A_judge_opens_only_their_own_entries_and_results_only_as_the_panels_lead()
    {
        var a = await ArrangeAsync("Desktop Applications");
        var judge = await site.SignedInAsync(BackofficeRoles.Judge);

        Assert.Equal(HttpStatusCode.OK, (await judge.GetAsync($"/backoffice/judging/{a.MyAssignment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/backoffice/judging/{a.OtherAssignment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/backoffice/judging/{a.OtherAssignment}/attachments/{Guid.NewGuid()}")).StatusCode);
        var post = await judge.PostFormAsync($"/backoffice/judging/{a.OtherAssignment}?handler=Submit", new() { ["Scores[0].Score"] = "1" }, $"/backoffice/judging/{a.MyAssignment}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        // Not the lead: the panel's results are not found; staff see them.
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/backoffice/judging/results/{a.PanelKey}")).StatusCode);
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/backoffice/judging/results/{a.PanelKey}")).StatusCode);
        var excel = await staff.GetAsync($"/backoffice/judging/results/{a.PanelKey}?handler=Excel");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", excel.Content.Headers.ContentType!.MediaType);
        Assert.True((await excel.Content.ReadAsByteArrayAsync()).Length > 1000);

        // Editors and marketing have no part in judging; anonymous visitors are sent to sign in.
        foreach (var role in new[] { BackofficeRoles.Editor, BackofficeRoles.Marketing })
        {
            var client = await site.SignedInAsync(role);
            foreach (var url in new[] { "/backoffice/judging", $"/backoffice/judging/{a.MyAssignment}", $"/backoffice/judging/results/{a.PanelKey}", "/backoffice/awards/judging" })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("access-denied", StringComparison.OrdinalIgnoreCase) != false,
                    $"{role} on {url}: {response.StatusCode} {response.Headers.Location}");
                Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var anonymous = await site.Browser().GetAsync($"/backoffice/judging/{a.MyAssignment}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/backoffice/login", anonymous.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Under_blind_judging_the_lead_judges_results_and_export_hide_the_organizations_and_staff_still_see_them()
    {
        var a = await ArrangeAsync("Omni-Channel");
        var ids = await site.WithServicesAsync(async s =>
        {
            // The site's judge leads this panel; the cycle judges blind.
            Assert.True((await s.GetRequiredService<PanelService>().UpdatePanelAsync(a.PanelKey, [a.JudgeId, a.OtherJudgeId], a.JudgeId, 1)).Succeeded);
            Assert.True((await s.GetRequiredService<JudgingSetups>().SaveAsync(Cycle.Id, null, blindJudging: true, entrantFeedback: false)).Succeeded);
            return await s.GetRequiredService<AwardsDbContext>().JudgeAssignments.Where(x => x.Key == a.MyAssignment || x.Key == a.OtherAssignment)
                .Select(x => x.NominationId).ToListAsync();
        });
        try
        {
            var judge = await site.SignedInAsync(BackofficeRoles.Judge);
            var page = await judge.GetAsync($"/backoffice/judging/results/{a.PanelKey}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Mine Omni-Channel", html);
            Assert.DoesNotContain("Theirs Omni-Channel", html);
            Assert.All(ids, id => Assert.Contains($"Entry {id}", html));
            var csv = await judge.GetStringAsync($"/backoffice/judging/results/{a.PanelKey}?handler=Csv");
            Assert.DoesNotContain("Mine Omni-Channel", csv);
            Assert.Contains($"Entry {ids[0]}", csv);

            var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
            var staffHtml = await staff.GetStringAsync($"/backoffice/judging/results/{a.PanelKey}");
            Assert.Contains("Mine Omni-Channel", staffHtml);
            Assert.Contains("Theirs Omni-Channel", staffHtml);
        }
        finally
        {
            await site.WithServicesAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(Cycle.Id, null, blindJudging: false, entrantFeedback: false));
        }
    }

    [Fact]
    public async Task A_signed_in_nominee_gets_none_of_the_judging_pages()
    {
        var a = await ArrangeAsync("Emerging Channels");
        var email = $"nominee-{Guid.NewGuid():N}@example.org";
        await site.WithServicesAsync(async s =>
        {
            var accounts = s.GetRequiredService<SqmSite.Awards.Portal.NomineeAccounts>();
            var registered = await accounts.RegisterAsync("Judging Outsider Ltd", null, false, "Nia Nominee", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BackofficeUser>>();
            var user = registered.Value!.User!;
            Assert.True((await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user))).Succeeded);
            return 0;
        });
        var nominee = site.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await nominee.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nominee.GetAsync("/portal")).StatusCode);

        foreach (var url in new[]
                 {
                     "/backoffice/judging", $"/backoffice/judging/{a.MyAssignment}", $"/backoffice/judging/{a.MyAssignment}/attachments/{Guid.NewGuid()}",
                     $"/backoffice/judging/results/{a.PanelKey}", $"/backoffice/judging/results/{a.PanelKey}?handler=Csv", "/backoffice/awards/judging",
                     "/backoffice/awards/judging/judges", $"/backoffice/awards/judging/panels/{a.PanelKey}",
                 })
        {
            var response = await nominee.GetAsync(url);
            var location = response.Headers.Location?.OriginalString ?? "";
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                        || (response.StatusCode == HttpStatusCode.Redirect && (location.Contains("/backoffice/login", StringComparison.Ordinal) || location.Contains("access-denied", StringComparison.OrdinalIgnoreCase))),
                $"nominee on {url}: {response.StatusCode} {location}");
        }

        // Nor can the nominee post a score.
        var post = await nominee.PostFormAsync($"/backoffice/judging/{a.MyAssignment}?handler=Submit", new() { ["Scores[0].Score"] = "10" }, "/portal");
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.False(post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location?.OriginalString.StartsWith("/backoffice/judging", StringComparison.Ordinal) == true);
        var sheets = await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var mine = await db.JudgeAssignments.SingleAsync(j => j.Key == a.MyAssignment);
            return await db.ScoreSheets.CountAsync(x => x.AssignmentId == mine.Id);
        });
        Assert.Equal(0, sheets);
    }

    [Fact]
    public async Task Other_judges_scores_appear_on_an_entry_only_after_the_judge_submitted_their_own()
    {
        var a = await ArrangeAsync("Call Handling Practice");
        await site.WithServicesAsync(async s =>
        {
            // Both judges on the first entry: the other judge submits at once.
            var db = s.GetRequiredService<AwardsDbContext>();
            var mine = await db.JudgeAssignments.SingleAsync(x => x.Key == a.MyAssignment);
            var nomination = await db.Nominations.SingleAsync(n => n.Id == mine.NominationId);
            var panels = s.GetRequiredService<PanelService>();
            Assert.True((await panels.UpdatePanelAsync(a.PanelKey, [a.JudgeId, a.OtherJudgeId], a.OtherJudgeId, 2)).Succeeded);
            Assert.True((await panels.AssignAsync(a.PanelKey, nomination.Key, a.OtherJudgeId, "staff")).Succeeded);
            var second = await db.JudgeAssignments.AsNoTracking().SingleAsync(x => x.NominationId == nomination.Id && x.JudgeId == a.OtherJudgeId);
            var scores = JudgingSetup.DefaultCriteria().Select(c => new CriterionScore(c.Key, 3, "Seen.", false)).ToList();
            Assert.True((await s.GetRequiredService<ScoringService>().SaveAsync(a.OtherJudgeId, second.Key, scores, true, null, "other")).Succeeded);
            return 0;
        });

        var judge = await site.SignedInAsync(BackofficeRoles.Judge);
        var before = await judge.GetStringAsync($"/backoffice/judging/{a.MyAssignment}");
        Assert.DoesNotContain("The other judges' submitted scores", before);
        Assert.Contains("shown once you have submitted yours", before);

        var fields = new Dictionary<string, string>();
        var criteria = JudgingSetup.DefaultCriteria();
        for (var i = 0; i < criteria.Count; i++)
        {
            fields[$"Scores[{i}].Criterion"] = criteria[i].Key.ToString();
            fields[$"Scores[{i}].Score"] = "9";
            fields[$"Scores[{i}].Comment"] = "Strong.";
        }

        var submitted = await judge.PostFormAsync($"/backoffice/judging/{a.MyAssignment}?handler=Submit", fields);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var after = await judge.GetStringAsync($"/backoffice/judging/{a.MyAssignment}");
        Assert.Contains("The other judges' submitted scores", after);
    }

    [Fact]
    public async Task An_invitation_link_works_once_and_a_tampered_or_used_one_gets_a_clear_page()
    {
        var email = $"new-judge-{Guid.NewGuid():N}@example.org";
        Assert.True((await site.WithServicesAsync(s => s.GetRequiredService<JudgeService>().InviteAsync(email, "New Judge", "Independent", "staff", "http://localhost"))).Succeeded);
        var message = (await site.WithServicesAsync(s => s.GetRequiredService<SqmSite.Cms.Data.CmsDbContext>().EmailMessages.AsNoTracking().ToListAsync()))
            .Single(m => m.To.Contains(email));
        var link = System.Text.RegularExpressions.Regex.Match(message.HtmlBody, "/backoffice/judging/invitation\\?token=[A-Za-z0-9_-]+").Value;
        Assert.NotEmpty(link);

        var tampered = await site.Browser().GetAsync(link + "x");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("This invitation link does not work", await tampered.Content.ReadAsStringAsync());

        var browser = site.Browser();
        var token = link[(link.IndexOf('=') + 1)..];
        var accepted = await browser.PostFormAsync(link, new() { ["Token"] = token, ["Password"] = SiteFactory.Password, ["ConfirmPassword"] = SiteFactory.Password }, link);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/backoffice/judging", accepted.Headers.Location!.ToString());
        Assert.Contains("No entries are assigned to you yet", await browser.GetStringAsync("/backoffice/judging"));

        var used = await site.Browser().GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, used.StatusCode);
    }
}
