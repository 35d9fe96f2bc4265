using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>Categories of each kind through the portal's apply page and the public categories page, on a real database.</summary>
public sealed class CategoryKindsTests(DuringApplicationsSiteFactory site) : IClassFixture<DuringApplicationsSiteFactory>
{
    private Guid Category(string url) => site.Snapshot.ByUrl($"/categories/{url}/")!.Key;

    private Task<List<Nomination>> NominationsAsync(int organizationId) => site.WithServicesAsync(s =>
        s.GetRequiredService<AwardsDbContext>().Nominations.AsNoTracking().Where(n => n.OrganizationId == organizationId).ToListAsync());

    [Fact]
    public async Task The_categories_page_groups_the_categories_by_kind()
    {
        var html = WebUtility.HtmlDecode(await site.Browser().GetStringAsync("/categories/"));
        var practice = html.IndexOf("Practice awards: 17 categories", StringComparison.Ordinal);
        var people = html.IndexOf("Awards for people: 2 categories", StringComparison.Ordinal);
        var team = html.IndexOf("An award for a team", StringComparison.Ordinal);
        var esat = html.IndexOf("The employee satisfaction award", StringComparison.Ordinal);
        Assert.True(practice > 0 && practice < people && people < team && team < esat, $"{practice} {people} {team} {esat}");
        Assert.True(html.IndexOf("Best CSR", people, StringComparison.Ordinal) is var csr && csr > people && csr < team);
        Assert.True(html.IndexOf("Continuous Improvement Process", practice, StringComparison.Ordinal) < people);
        Assert.Contains("Individual award category", await site.Browser().GetStringAsync("/categories/best-csr/"));
    }

