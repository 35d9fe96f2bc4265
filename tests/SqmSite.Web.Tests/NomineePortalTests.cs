using SqmSite.Cms;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;

namespace SqmSite.Web.Tests;

/// <summary>The nominee's side of steps 1 and 4, through the portal's pages, with staff acting through the services.</summary>
public sealed partial class NomineePortalTests(DuringApplicationsSiteFactory site) : IClassFixture<DuringApplicationsSiteFactory>
{
    private async Task<EmailMessage> LatestEmailToAsync(string to, string template) => await site.WithServicesAsync(async s =>
    {
        var messages = await s.GetRequiredService<CmsDbContext>().Set<EmailMessage>().AsNoTracking()
            .Where(m => m.TemplateAlias == template).OrderByDescending(m => m.Id).ToListAsync();
        return messages.First(m => m.To.Contains(to));
    });

    private async Task<HttpClient> RegisteredNomineeAsync(string email, string organization)
    {
        var client = site.Browser();
        var registered = await client.PostFormAsync("/portal/register", new()
        {
            ["OrganizationName"] = organization, ["Website"] = "https://example.org", ["Name"] = "Nina Nominee", ["Email"] = email,
            ["Password"] = SiteFactory.Password,
        });
        Assert.Contains("We sent a link to", await registered.Content.ReadAsStringAsync());

        // Signing in before confirming is refused, and sends a fresh link.
        var early = await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Contains("Your email address is not confirmed yet.", await early.Content.ReadAsStringAsync());

        var mail = await LatestEmailToAsync(email, "confirm-email");
        var link = ConfirmLink().Match(mail.HtmlBody);
        Assert.True(link.Success, mail.HtmlBody);
        var confirmed = await client.GetAsync(new Uri(WebUtility.HtmlDecode(link.Value)).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("/portal/login", confirmed.Headers.Location!.OriginalString);

        // Confirming does not sign in (issue 9, item 3): that is the next step.
        var signedIn = await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task A_nominee_registers_confirms_applies_in_two_categories_and_submits_a_story()
    {
        var client = await RegisteredNomineeAsync("nina@example.org", "Nina's Contact Center");
        Assert.Contains("You have not applied in any category yet.", await client.GetStringAsync("/portal"));

        var email = site.Snapshot.ByUrl("/categories/email-channel/")!.Key;
        var web = site.Snapshot.ByUrl("/categories/web-self-service/")!.Key;
        var tooLong = string.Concat(Enumerable.Repeat("é", 1001));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Selected", email.ToString()), new($"Overviews[{email}]", "Email answered completely, the first time."),
            new("Selected", web.ToString()), new($"Overviews[{web}]", tooLong),
        };
        var partly = await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply");
        var html = await partly.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, partly.StatusCode);
        Assert.Contains("Web Self-Service: The overview may have at most 1,000 characters; it has 1,001.", html);
        Assert.Contains(tooLong, WebUtility.HtmlDecode(html));

        fields[3] = new($"Overviews[{web}]", "Self-service that finishes the job.");
        var applied = await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply");
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var dashboard = await client.GetStringAsync("/portal");
        Assert.Contains("Email Channel", dashboard);
        Assert.Contains("Web Self-Service", dashboard);
        Assert.Contains("Answer the eligibility checklist", dashboard);

        // The applications were acknowledged by email, one per category, in the same transaction.
        await LatestEmailToAsync("nina@example.org", "application-received");
        var nominations = await site.WithServicesAsync(s => s.GetRequiredService<NominationService>().ForCycleAsync(
            s.GetRequiredService<CycleCatalog>().Current!.Id));
        var mine = nominations.Single(n => n.CategoryKey == email);

        // Staff move the nomination to finalist and release the decision on the date.
        Task<Attempt<NominationOperationStatus>> Staff(Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
            site.WithServicesAsync(s => s.GetRequiredService<NominationService>().StepAsync(mine.Key, null, step));
        // The nominee answers the category's checklist (made from its guideline questions) in the portal.
        var checklist = $"/portal/nominations/{mine.Key}/checklist";
        var checklistPage = await client.GetStringAsync(checklist);
        Assert.Contains("Is email handled by dedicated or specialist CSRs", WebUtility.HtmlDecode(checklistPage));
        var questions = Regex.Matches(checklistPage, "name=\"f_(q\\d+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(questions.Count >= 3, checklistPage[..Math.Min(2000, checklistPage.Length)]);
        var missing = await client.PostFormAsync(checklist, new() { ["__page"] = "0", ["__action"] = "submit", ["f_q1"] = "Yes" }, checklist);
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal(NominationState.Applied, (await site.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(mine.Key)))!.State);
        var answers = questions.ToDictionary(q => "f_" + q, _ => "Yes");
        answers["f_q1comment"] = "A specialist team of twelve.";
        answers["__page"] = "0";
        answers["__action"] = "submit";
        var sent = await client.PostFormAsync(checklist, answers, checklist);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(NominationState.ChecklistSubmitted, (await site.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(mine.Key)))!.State);
        var staff = await site.SignedInAsync(SqmSite.Cms.Security.BackofficeRoles.AwardsStaff);
        Assert.Contains("A specialist team of twelve.", await staff.GetStringAsync($"/backoffice/awards/nominations/{mine.Key}"));

        Assert.True((await Staff((n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
        Assert.True((await Staff((n, c, now) => n.DecideFinalist(true, "staff", now))).Succeeded);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/portal/nominations/{mine.Key}/story")).StatusCode);
        site.Clock.SetUtcNow(site.Services.GetRequiredService<CycleCatalog>().Current!.Dates.FinalistsNotifiedByUtc.AddHours(1));
        await site.WithServicesAsync(s => s.GetRequiredService<NominationService>().ReleaseDecisionsAsync(mine.CycleId, "staff"));
        Assert.Contains("/story", (await LatestEmailToAsync("nina@example.org", "finalist")).HtmlBody);

        client = site.Browser();
        await client.PostFormAsync("/portal/login", new() { ["Email"] = "nina@example.org", ["Password"] = SiteFactory.Password });
        var storyPage = $"/portal/nominations/{mine.Key}/story";
        var form = await client.GetStringAsync(storyPage);
        var revision = RevisionField().Match(form).Groups[1].Value;
        var years = site.Services.GetRequiredService<CycleCatalog>().Current!.RatingsYears;

        List<KeyValuePair<string, string>> Story(string csatBy) =>
        [
            new("Revision", revision), new("Text", "How our email practice works, with data."), new("People", "Specialist team"),
            .. RatingRows(0, "Fcr", years, "Customer"), .. RatingRows(2, "Csat", years, csatBy),
        ];

        var refused = await client.PostMultiValueFormAsync($"{storyPage}?handler=Submit", Story("Organization"), storyPage);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"Csat must be measured by the customer ({years[0]}).", refusedHtml);
        Assert.Contains("How our email practice works, with data.", refusedHtml);

        // The refused submission was kept as a draft: the page hands out the new revision to post with.
        revision = RevisionField().Match(refusedHtml).Groups[1].Value;
        var submitted = await client.PostMultiValueFormAsync($"{storyPage}?handler=Submit", Story("Customer"), storyPage);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var readOnly = await client.GetStringAsync(storyPage);
        Assert.Contains("can no longer be changed", readOnly);
        Assert.Contains("How our email practice works, with data.", await client.GetStringAsync($"/portal/nominations/{mine.Key}/print"));

        // Another organization's person finds nothing at these addresses.
        var other = await RegisteredNomineeAsync("oscar@example.org", "Oscar's Center");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/portal/nominations/{mine.Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(storyPage)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/portal/nominations/{mine.Key}/print")).StatusCode);
    }

    [Fact]
    public async Task A_nominee_resets_a_forgotten_password_through_the_emailed_link_once()
    {
        await RegisteredNomineeAsync("rita@example.org", "Rita's Center");
        var client = site.Browser();
        var unknown = await client.PostFormAsync("/portal/forgot", new() { ["Email"] = "nobody@example.org" });
        var known = await client.PostFormAsync("/portal/forgot", new() { ["Email"] = "rita@example.org" });
        Assert.Contains("If nobody@example.org belongs to a nominee account", await unknown.Content.ReadAsStringAsync());
        Assert.Contains("If rita@example.org belongs to a nominee account", await known.Content.ReadAsStringAsync());

        var mail = await LatestEmailToAsync("rita@example.org", "password-reset");
        var link = new Uri(WebUtility.HtmlDecode(ResetLink().Match(mail.HtmlBody).Value)).PathAndQuery;
        var weak = await client.PostFormAsync(link, new() { ["Password"] = "short" }, link);
        Assert.Contains("Passwords must be at least 10 characters.", await weak.Content.ReadAsStringAsync());

        var reset = await client.PostFormAsync(link, new() { ["Password"] = "Brand-New-Password-9" }, link);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var again = await client.PostFormAsync(link, new() { ["Password"] = "Another-Password-9" }, link);
        Assert.Contains("not valid any more", await again.Content.ReadAsStringAsync());

        var signIn = await site.Browser().PostFormAsync("/portal/login", new() { ["Email"] = "rita@example.org", ["Password"] = "Brand-New-Password-9" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var old = await site.Browser().PostFormAsync("/portal/login", new() { ["Email"] = "rita@example.org", ["Password"] = SiteFactory.Password });
        Assert.Contains("The email or password is not right.", await old.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Backoffice_users_and_anonymous_visitors_cannot_use_the_portal()
    {
        var anonymous = await site.Browser().GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/portal/login", anonymous.Headers.Location!.OriginalString);

        var editor = await site.SignedInAsync(SqmSite.Cms.Security.BackofficeRoles.Editor);
        var refused = await editor.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/backoffice/access-denied", refused.Headers.Location!.OriginalString);
    }

    private static IEnumerable<KeyValuePair<string, string>> RatingRows(int start, string metric, IReadOnlyList<int> years, string measuredBy) =>
        years.SelectMany((year, i) => new KeyValuePair<string, string>[]
        {
            new($"Ratings[{start + i}].Metric", metric), new($"Ratings[{start + i}].Year", year.ToString()),
            new($"Ratings[{start + i}].Value", "81.5"), new($"Ratings[{start + i}].SampleSize", "1200"),
            new($"Ratings[{start + i}].Method", "Post-contact survey"), new($"Ratings[{start + i}].MeasuredBy", measuredBy),
        });

    [GeneratedRegex("https?://[^\"<\\s]+/portal/confirm\\?[^\"<\\s]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex("https?://[^\"<\\s]+/portal/reset\\?[^\"<\\s]+")]
    private static partial Regex ResetLink();

    [GeneratedRegex("name=\"Revision\" value=\"(\\d+)\"")]
    private static partial Regex RevisionField();
}
