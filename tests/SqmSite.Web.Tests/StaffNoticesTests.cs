using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Notices;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>
/// Staff notices on the whole site (SQLite, and PostgreSQL under test.sh): staff who chose "each event" get an email
/// per new application, submitted checklist, submitted story or contact message through the outbox; digest readers
/// (the default) get one digest per day listing what happened; staff who chose none get nothing.
/// </summary>
public sealed class StaffNoticesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private AwardCycle Cycle => site.Services.GetRequiredService<CycleCatalog>().Current!;

    private Task<string> UserIdAsync(string role) => site.WithServicesAsync(async s =>
        (await s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync(SiteFactory.UserFor(role)))!.Id);

    private Task<List<EmailMessage>> MailAsync(string template) => site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>()
        .Set<EmailMessage>().AsNoTracking().Where(m => m.TemplateAlias == template).ToListAsync());

    private Task<Nomination> ApplyAsync(string email, string organization, string categoryUrl) => site.WithServicesAsync(async s =>
    {
        var registered = await s.GetRequiredService<NomineeAccounts>().RegisterAsync(organization, null, false, "Nia Nominee", email, SiteFactory.Password);
        Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
        var organizationId = await s.GetRequiredService<AwardsDbContext>().OrganizationMembers
            .Where(m => m.UserId == registered.Value!.User!.Id).Select(m => m.OrganizationId).SingleAsync();
        var category = site.Snapshot.ByUrl(categoryUrl)!;
        var (nomination, result) = await s.GetRequiredService<NominationService>()
            .ApplyAsync(Cycle.Id, organizationId, category.Key, category.Name, "A practice worth a look.", false, email);
        Assert.True(result.Succeeded, result.Message);
        return nomination!;
    });

    [Fact]
    public async Task Each_event_readers_are_emailed_at_once_and_digest_readers_once_a_day()
    {
        var staffId = await UserIdAsync(BackofficeRoles.AwardsStaff);
        var adminId = await UserIdAsync(BackofficeRoles.Administrator);
        await site.WithServicesAsync(async s =>
        {
            var notices = s.GetRequiredService<StaffNotices>();
            await notices.SetModeAsync(staffId, StaffNoticeMode.EachEvent);
            Assert.Equal(StaffNoticeMode.DailyDigest, await notices.ModeAsync(adminId));
            return 0;
        });

        var nomination = await ApplyAsync("notice-nominee@example.org", "Notice Care Center", "/categories/email-channel/");
        await site.WithServicesAsync(async s =>
        {
            var form = await s.GetRequiredService<FormEntryService>().PostAsync("contact", FormOwner.Anonymous(), new FormPost(0, FormAction.Submit,
                FormInput.From([new("name", "Cora Contact"), new("email", "cora@example.org"), new("topic", "Eligibility"),
                    new("message", "May a past winner enter again?"), new("consent", "true")]), Guid.NewGuid()));
            Assert.True(form.Succeeded, form.Message);
            return 0;
        });

        // Each event: one email per event to the staff user who chose it, at once; nobody else.
        var perEvent = await MailAsync("staff-notice");
        var staffMail = perEvent.Where(m => m.To.Any(t => t.Contains(SiteFactory.UserFor(BackofficeRoles.AwardsStaff), StringComparison.Ordinal))).ToList();
        Assert.Equal(perEvent.Count, staffMail.Count);
        var application = Assert.Single(staffMail, m => m.Subject.StartsWith("New application", StringComparison.Ordinal));
        Assert.Equal("New application: Notice Care Center applied in Email Channel.", application.Subject);
        Assert.Contains($"/backoffice/awards/nominations/{nomination.Key}", application.TextBody);
        Assert.Contains("Eastern Time", application.TextBody);
        var contact = Assert.Single(staffMail, m => m.Subject.StartsWith("Contact message", StringComparison.Ordinal));
        Assert.Contains("May a past winner enter again?", WebUtility.HtmlDecode(contact.HtmlBody));

        // The digest: the administrator (default) gets one listing both events; the each-event reader and the editor
        // (not staff) get none. A second pass at the same time adds nothing.
        var tomorrow = DateTime.UtcNow.AddDays(1);
        var sent = await site.WithServicesAsync(s => s.GetRequiredService<StaffNotices>().SendDueDigestsAsync(tomorrow));
        Assert.True(sent >= 1);
        var digests = await MailAsync("staff-digest");
        var digest = Assert.Single(digests, m => m.To.Any(t => t.Contains(SiteFactory.UserFor(BackofficeRoles.Administrator), StringComparison.Ordinal)));
        Assert.DoesNotContain(digests, m => m.To.Any(t => t.Contains(SiteFactory.UserFor(BackofficeRoles.AwardsStaff), StringComparison.Ordinal)));
        Assert.DoesNotContain(digests, m => m.To.Any(t => t.Contains(SiteFactory.UserFor(BackofficeRoles.Editor), StringComparison.Ordinal)));
        var body = WebUtility.HtmlDecode(digest.TextBody);
        Assert.Contains("New application: Notice Care Center applied in Email Channel.", body);
        Assert.Contains("Contact message: Cora Contact <cora@example.org> wrote about Eligibility:", body);
        Assert.Contains("Eastern Time", body);
        Assert.Equal(0, await site.WithServicesAsync(s => s.GetRequiredService<StaffNotices>().SendDueDigestsAsync(tomorrow)));
        Assert.Equal(digests.Count, (await MailAsync("staff-digest")).Count);

        // None: nothing at all.
        await site.WithServicesAsync(async s => { await s.GetRequiredService<StaffNotices>().SetModeAsync(staffId, StaffNoticeMode.None); return 0; });
        await ApplyAsync("quiet-nominee@example.org", "Quiet Care Center", "/categories/web-self-service/");
        Assert.Equal(perEvent.Count, (await MailAsync("staff-notice")).Count);
        await site.WithServicesAsync(s => s.GetRequiredService<StaffNotices>().SendDueDigestsAsync(tomorrow.AddDays(1)));
        Assert.DoesNotContain(await MailAsync("staff-digest"), m => m.To.Any(t => t.Contains(SiteFactory.UserFor(BackofficeRoles.AwardsStaff), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_submitted_checklist_and_a_submitted_story_each_notice_staff_and_the_steps_between_do_not()
    {
        const string email = "steps-nominee@example.org";
        // Applied before staff choose "each event", so this test adds no application email to the other test's count.
        var nomination = await ApplyAsync(email, "Steps Care Center", "/categories/omni-channel/");
        var staffId = await UserIdAsync(BackofficeRoles.AwardsStaff);
        await site.WithServicesAsync(async s => { await s.GetRequiredService<StaffNotices>().SetModeAsync(staffId, StaffNoticeMode.EachEvent); return 0; });
        Task<List<EmailMessage>> NoticesOfAsync() => site.WithServicesAsync(async s => (await s.GetRequiredService<CmsDbContext>().Set<EmailMessage>().AsNoTracking()
            .Where(m => m.TemplateAlias == "staff-notice").ToListAsync()).Where(m => m.Subject.Contains("Steps Care Center", StringComparison.Ordinal)).ToList());
        Task StepAsync(Func<Nomination, AwardCycle, DateTime, SqmSite.Cms.Attempt<NominationOperationStatus>> step) => site.WithServicesAsync(async s =>
        {
            var result = await s.GetRequiredService<NominationService>().StepAsync(nomination.Key, null, step);
            Assert.True(result.Succeeded, result.Message);
            return 0;
        });

        // Step 2: the checklist arrives (as the forms hand-off submits it): one notice, with the link to the nomination.
        await StepAsync((n, c, _) => n.SubmitChecklist(c, Guid.NewGuid(), email, c.Dates.ChecklistDueUtc.AddDays(-1)));
        var checklist = Assert.Single(await NoticesOfAsync(), m => m.Subject.StartsWith("Checklist submitted", StringComparison.Ordinal));
        Assert.Equal("Checklist submitted: Steps Care Center submitted the eligibility checklist for Omni-Channel.", checklist.Subject);
        Assert.Contains(SiteFactory.UserFor(BackofficeRoles.AwardsStaff), checklist.To);
        Assert.Contains($"/backoffice/awards/nominations/{nomination.Key}", checklist.TextBody);

        // Staff's own steps (review, decision, release) notice nobody; the submitted story does.
        var told = Cycle.Dates.FinalistsNotifiedByUtc.AddHours(1);
        await StepAsync((n, c, _) => n.ReviewChecklist(true, null, "staff", told.AddDays(-2)));
        await StepAsync((n, c, _) => n.DecideFinalist(true, "staff", told.AddDays(-1)));
        await StepAsync((n, c, _) => n.ReleaseDecision(c, "staff", told));
        Assert.Single(await NoticesOfAsync());
        await StepAsync((n, c, _) => n.SubmitStory(c, SqmSite.Testing.SubmittedStories.Story(c, "Steps Care Center"), email, told.AddDays(1)));
        var story = Assert.Single(await NoticesOfAsync(), m => m.Subject.StartsWith("Story submitted", StringComparison.Ordinal));
        Assert.Equal("Story submitted: Steps Care Center submitted the nomination story for Omni-Channel.", story.Subject);
        Assert.Contains(SiteFactory.UserFor(BackofficeRoles.AwardsStaff), story.To);
        Assert.Contains($"/backoffice/awards/nominations/{nomination.Key}", story.TextBody);
        Assert.Equal(2, (await NoticesOfAsync()).Count);

        // Both wait for the digest readers too.
        var recorded = await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().StaffNotices.AsNoTracking()
            .Where(n => n.Path == $"/backoffice/awards/nominations/{nomination.Key}").Select(n => n.Kind).ToListAsync());
        Assert.Equal([StaffNoticeKind.Application, StaffNoticeKind.ChecklistSubmitted, StaffNoticeKind.StorySubmitted], recorded.Order());
    }

    [Fact]
    public async Task The_notices_page_saves_the_choice_and_refuses_an_unknown_one()
    {
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var page = await staff.GetStringAsync("/backoffice/awards/notices");
        Assert.Contains("A daily digest", page);
        var refused = await staff.PostFormAsync("/backoffice/awards/notices", new() { ["Mode"] = "Sometimes" }, "/backoffice/awards/notices");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choose how you hear of new events", await refused.Content.ReadAsStringAsync());
        var saved = await staff.PostFormAsync("/backoffice/awards/notices", new() { ["Mode"] = "None" }, "/backoffice/awards/notices");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var staffId = await UserIdAsync(BackofficeRoles.AwardsStaff);
        Assert.Equal(StaffNoticeMode.None, await site.WithServicesAsync(s => s.GetRequiredService<StaffNotices>().ModeAsync(staffId)));
    }
}
