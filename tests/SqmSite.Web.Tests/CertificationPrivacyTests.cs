using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Data;
using SqmSite.Cms.Media;
using SqmSite.Cms.Privacy;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// Certification in privacy requests: the download of a person of the organization holds its assessments, their
/// evidence files and its certificate; erasing a person (one of the organization's, or the consultant) leaves the
/// facts and the organization's files and takes the person's address out of every assessment.
/// </summary>
public sealed class CertificationPrivacyTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Nominee = "nora@private-cert.example";
    private const string Consultant = "cora.consultant@example.org";

    private Task<T> With<T>(Func<IServiceProvider, Task<T>> action) => site.WithServicesAsync(action);

    private Guid Area(string name) => site.Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == name).Key;

    [Fact]
    public async Task The_download_holds_the_organizations_assessments_evidence_and_certificate_and_erasure_takes_the_people_out_of_them()
    {
        var organizationId = await With(async s =>
        {
            var registered = await s.GetRequiredService<SqmSite.Awards.Portal.NomineeAccounts>()
                .RegisterAsync("Private Certified Co", null, false, "Nora Nominee", Nominee, SiteFactory.Password);
            Assert.True(registered.Succeeded, registered.Message);
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            var consultant = new BackofficeUser { UserName = Consultant, Email = Consultant, EmailConfirmed = true, DisplayName = "Cora Consultant" };
            Assert.True((await users.CreateAsync(consultant, SiteFactory.Password)).Succeeded);
            await users.AddToRoleAsync(consultant, BackofficeRoles.AwardsStaff);
            return await s.GetRequiredService<AwardsDbContext>().OrganizationMembers.Where(m => m.UserId == registered.Value!.User!.Id).Select(m => m.OrganizationId).SingleAsync();
        });

        // Asked from the portal by the nominee; the consultant keeps a file, scores, confirms: certified.
        var pdf = TestPdfs.Plain("Our written desktop standard");
        var (assessmentId, mediaKey, number) = await With(async s =>
        {
            var certification = s.GetRequiredService<CertificationService>();
            var id = (await certification.RequestAsync(organizationId, Area("Desktop Applications"), Nominee)).Value!.Id;
            Assert.True((await certification.ScheduleAsync(id, Consultant, DateTime.UtcNow.ToString("yyyy-MM-dd"))).Succeeded);
            var file = await certification.AddEvidenceAsync(id, new MemoryStream(pdf), "desktop standard.pdf", Consultant);
            Assert.True(file.Succeeded, file.Message);
            Assert.True((await certification.RecordOnsiteAsync(id, CertificationStandards.FirstVersion("x").ToDictionary(c => c.Key, _ => (string?)"92"), "Consultant's own notes: a private remark."))
                .Succeeded);
            Assert.True((await certification.RecordSurveyAsync(id, "200", "120", "75", "3", null, null)).Succeeded);
            Assert.True((await certification.ConfirmAsync(id, true, Consultant)).Succeeded);
            return (id, file.Value!.MediaKey, (await certification.FindAsync(id))!.Certificate!.Number);
        });

        // The download: the assessment as the portal shows it, with the file itself and the certificate.
        var files = await TestZips.ReadAsync(stream => With(async s =>
        {
            var privacy = s.GetRequiredService<PrivacyService>();
            await privacy.ExportAsync((await privacy.FindAsync(Nominee))!, stream);
            return 0;
        }));
        var path = Assert.Single(files.Keys, k => k.StartsWith("certification/", StringComparison.Ordinal) && k.EndsWith("/assessment.json", StringComparison.Ordinal));
        var text = System.Text.Encoding.UTF8.GetString(files[path]);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Desktop Applications", json.GetProperty("practiceArea").GetString());
        Assert.Equal("Certified", json.GetProperty("state").GetString());
        Assert.True(json.GetProperty("requestedByYou").GetBoolean());
        Assert.True(json.GetProperty("decision").GetProperty("certified").GetBoolean());
        Assert.Equal(number, json.GetProperty("certificate").GetProperty("number").GetString());
        Assert.Equal("Active", json.GetProperty("certificate").GetProperty("status").GetString());
        var evidence = Assert.Single(json.GetProperty("evidence").EnumerateArray());
        Assert.Equal("desktop standard.pdf", evidence.GetProperty("name").GetString());
        Assert.Equal(pdf, files[evidence.GetProperty("file").GetString()!]);
        Assert.DoesNotContain("private remark", text, StringComparison.Ordinal); // staff's notes, as on the portal
        Assert.Contains(path, System.Text.Encoding.UTF8.GetString(files["README.txt"]));

        // Erasing the nominee: the plan says what happens to the assessment; afterwards it no longer names them.
        var plan = await With(async s => await s.GetRequiredService<PrivacyService>().PlanErasureAsync((await s.GetRequiredService<PrivacyService>().FindAsync(Nominee))!));
        Assert.Contains(plan.Single(f => f.Module == "Awards").Effects, e => e.StartsWith("1 certification assessment keeps its facts", StringComparison.Ordinal));
        Assert.True((await With(s => s.GetRequiredService<PrivacyService>().EraseAsync(Nominee, "admin@example.org"))).Succeeded);
        var afterNominee = (await With(s => s.GetRequiredService<CertificationService>().FindAsync(assessmentId)))!.Assessment;
        Assert.Equal(PrivacyService.ErasedName, afterNominee.RequestedBy);
        Assert.Equal(Consultant, afterNominee.ConsultantEmail);

        // Erasing the consultant: every place the assessment names them.
        Assert.True((await With(s => s.GetRequiredService<PrivacyService>().EraseAsync(Consultant, "admin@example.org"))).Succeeded);
        var afterConsultant = (await With(s => s.GetRequiredService<CertificationService>().FindAsync(assessmentId)))!;
        var stored = await With(s => s.GetRequiredService<AwardsDbContext>().Database.SqlQueryRaw<string>(
            "SELECT \"Evidence\" || ' ' || \"Decision\" || ' ' || \"RequestedBy\" || ' ' || \"ConsultantEmail\" AS \"Value\" FROM \"awCertificationAssessment\" WHERE \"Id\" = {0}", assessmentId).SingleAsync());
        Assert.DoesNotContain(Consultant, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Nominee, stored, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(PrivacyService.ErasedName, afterConsultant.Assessment.ConsultantEmail);
        Assert.Equal(PrivacyService.ErasedName, afterConsultant.Assessment.Decision!.ConfirmedBy);
        Assert.Equal(PrivacyService.ErasedName, Assert.Single(afterConsultant.Assessment.Evidence).AddedBy);

        // The organization's file and certificate stay: they are the organization's, not the people's.
        var owner = SqmSite.Awards.Organizations.Organization.MediaOwner(await With(s => s.GetRequiredService<AwardsDbContext>().Organizations.Where(o => o.Id == organizationId).Select(o => o.Key).SingleAsync()));
        await using (var kept = await With(s => s.GetRequiredService<IPrivateMediaService>().OpenPrivateAsync(mediaKey, owner)))
        {
            Assert.NotNull(kept);
        }

        Assert.Equal(number, afterConsultant.Certificate!.Number);
    }
}