    [Fact]
    public async Task An_organization_enters_two_people_and_a_team_with_no_checklist_and_each_is_eligible_on_application()
    {
        var (client, organization) = await site.SignedInNomineeAsync("kinds@example.org", "Kinds Ltd");
        var csr = Category("best-csr");
        var team = Category("best-contact-center-team");
        var form = WebUtility.HtmlDecode(await client.GetStringAsync("/portal/apply"));
        Assert.Contains("Best CSR<span class=\"portal-kind\"> · for a person</span>", form);
        Assert.Contains("Why this person stands out", form);
        Assert.Contains("The team's members", form);

        // Missing fields are named, each beside its category; nothing is applied while they are missing.
        List<KeyValuePair<string, string>> fields =
        [
            new("Selected", csr.ToString()), new($"Overviews[{csr}]", "Resolves what others escalate."), new($"SubjectNames[{csr}]", "Dana Whitfield"),
            new("Selected", team.ToString()), new($"Overviews[{team}]", "The night shift that never drops a case."), new($"SubjectNames[{team}]", "Night shift"),
            new($"TeamMembers[{team}]", "Ana Ruiz"),
        ];
        var refused = await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply");
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Best CSR: Give the person's job title.", page);
        Assert.Contains("Best Contact Center Team: List the team's members, one per line: at least 2.", page);
        Assert.Contains("href=\"#field-JobTitle-" + csr, page);
        Assert.Contains("Dana Whitfield", page);
        Assert.Empty(await NominationsAsync(organization));

        fields.Add(new($"JobTitles[{csr}]", "Senior CSR"));
        fields[6] = new($"TeamMembers[{team}]", "Ana Ruiz\r\nBen Okafor\r\n\r\nChen Li");
        var applied = await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply");
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var entries = await NominationsAsync(organization);
        var person = entries.Single(n => n.CategoryKey == csr);
        Assert.Equal((CategoryKind.Individual, "Dana Whitfield", "Senior CSR", NominationState.Eligible),
            (person.Kind, person.SubjectName, person.SubjectJobTitle, person.State));
        var crew = entries.Single(n => n.CategoryKey == team);
        Assert.Equal(["Ana Ruiz", "Ben Okafor", "Chen Li"], crew.TeamMembers);
        Assert.Equal(NominationState.Eligible, crew.State);
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/portal"));
        Assert.Contains("Best CSR: Dana Whitfield (Senior CSR)", dashboard);
        Assert.Contains("Individual awards have no eligibility checklist", WebUtility.HtmlDecode(await client.GetStringAsync($"/portal/nominations/{person.Key}")));

        // One message each, saying no checklist is needed (not "answer the checklist", not "your checklist was reviewed").
        var mails = await site.EmailsToAsync("kinds@example.org");
        Assert.Equal(2, mails.Count(m => m.TemplateAlias == "application-eligible"));
        Assert.DoesNotContain(mails, m => m.TemplateAlias is "application-received" or "checklist-eligible");
        Assert.Contains("Individual awards have no eligibility checklist", mails.First(m => m.Subject.Contains("Dana Whitfield")).HtmlBody);

        // The same person again (other spacing and case) is refused; another person in the same category is taken.
        fields = [new("Selected", csr.ToString()), new($"Overviews[{csr}]", "Again."), new($"SubjectNames[{csr}]", "dana  WHITFIELD"), new($"JobTitles[{csr}]", "CSR")];
        var again = await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Single(await NominationsAsync(organization), n => n.CategoryKey == csr);
        Assert.Contains("Already entered: Dana Whitfield", WebUtility.HtmlDecode(await client.GetStringAsync("/portal/apply")));
        fields[2] = new($"SubjectNames[{csr}]", "Sam Ortiz");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply")).StatusCode);
        Assert.Equal(2, (await NominationsAsync(organization)).Count(n => n.CategoryKey == csr));

        // Staff see who each entry is about; the cycle's checklists page has no row for these kinds.
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var list = WebUtility.HtmlDecode(await staff.GetStringAsync("/backoffice/awards/nominations"));
        Assert.Contains("Best CSR: Sam Ortiz (CSR)", list);
        Assert.Contains("Best Contact Center Team: Night shift", list);
        var cycle = site.Services.GetRequiredService<CycleCatalog>().Current!;
        var checklists = WebUtility.HtmlDecode(await staff.GetStringAsync($"/backoffice/awards/cycles/{cycle.Id}/checklists"));
        Assert.Contains("Email Channel", checklists);
        Assert.DoesNotContain("Best CSR", checklists);

        // The cycle's page lists every category page with its kind, for editors to open any of them in a cycle.
        var edit = WebUtility.HtmlDecode(await staff.GetStringAsync($"/backoffice/awards/cycles/edit/{cycle.Id}"));
        Assert.Contains("Best Contact Center Team<span class=\"bo-help\"> · Team award</span>", edit);
    }

    [Fact]
    public async Task The_employee_satisfaction_award_takes_only_an_organization_with_a_certificate_in_force()
    {
        var (client, organization) = await site.SignedInNomineeAsync("esat@example.org", "Esat Ltd");
        var esat = Category("employee-satisfaction-award");
        List<KeyValuePair<string, string>> fields = [new("Selected", esat.ToString()), new($"Overviews[{esat}]", "Our frontline stays and says why.")];
        var refused = await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("open only to organizations with a best-practice certificate in force", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Empty(await NominationsAsync(organization));

        var (_, certificate) = await CertificationTests.AssessAsync(site, organization, "IVR Self-Service", 90, 40, 38, 75);
        var number = certificate!.Number;
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostMultiValueFormAsync("/portal/apply", fields, "/portal/apply")).StatusCode);
        var entry = Assert.Single(await NominationsAsync(organization));
        Assert.Equal((CategoryKind.EmployeeSatisfaction, NominationState.Eligible, number), (entry.Kind, entry.State, entry.CertificateNumber));
        Assert.Contains("the employee satisfaction award is open to certified organizations", WebUtility.HtmlDecode(await client.GetStringAsync($"/portal/nominations/{entry.Key}")));
    }

    [Fact]
    public void The_certification_areas_are_the_practice_categories_only()
    {
        var areas = site.Services.CreateScope().ServiceProvider.GetRequiredService<CertificationStandards>().Areas();
        Assert.Equal(17, areas.Count);
        Assert.DoesNotContain(areas, a => a.Name is "Best CSR" or "Employee Satisfaction Award");
    }
}
