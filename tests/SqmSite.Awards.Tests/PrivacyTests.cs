using SqmSite.Cms;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Privacy;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Privacy;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Awards.Tests;

/// <summary>The privacy requests on a real database: the download, erasure (and its refusal), and retention of unsuccessful entries.</summary>
public sealed class PrivacyTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    private sealed record Person(string UserId, string Email, int OrganizationId, Guid OrganizationKey);

    private async Task<Person> PersonAsync(string email, string organizationName, int? joinOrganization = null) => await fixture.InScopeAsync(async s =>
    {
        var users = s.GetRequiredService<UserManager<BackofficeUser>>();
        var user = new BackofficeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Pat " + organizationName };
        Assert.True((await users.CreateAsync(user, "Privacy-Password-1")).Succeeded);
        var db = s.GetRequiredService<AwardsDbContext>();
        var organizationId = joinOrganization ?? await fixture.NewOrganizationAsync(organizationName);
        db.OrganizationMembers.Add(new OrganizationMember(organizationId, user.Id, joinOrganization is null, fixture.Clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        var key = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Key).SingleAsync();
        return new Person(user.Id, email, organizationId, key);
    });

    private async Task<Nomination> ApplyAsync(Person person, string overview) => await fixture.InScopeAsync(async s =>
    {
        var (nomination, result) = await s.GetRequiredService<NominationService>()
            .ApplyAsync(fixture.Cycle.Id, person.OrganizationId, fixture.Cycle.CategoryKeys[0], "Email Channel", overview, false, person.Email);
        Assert.True(result.Succeeded, result.Message);
        return nomination!;
    });

    private Task<Attempt<NominationOperationStatus>> StepAsync(Guid key, Func<Nomination, Cycles.AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
        fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, null, step));

    private static Task<Dictionary<string, byte[]>> ZipAsync(Func<Stream, Task> write) => TestZips.ReadAsync(write);

    [Fact]
    public async Task The_download_holds_the_account_the_organization_its_logo_and_nominations_but_no_unreleased_decision_or_staff_notes()
    {
        var person = await PersonAsync("dana@export.example", "Export Co");
        await fixture.InScopeAsync(async s => await s.GetRequiredService<OrganizationService>()
            .SetLogoAsync(person.OrganizationId, new MemoryStream(TestImages.Png(200, 200)), "our logo.png", person.Email) ?? "");
        var nomination = await ApplyAsync(person, "Every email answered completely, the first time.");
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), person.Email, now))).Succeeded);
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.ReviewChecklist(true, null, "staff@example.org", now))).Succeeded);
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.ScheduleInterview(c, c.Dates.InterviewsStartUtc.AddHours(2), "Sam Staff", "Secret impression: strong", "staff@example.org", now))).Succeeded);
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.DecideFinalist(true, "staff@example.org", now))).Succeeded);

        await fixture.InScopeAsync(s => s.GetRequiredService<IEmailQueue>().EnqueueAsync(
            EmailRequest.Raw(person.Email, "Your gala ticket", "<p>See you.</p>") with { Attachments = [new EmailAttachment("gala.ics", "text/calendar", "BEGIN:VCALENDAR\r\n"u8.ToArray())] }));

        var subject = await fixture.InScopeAsync(s => s.GetRequiredService<PrivacyService>().FindAsync(person.Email));
        var files = await ZipAsync(stream => fixture.InScopeAsync(async s =>
        {
            await s.GetRequiredService<PrivacyService>().ExportAsync(subject!, stream);
            return 0;
        }));

        Assert.Contains("account.json", files.Keys);
        Assert.Contains("README.txt", files.Keys);
        var account = JsonDocument.Parse(files["account.json"]).RootElement;
        Assert.Equal(person.Email, account.GetProperty("email").GetString());
        var organization = JsonDocument.Parse(files["organization/organization.json"]).RootElement;
        Assert.Equal("Export Co", organization.GetProperty("officialName").GetString());
        var logo = organization.GetProperty("logo").GetString()!;
        Assert.True(files[logo].Length > 100, "the logo's bytes are in the zip");

        var path = Assert.Single(files.Keys, k => k.StartsWith("nominations/", StringComparison.Ordinal) && k.EndsWith("/nomination.json", StringComparison.Ordinal));
        var text = System.Text.Encoding.UTF8.GetString(files[path]);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Every email answered completely, the first time.", json.GetProperty("overview").GetString());
        Assert.Equal("Sam Staff", json.GetProperty("interview").GetProperty("interviewer").GetString());

        // The finalist decision is not released yet: the download shows what the portal shows.
        Assert.Equal("Eligible", json.GetProperty("state").GetString());
        Assert.DoesNotContain("Secret impression", text, StringComparison.Ordinal);
        Assert.DoesNotContain("staff@example.org", text, StringComparison.Ordinal);
        Assert.Equal(["Applied", "Checklist submitted"], json.GetProperty("yourActions").EnumerateArray().Select(a => a.GetProperty("action").GetString()));

        // Emails list what was attached (names, types, sizes), not the files.
        var ticket = Assert.Single(JsonDocument.Parse(files["emails.json"]).RootElement.EnumerateArray(), e => e.GetProperty("subject").GetString() == "Your gala ticket");
        var attached = Assert.Single(ticket.GetProperty("attachments").EnumerateArray());
        Assert.Equal("gala.ics", attached.GetProperty("fileName").GetString());
        Assert.Equal("text/calendar", attached.GetProperty("contentType").GetString());
        Assert.Equal(17, attached.GetProperty("bytes").GetInt32());
    }

    [Fact]
    public async Task Erasing_a_person_deletes_the_account_keeps_the_entries_and_the_audit_facts_and_hands_the_contact_role_on()
    {
        var first = await PersonAsync("erin@erase.example", "Erase Co");
        var colleague = await PersonAsync("colin@erase.example", "Erase Co", first.OrganizationId);
        var nomination = await ApplyAsync(first, "A practice worth keeping.");
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), first.Email, now))).Succeeded);
        await fixture.InScopeAsync(s => s.GetRequiredService<IEmailQueue>().EnqueueAsync(new EmailRequest
        {
            To = [$"Erin <{first.Email}>"], Subject = "Hello", HtmlBody = "<p>Hello</p>",
            Attachments = [new EmailAttachment("erin-ticket.png", "image/png", TestImages.Png(32, 32))],
        }));
        await fixture.InScopeAsync(s => s.GetRequiredService<IEmailQueue>().EnqueueAsync(new EmailRequest
        {
            To = ["someone-erin@erase.example"], Subject = "Not hers", HtmlBody = "<p>Hi</p>",
        }));

        var result = await fixture.InScopeAsync(s => s.GetRequiredService<PrivacyService>().EraseAsync(first.Email, "admin@example.org"));
        Assert.Equal(ErasureStatus.Success, result.Status);

        await fixture.InScopeAsync(async s =>
        {
            Assert.Null(await s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync(first.Email));
            var db = s.GetRequiredService<AwardsDbContext>();
            Assert.False(await db.OrganizationMembers.AnyAsync(m => m.UserId == first.UserId));
            Assert.True((await db.OrganizationMembers.SingleAsync(m => m.UserId == colleague.UserId)).IsPrimaryContact);
            var stored = await s.GetRequiredService<NominationService>().FindAsync(nomination.Key);
            Assert.Equal("A practice worth keeping.", stored!.Overview);
            Assert.Equal(["Applied", "Checklist submitted"], stored.Events.Select(e => e.Action));
            Assert.All(stored.Events, e => Assert.Equal(PrivacyService.ErasedName, e.Actor));
            var messages = await s.GetRequiredService<CmsDbContext>().EmailMessages.AsNoTracking().ToListAsync();
            Assert.DoesNotContain(messages, m => m.To.Any(t => t.Contains(first.Email, StringComparison.OrdinalIgnoreCase) && !t.StartsWith("someone", StringComparison.Ordinal)));
            Assert.Contains(messages, m => m.Subject == "Not hers");
            Assert.False(await s.GetRequiredService<CmsDbContext>().Set<EmailMessageAttachment>().AnyAsync(a => a.FileName == "erin-ticket.png"));
            return 0;
        });

        // A second request finds no one: erasure is done once.
        var again = await fixture.InScopeAsync(s => s.GetRequiredService<PrivacyService>().EraseAsync(first.Email, "admin@example.org"));
        Assert.Equal(ErasureStatus.NotFound, again.Status);
    }

    [Fact]
    public async Task The_only_contact_of_a_finalist_is_not_erased_before_the_gala()
    {
        var person = await PersonAsync("fay@finalist.example", "Finalist Co");
        var nomination = await ApplyAsync(person, "A finalist's practice.");
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), person.Email, now))).Succeeded);
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
        Assert.True((await StepAsync(nomination.Key, (n, c, now) => n.DecideFinalist(true, "staff", now))).Succeeded);

        var result = await fixture.InScopeAsync(s => s.GetRequiredService<PrivacyService>().EraseAsync(person.Email, "admin@example.org"));

        Assert.Equal(ErasureStatus.Refused, result.Status);
        Assert.Contains("only contact of Finalist Co", Assert.Single(result.Value!, f => f.RefusedBecause is not null).RefusedBecause, StringComparison.Ordinal);
        Assert.NotNull(await fixture.InScopeAsync(s => s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync(person.Email)));
        var stored = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(nomination.Key));
        Assert.All(stored!.Events.Where(e => e.Action == "Applied"), e => Assert.Equal(person.Email, e.Actor));
    }

    [Fact]
    public async Task Retention_deletes_unsuccessful_entries_with_their_checklist_after_the_set_years_and_keeps_finalists()
    {
        var withdrawn = await PersonAsync("wes@retention.example", "Withdrawn Co");
        var finalist = await PersonAsync("fin@retention.example", "Kept Finalist Co");
        var gone = await ApplyAsync(withdrawn, "Withdrawn later.");
        Assert.True((await StepAsync(gone.Key, (n, c, now) => n.Withdraw("We changed our minds.", withdrawn.Email, now))).Succeeded);
        var kept = await ApplyAsync(finalist, "Goes all the way.");
        Assert.True((await StepAsync(kept.Key, (n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), finalist.Email, now))).Succeeded);
        Assert.True((await StepAsync(kept.Key, (n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
        Assert.True((await StepAsync(kept.Key, (n, c, now) => n.DecideFinalist(true, "staff", now))).Succeeded);

        var galaEnd = fixture.Cycle.Dates.GalaEndUtc;
        var early = await fixture.InScopeAsync(s => s.GetRequiredService<UnsuccessfulEntryRetention>().DueAsync(galaEnd.AddYears(3).AddDays(-1)));
        Assert.DoesNotContain(early, c => c.Key == gone.Key);

        var due = await fixture.InScopeAsync(s => s.GetRequiredService<UnsuccessfulEntryRetention>().DueAsync(galaEnd.AddYears(3).AddDays(1)));
        var candidate = Assert.Single(due, c => c.Key == gone.Key);
        Assert.Equal("Withdrawn Co", candidate.Organization);
        Assert.Equal(NominationState.Withdrawn, candidate.State);
        Assert.DoesNotContain(due, c => c.Key == kept.Key);

        var deleted = await fixture.InScopeAsync(s => s.GetRequiredService<UnsuccessfulEntryRetention>().RunAsync(galaEnd.AddYears(3).AddDays(1), default));
        Assert.True(deleted >= 1);
        Assert.Null(await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(gone.Key)));
        Assert.NotNull(await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(kept.Key)));

        // A second pass finds nothing more of it: safe to run twice, or on two instances.
        var again = await fixture.InScopeAsync(s => s.GetRequiredService<UnsuccessfulEntryRetention>().DueAsync(galaEnd.AddYears(3).AddDays(1)));
        Assert.DoesNotContain(again, c => c.Key == gone.Key);
    }
}
