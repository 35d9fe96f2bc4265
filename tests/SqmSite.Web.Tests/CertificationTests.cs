using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Data;
using SqmSite.Awards.Organizations;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>Certification through its service on a real database, and the public verify page and registry.</summary>
public sealed class CertificationTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private Task<T> With<T>(Func<CertificationService, Task<T>> action) =>
        site.WithServicesAsync(s => action(s.GetRequiredService<CertificationService>()));

    private Task<int> OrganizationAsync(string name) => site.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        var organization = new Organization(name, null, false, DateTime.UtcNow);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    });

    private Guid Area(string name) => site.Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == name).Key;

    /// <summary>An assessment taken to its decision with these figures; the certificate when certified.</summary>
    private async Task<(CertificationAssessment Assessment, Certificate? Certificate)> AssessAsync(string organization, string area, decimal onsite,
        int employees, int responses, decimal esat) => await AssessAsync(site, await OrganizationAsync(organization), area, onsite, employees, responses, esat);

    /// <summary>An assessment of an organization's practice in <paramref name="area"/>, taken through the service to its decision.</summary>
    internal static async Task<(CertificationAssessment Assessment, Certificate? Certificate)> AssessAsync(SiteFactory site, int org, string area, decimal onsite,
        int employees, int responses, decimal esat)
    {
        Task<T> With<T>(Func<CertificationService, Task<T>> action) => site.WithServicesAsync(s => action(s.GetRequiredService<CertificationService>()));
        var areaKey = site.Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == area).Key;
        var requested = await With(c => c.RequestAsync(org, areaKey, "nominee@example.org"));
        Assert.True(requested.Succeeded, requested.Message);
        var id = requested.Value!.Id;
        Assert.True((await With(c => c.ScheduleAsync(id, SiteFactory.UserFor("Administrator"), DateTime.UtcNow.ToString("yyyy-MM-dd")))).Succeeded);
        var scores = CertificationStandards.FirstVersion(area).ToDictionary(c => c.Key, _ => (string?)onsite.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var evaluated = await With(c => c.RecordOnsiteAsync(id, scores, "Seen on the floor."));
        Assert.True(evaluated.Succeeded, evaluated.Message);
        Assert.Equal(onsite, evaluated.Value!.OnsiteScore);
        var surveyed = await With(c => c.RecordSurveyAsync(id, $"{employees}", $"{responses}", $"{esat}%", "3", "", null));
        Assert.True(surveyed.Succeeded, surveyed.Message);
        var decision = CertificationService.Preview(surveyed.Value!)!;
        var confirmed = await With(c => c.ConfirmAsync(id, decision.Certified, SiteFactory.UserFor("Administrator")));
        Assert.True(confirmed.Succeeded, confirmed.Message);
        var row = await With(c => c.FindAsync(id));
        return (row!.Assessment, row.Certificate);
    }

    [Fact]
    public async Task A_practice_meeting_the_rules_is_certified_for_a_year_and_its_page_shows_the_status_live()
    {
        var (assessment, certificate) = await AssessAsync("Verified Contact Co", "IVR Self-Service", 86, 250, 130, 71);
        Assert.Equal(AssessmentState.Certified, assessment.State);
        Assert.Equal(CertificationRules.Version, assessment.Decision!.RuleVersion);
        Assert.NotNull(certificate);
        Assert.Matches("^CX-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", certificate!.Number);
        Assert.Equal(certificate.IssuedOn.AddYears(1).AddDays(-1), certificate.ExpiresOn);

        var client = site.Browser();
        var page = await client.GetAsync($"/certification/verify/{certificate.Number}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Verified Contact Co", html);
        Assert.Contains("IVR Self-Service", html);
        Assert.Contains("<strong>Active</strong>: this certificate is in force.", html);

        // Typed in lower case with spaces: the page answers at the number's own address.
        var typed = await client.GetAsync($"/certification/verify?number={Uri.EscapeDataString(certificate.Number.ToLowerInvariant().Replace('-', ' '))}");
        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal($"/certification/verify/{certificate.Number}", typed.Headers.Location!.OriginalString);

        // On the registry until the organization takes it off; the verify page works either way.
        Assert.Contains(certificate.Number, await client.GetStringAsync("/certification/registry"));
        Assert.True((await With(c => c.SetListedAsync(assessment.OrganizationId, certificate.Id, false))).Succeeded);
        Assert.DoesNotContain(certificate.Number, await client.GetStringAsync("/certification/registry"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/certification/verify/{certificate.Number}")).StatusCode);

        // Withdrawn, then expired: the page says so at once.
        Assert.Equal(CertificationStatus.ValidationFailed, (await With(c => c.SetStatusAsync(certificate.Id, CertificateStatus.Withdrawn, " ", "staff"))).Status);
        Assert.True((await With(c => c.SetStatusAsync(certificate.Id, CertificateStatus.Withdrawn, "Practice discontinued.", "staff"))).Succeeded);
        Assert.Contains("<strong>Withdrawn</strong>", await client.GetStringAsync($"/certification/verify/{certificate.Number}"));
        Assert.True((await With(c => c.SetStatusAsync(certificate.Id, CertificateStatus.Active, null, "staff"))).Succeeded);
        await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Certificates.Where(c => c.Id == certificate.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IssuedOn, c => c.IssuedOn.AddYears(-2)).SetProperty(c => c.ExpiresOn, c => c.ExpiresOn.AddYears(-2))));
        Assert.Contains("<strong>Expired</strong>", await client.GetStringAsync($"/certification/verify/{certificate.Number}"));
    }

    [Theory]
    [InlineData("CX-0000-0000-0000")]
    [InlineData("not-a-number")]
    [InlineData("CX-' OR 1=1 --")]
    public async Task An_unknown_or_malformed_number_gets_the_same_404_and_words(string number)
    {
        var page = await site.Browser().GetAsync($"/certification/verify/{Uri.EscapeDataString(number)}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("No certificate has that number.", html);
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_practice_that_falls_short_gets_what_failed_by_how_much_and_recommendations_but_no_certificate()
    {
        var (assessment, certificate) = await AssessAsync("Almost There Co", "CSR Coaching Program", 72, 99, 89, 48);
        Assert.Equal(AssessmentState.NotCertified, assessment.State);
        Assert.Null(certificate);
        var failed = assessment.Decision!.Results.Where(r => !r.Passed).ToList();
        Assert.Equal(["Onsite score", "Employee satisfaction", "Survey sample"], failed.Select(r => r.Rule));
        Assert.Equal(8m, failed[0].Shortfall);
        Assert.Equal(1m, failed[2].Shortfall);
        Assert.Equal(7, assessment.Decision.Recommendations.Count); // five criteria under 80, Esat, sample
    }

    [Fact]
    public async Task Bad_input_gets_a_message_for_its_field_and_nothing_saved()
    {
        var org = await OrganizationAsync("Careful Input Co");
        Assert.Equal(CertificationStatus.ValidationFailed, (await With(c => c.RequestAsync(org, Guid.NewGuid(), "x"))).Status);
        var id = (await With(c => c.RequestAsync(org, Area("Email Channel"), "x"))).Value!.Id;
        var twice = await With(c => c.RequestAsync(org, Area("Email Channel"), "x"));
        Assert.Equal(CertificationStatus.AlreadyOpen, twice.Status);

        var early = await With(c => c.RecordOnsiteAsync(id, CertificationStandards.FirstVersion("Email Channel").ToDictionary(c => c.Key, _ => (string?)"90"), null));
        Assert.Equal(CertificationStatus.WrongStep, early.Status);
        var schedule = await With(c => c.ScheduleAsync(id, "stranger@example.org", "tomorrow"));
        Assert.Equal(["Consultant", "OnsiteDate"], schedule.Errors.Keys.Order());
        Assert.True((await With(c => c.ScheduleAsync(id, SiteFactory.UserFor("Administrator").ToUpperInvariant(), DateTime.UtcNow.ToString("yyyy-MM-dd")))).Succeeded);

        var scores = CertificationStandards.FirstVersion("Email Channel").ToDictionary(c => c.Key, _ => (string?)"90");
        scores["csat"] = "abc";
        scores["frontline"] = "101";
        var onsite = await With(c => c.RecordOnsiteAsync(id, scores, new string('n', 4001)));
        Assert.Equal(["Notes", "Score_csat", "Score_frontline"], onsite.Errors.Keys.Order());
        Assert.Null((await With(c => c.FindAsync(id)))!.Assessment.OnsiteScore);

        scores["csat"] = "85";
        scores["frontline"] = "100";
        Assert.True((await With(c => c.RecordOnsiteAsync(id, scores, null))).Succeeded);
        var survey = await With(c => c.RecordSurveyAsync(id, "50", "51", "120", "5", "x", "-1"));
        Assert.Equal(["Csat", "Esat", "Fcr", "FocusGroups", "Responses"], survey.Errors.Keys.Order());
        Assert.Contains("more responses (51) than employees in scope (50)", survey.Errors["Responses"]);
        Assert.Null((await With(c => c.FindAsync(id)))!.Assessment.Survey);

        // Confirming a decision the figures no longer give is refused.
        Assert.True((await With(c => c.RecordSurveyAsync(id, "50", "46", "60", "2", null, null))).Succeeded);
        Assert.Equal(CertificationStatus.Changed, (await With(c => c.ConfirmAsync(id, false, "staff"))).Status);
        Assert.True((await With(c => c.ConfirmAsync(id, true, "staff"))).Succeeded);
        Assert.Equal(CertificationStatus.WrongStep, (await With(c => c.ConfirmAsync(id, true, "staff"))).Status);
        Assert.Equal(CertificationStatus.WrongStep, (await With(c => c.RecordSurveyAsync(id, "50", "46", "60", "2", null, null))).Status);
    }

    [Fact]
    public async Task A_certified_practice_applying_in_its_category_is_eligible_without_the_checklist_and_stays_so_when_the_certificate_lapses()
    {
        var (assessment, certificate) = await AssessAsync("Certified Applicant Co", "Web Self-Service", 90, 120, 110, 75);
        var cycle = site.Services.GetRequiredService<SqmSite.Awards.Cycles.CycleCatalog>().Current!;
        Task<SqmSite.Awards.Nominations.Nomination> ApplyAsync(string category) => site.WithServicesAsync(async s =>
        {
            var (nomination, result) = await s.GetRequiredService<SqmSite.Awards.Nominations.NominationService>()
                .ApplyAsync(cycle.Id, assessment.OrganizationId, Area(category), category, "Our practice.", false, "nominee@example.org");
            Assert.True(result.Succeeded, result.Message);
            return nomination!;
        });

        var matching = await ApplyAsync("Web Self-Service");
        Assert.Equal(SqmSite.Awards.Nominations.NominationState.Eligible, matching.State);
        Assert.Equal(certificate!.Number, matching.CertificateNumber);
        Assert.Contains($"certificate {certificate.Number}", matching.Events.Last().Reason);

        // Another category: the usual checklist.
        var other = await ApplyAsync("Email Channel");
        Assert.Equal(SqmSite.Awards.Nominations.NominationState.Applied, other.State);
        Assert.Null(other.CertificateNumber);

        // Withdrawn later: the eligibility granted stays; a new application in the area would need the checklist.
        Assert.True((await With(c => c.SetStatusAsync(certificate.Id, CertificateStatus.Withdrawn, "Practice changed.", "staff"))).Succeeded);
        var reread = await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Nominations.AsNoTracking().SingleAsync(n => n.Key == matching.Key));
        Assert.Equal(SqmSite.Awards.Nominations.NominationState.Eligible, reread.State);
        Assert.Equal(certificate.Number, reread.CertificateNumber);
    }

    [Fact]
    public async Task Renewal_reminders_go_60_and_14_days_before_the_end_once_each_to_the_organizations_people()
    {
        const string email = "renew@reminded.example";
        var organizationId = await site.WithServicesAsync(async s =>
        {
            var registered = await s.GetRequiredService<SqmSite.Awards.Portal.NomineeAccounts>()
                .RegisterAsync("Reminded Renewals Co", null, false, "Rena Renew", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, registered.Message);
            return await s.GetRequiredService<AwardsDbContext>().OrganizationMembers.Where(m => m.UserId == registered.Value!.User!.Id).Select(m => m.OrganizationId).SingleAsync();
        });
        var requested = await With(c => c.RequestAsync(organizationId, Area("Omni-Channel"), email));
        var id = requested.Value!.Id;
        await With(c => c.ScheduleAsync(id, SiteFactory.UserFor("Administrator"), DateTime.UtcNow.ToString("yyyy-MM-dd")));
        await With(c => c.RecordOnsiteAsync(id, CertificationStandards.FirstVersion("x").ToDictionary(c => c.Key, _ => (string?)"95"), null));
        await With(c => c.RecordSurveyAsync(id, "300", "150", "80", "4", null, null));
        Assert.True((await With(c => c.ConfirmAsync(id, true, "staff"))).Succeeded);
        var number = (await With(c => c.FindAsync(id)))!.Certificate!.Number;

        Task<int> EndsInAsync(int days) => site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Certificates.Where(c => c.Number == number)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ExpiresOn, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days))));
        Task<int> RunAsync() => site.WithServicesAsync(s => s.GetRequiredService<CertificationReminders>().RunDueAsync(CancellationToken.None));
        Task<List<string>> SubjectsAsync() => site.WithServicesAsync(async s =>
            (await s.GetRequiredService<SqmSite.Cms.Data.CmsDbContext>().Set<SqmSite.Cms.Email.EmailMessage>().AsNoTracking()
                .Where(m => m.Subject.Contains("certificate")).ToListAsync())
            .Where(m => m.To.Contains(email)).Select(m => m.Subject).ToList());

        await EndsInAsync(200);
        await RunAsync();
        Assert.Empty(await SubjectsAsync());

        await EndsInAsync(59);
        await RunAsync();
        await RunAsync(); // a second pass (or instance) adds nothing
        var first = await SubjectsAsync();
        Assert.Single(first);
        Assert.Contains("Omni-Channel", first[0]);

        await EndsInAsync(30);
        await RunAsync();
        Assert.Single(await SubjectsAsync());

        await EndsInAsync(14);
        await RunAsync();
        Assert.Equal(2, (await SubjectsAsync()).Count);

        // Withdrawn or ended: no more reminders.
        await EndsInAsync(-1);
        await RunAsync();
        Assert.Equal(2, (await SubjectsAsync()).Count);
    }

    [Fact]
    public async Task A_reassessment_redoes_only_what_failed_and_a_renewal_needs_new_surveys_only()
    {
        var (failed, _) = await AssessAsync("Second Try Co", "Escalation CSR Support", 72, 150, 120, 66);
        Assert.Equal(AssessmentState.NotCertified, failed.State);
        var org = failed.OrganizationId;

        // The survey passed: it carries over; the onsite evaluation is done again.
        var retry = (await With(c => c.FollowUpAsync(org, failed.Id, "nominee@example.org"))).Value!;
        Assert.Equal((AssessmentKind.Reassessment, AssessmentState.Requested), (retry.Kind, retry.State));
        Assert.Equal(failed.Survey, retry.Survey);
        Assert.Null(retry.OnsiteScore);
        Assert.Equal(CertificationStatus.AlreadyOpen, (await With(c => c.FollowUpAsync(org, failed.Id, "x"))).Status);
        Assert.Equal(CertificationStatus.NotFound, (await With(c => c.FollowUpAsync(org + 999, failed.Id, "x"))).Status);
        Assert.True((await With(c => c.ScheduleAsync(retry.Id, SiteFactory.UserFor("Administrator"), DateTime.UtcNow.ToString("yyyy-MM-dd")))).Succeeded);
        var onsite = await With(c => c.RecordOnsiteAsync(retry.Id, CertificationStandards.FirstVersion("x").ToDictionary(k => k.Key, _ => (string?)"85"), null));
        Assert.Equal(AssessmentState.SurveysDone, onsite.Value!.State);
        Assert.True((await With(c => c.ConfirmAsync(retry.Id, true, "staff"))).Succeeded);
        var first = (await With(c => c.FindAsync(retry.Id)))!.Certificate!;

        // A year on: the renewal keeps the onsite evaluation and asks for new surveys; it gives a new certificate.
        var renewal = (await With(c => c.FollowUpAsync(org, retry.Id, "nominee@example.org"))).Value!;
        Assert.Equal((AssessmentKind.Renewal, AssessmentState.OnsiteEvaluated, 85m), (renewal.Kind, renewal.State, renewal.OnsiteScore));
        Assert.Null(renewal.Survey);
        Assert.True((await With(c => c.RecordSurveyAsync(renewal.Id, "150", "110", "70", "2", "72", "81"))).Succeeded);
        Assert.True((await With(c => c.ConfirmAsync(renewal.Id, true, "staff"))).Succeeded);
        var renewed = (await With(c => c.FindAsync(renewal.Id)))!.Certificate!;
        Assert.NotEqual(first.Number, renewed.Number);
        var open = (await With(c => c.RequestAsync(org, Area("Omni-Channel"), "x"))).Value!.Id;
        Assert.Equal(CertificationStatus.WrongStep, (await With(c => c.FollowUpAsync(org, open, "x"))).Status);
    }

    [Fact]
    public async Task Evidence_files_are_the_organizations_private_media_readable_by_it_and_staff_only()
    {
        var org = await OrganizationAsync("Evidence Keeping Co");
        var other = await OrganizationAsync("Nosy Neighbour Co");
        var id = (await With(c => c.RequestAsync(org, Area("Quality Assurance Program"), "x"))).Value!.Id;
        var pdf = TestPdfs.Plain("Our QA standard");
        var added = await With(c => c.AddEvidenceAsync(id, new MemoryStream(pdf), "qa standard.pdf", "consultant@example.org"));
        Assert.True(added.Succeeded, added.Message);
        Assert.Equal("qa standard.pdf", added.Value!.Name);

        var refused = await With(c => c.AddEvidenceAsync(id, new MemoryStream(TestImages.Elf()), "tool.pdf", "consultant@example.org"));
        Assert.Equal(CertificationStatus.ValidationFailed, refused.Status);
        Assert.True(refused.Errors.ContainsKey("EvidenceFile"));
        Assert.Single((await With(c => c.FindAsync(id)))!.Assessment.Evidence);

        async Task<int> StatusAsync(int? organizationId) => await site.WithServicesAsync(async s =>
        {
            var result = await s.GetRequiredService<CertificationService>().ServeEvidenceAsync(id, organizationId, added.Value.MediaKey);
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = s };
            http.Response.Body = new MemoryStream();
            await result.ExecuteAsync(http);
            return http.Response.StatusCode;
        });
        Assert.Equal(200, await StatusAsync(null));
        Assert.Equal(200, await StatusAsync(org));
        Assert.Equal(404, await StatusAsync(other));

        Assert.True((await With(c => c.RemoveEvidenceAsync(id, added.Value.MediaKey, "consultant@example.org"))).Succeeded);
        Assert.Empty((await With(c => c.FindAsync(id)))!.Assessment.Evidence);
        Assert.Equal(404, await StatusAsync(null));
        Assert.Equal(CertificationStatus.NotFound, (await With(c => c.RemoveEvidenceAsync(id, added.Value.MediaKey, "x"))).Status);
    }
}
