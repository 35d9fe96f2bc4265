using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Data;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>
/// Staff edit an area's onsite standard through its page (as a browser posts it, with the antiforgery token): a save
/// makes a new version, a refused one shows what was typed and stores nothing, and assessments keep the version they
/// were scored on. Areas here are used by no other test class (each class has its own database anyway).
/// </summary>
public sealed class CertificationStandardsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private Guid Area(string name) => site.Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == name).Key;

    private static string Page(Guid area) => $"/backoffice/awards/certification/standards/{area}";

    private Task<T> With<T>(Func<IServiceProvider, Task<T>> action) => site.WithServicesAsync(action);

    private async Task<int> OrganizationAsync(string name) => await With(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        var organization = new Organization(name, null, false, DateTime.UtcNow);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    });

    /// <summary>The form's fields for <paramref name="rows"/> (key, text, weight, recommendation), based on <paramref name="version"/>.</summary>
    private static List<KeyValuePair<string, string>> Form(int version, params (string Key, string Text, string Weight, string Recommendation)[] rows)
    {
        var fields = new List<KeyValuePair<string, string>> { new("BasedOn", version.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        for (var i = 0; i < rows.Length; i++)
        {
            fields.Add(new($"Criteria[{i}].Key", rows[i].Key));
            fields.Add(new($"Criteria[{i}].Text", rows[i].Text));
            fields.Add(new($"Criteria[{i}].Weight", rows[i].Weight));
            fields.Add(new($"Criteria[{i}].Recommendation", rows[i].Recommendation));
        }

        return fields;
    }

    private static (string, string, string, string)[] FirstVersionRows(string area) =>
        [.. CertificationStandards.FirstVersion(area).Select(c => (c.Key, c.Text, c.Weight.ToString("0", System.Globalization.CultureInfo.InvariantCulture), c.Recommendation))];

    private Task<List<CertificationStandard>> VersionsAsync(Guid area) => With(s =>
        s.GetRequiredService<AwardsDbContext>().CertificationStandards.AsNoTracking().Where(x => x.AreaKey == area).OrderBy(x => x.Version).ToListAsync());

    [Fact]
    public async Task Staff_save_a_new_version_and_an_assessment_scored_on_the_old_one_keeps_it()
    {
        const string name = "CSR Selection Process";
        var area = Area(name);
        var client = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var list = await client.GetStringAsync("/backoffice/awards/certification/standards");
        Assert.Contains($"<a href=\"{Page(area)}\">{name}</a>", list);

        // One assessment scored on version 1, one opened but not scored yet.
        var org = await OrganizationAsync("Versioned Selection Co");
        var other = await OrganizationAsync("Waiting Selection Co");
        var scored = await With(async s =>
        {
            var certification = s.GetRequiredService<CertificationService>();
            var id = (await certification.RequestAsync(org, area, "x")).Value!.Id;
            await certification.ScheduleAsync(id, SiteFactory.UserFor("Administrator"), DateTime.UtcNow.ToString("yyyy-MM-dd"));
            var result = await certification.RecordOnsiteAsync(id, CertificationStandards.FirstVersion(name).ToDictionary(c => c.Key, _ => (string?)"90"), null);
            Assert.True(result.Succeeded, result.Message);
            return result.Value!;
        });
        var waiting = await With(async s => (await s.GetRequiredService<CertificationService>().RequestAsync(other, area, "x")).Value!);

        var edit = await client.GetStringAsync(Page(area));
        Assert.Contains("version 1</strong>", edit);
        Assert.Contains("Save as version 2", edit);

        // "improvement" removed, one criterion added with no key (one is made from its text), weights 30/25/20/25.
        var rows = FirstVersionRows(name);
        var fields = Form(1, rows[0] with { Item3 = "30" }, rows[1], rows[2], rows[3] with { Item3 = "10" }, rows[4],
            ("", "Candidates' results in training predict their quality scores.", "15", "Check what the selection tests predict against quality ratings."));
        fields.Add(new("Criteria[4].Remove", "true"));
        var saved = await client.PostMultiValueFormAsync(Page(area), fields, Page(area));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains($"Version 2 of the {name} standard is saved. One open assessment, not scored yet, will be scored on it.", WebUtility.HtmlDecode(after));
        Assert.Contains("version 2</strong>", after);

        var versions = await VersionsAsync(area);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        var second = versions[1];
        Assert.Equal(["documented", "resolution", "csat", "frontline", "candidates-results-in"], second.Criteria.Select(c => c.Key));
        Assert.Equal([30m, 25m, 20m, 10m, 15m], second.Criteria.Select(c => c.Weight));
        Assert.Equal(CertificationStandards.FirstVersion(name), versions[0].Criteria); // version 1 as it was

        // The scored assessment keeps version 1, its page shows its criteria; the waiting one is scored on version 2.
        var rereadScored = (await With(s => s.GetRequiredService<CertificationService>().FindAsync(scored.Id)))!.Assessment;
        Assert.Equal(versions[0].Id, rereadScored.StandardId);
        Assert.Equal(90m, rereadScored.OnsiteScore);
        var scoredPage = await client.GetStringAsync($"/backoffice/awards/certification/{scored.Id}");
        Assert.Contains("standard version 1", scoredPage);
        Assert.Contains("name=\"Scores[improvement]\"", scoredPage);
        Assert.DoesNotContain("candidates-results-in", scoredPage);

        var rereadWaiting = (await With(s => s.GetRequiredService<CertificationService>().FindAsync(waiting.Id)))!.Assessment;
        Assert.Equal(second.Id, rereadWaiting.StandardId);
        var waitingPage = await client.GetStringAsync($"/backoffice/awards/certification/{waiting.Id}");
        Assert.Contains("standard version 2", waitingPage);
        Assert.Contains("name=\"Scores[candidates-results-in]\"", waitingPage);
        var onsite = await With(async s =>
        {
            var certification = s.GetRequiredService<CertificationService>();
            await certification.ScheduleAsync(waiting.Id, SiteFactory.UserFor("Administrator"), DateTime.UtcNow.ToString("yyyy-MM-dd"));
            return await certification.RecordOnsiteAsync(waiting.Id, second.Criteria.ToDictionary(c => c.Key, c => (string?)(c.Key == "frontline" ? "40" : "90")), null);
        });
        Assert.True(onsite.Succeeded, onsite.Message);
        Assert.Equal(85m, onsite.Value!.OnsiteScore); // (30+25+20+15) * 90% + 10 * 40%

        // A later version does not move the waiting assessment any more: it is scored.
        var third = await client.PostMultiValueFormAsync(Page(area), Form(2, [.. second.Criteria.Select(c => (c.Key, c.Text, c.Weight.ToString("0", System.Globalization.CultureInfo.InvariantCulture), c.Recommendation + " Again."))]), Page(area));
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Equal(second.Id, (await With(s => s.GetRequiredService<CertificationService>().FindAsync(waiting.Id)))!.Assessment.StandardId);

        // A new request takes the newest version.
        var fresh = await With(async s => (await s.GetRequiredService<CertificationService>().RequestAsync(await OrganizationAsync("Latest Selection Co"), area, "x")).Value!);
        Assert.Equal((await VersionsAsync(area))[2].Id, fresh.StandardId);
    }

    [Fact]
    public async Task A_refused_save_shows_every_row_as_typed_with_its_message_beside_it_and_stores_nothing()
    {
        const string name = "CSR Training Program";
        var area = Area(name);
        var client = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var rows = FirstVersionRows(name);

        // Weights that add up to 110.
        var response = await client.PostMultiValueFormAsync(Page(area), Form(1, rows[0] with { Item3 = "30" }, rows[1], rows[2], rows[3], rows[4]), Page(area));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The weights add up to 110; they must add up to 100.", html);
        Assert.Contains("Total of the weights: <strong>110</strong>", html);
        Assert.Contains("name=\"Criteria[0].Weight\" value=\"30\"", html);
        Assert.Single(await VersionsAsync(area));

        // Each bad value named beside its field; what was typed stays.
        var longText = new string('t', StandardEditor.TextMaxLength + 1);
        response = await client.PostMultiValueFormAsync(Page(area), Form(1,
            rows[0] with { Item3 = "twenty" }, rows[1] with { Item3 = "12.5" }, rows[2] with { Item1 = "documented" }, rows[3] with { Item1 = "Bad key!", Item2 = longText },
            rows[4] with { Item4 = "  " }), Page(area));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<p class=\"bo-error-text\" id=\"error-Criteria[0].Weight\">Give the weight of \"The CSR Training Program practice is wri…\" as a whole number from 1 to 100.</p>", html);
        Assert.Contains("id=\"error-Criteria[1].Weight\"", html);
        Assert.Contains("Another criterion has the key \"documented\": each key is used once.", html);
        Assert.Contains("A key has 1 to 40 letters a to z", html);
        Assert.Contains($"The criterion may have at most {StandardEditor.TextMaxLength} characters; it has {StandardEditor.TextMaxLength + 1}.", html);
        Assert.Contains("id=\"error-Criteria[4].Recommendation\"", html);
        Assert.Contains("<a href=\"#field-Criteria[0].Weight\">", html); // the summary leads to the field
        Assert.Contains("value=\"twenty\"", html);
        Assert.Contains("value=\"Bad key!\"", html);
        Assert.Contains(longText, html);
        Assert.Single(await VersionsAsync(area));

        // Every row removed: at least one criterion is needed.
        var fields = Form(1, rows);
        fields.AddRange(Enumerable.Range(0, rows.Length).Select(i => new KeyValuePair<string, string>($"Criteria[{i}].Remove", "true")));
        html = WebUtility.HtmlDecode(await (await client.PostMultiValueFormAsync(Page(area), fields, Page(area))).Content.ReadAsStringAsync());
        Assert.Contains("The standard needs at least one criterion: fill in a row.", html);
        Assert.Contains("checked=\"checked\"", html);

        // Someone else saved version 2 since the page was opened: told, nothing saved, the next save is based on 2.
        Assert.True((await With(s => s.GetRequiredService<CertificationStandards>().SaveVersionAsync(area, 1,
            [.. CertificationStandards.FirstVersion(name).Select(CriterionDraft.From)], "someone"))).Succeeded);
        response = await client.PostMultiValueFormAsync(Page(area), Form(1, rows[0] with { Item2 = "Mine." }, rows[1], rows[2], rows[3], rows[4]), Page(area));
        html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Someone saved version 2 of this standard after you opened it.", html);
        Assert.Contains(">Mine.</textarea>", html);
        Assert.Contains("name=\"BasedOn\" value=\"2\"", html);
        Assert.Equal(2, (await VersionsAsync(area)).Count);

        // A garbage version number and an unknown area: a message or a 404, never a 500.
        var garbage = Form(1, rows);
        garbage[0] = new("BasedOn", "x");
        Assert.Equal(HttpStatusCode.OK, (await client.PostMultiValueFormAsync(Page(area), garbage, Page(area))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Page(Guid.NewGuid()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostMultiValueFormAsync(Page(Guid.NewGuid()), Form(1, rows), Page(area))).StatusCode);
        Assert.Equal(2, (await VersionsAsync(area)).Count);

        // Without the antiforgery token: refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(Page(area), new FormUrlEncodedContent(Form(2, rows)))).StatusCode);
    }
}
