using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>
/// Staff's checklist forms of a cycle, and a deadline extension as the nominee sees and receives it. Its own site:
/// the clock stays inside the application window, whatever the other classes do with theirs.
/// </summary>
public sealed partial class AwardsStaffChecklistTests(DuringApplicationsSiteFactory site) : IClassFixture<DuringApplicationsSiteFactory>
{
    private AwardCycle Cycle => site.Services.GetRequiredService<CycleCatalog>().Current!;

    /// <summary>The categories of a cycle that have an eligibility checklist (practices; people, teams and employee satisfaction have none).</summary>
    private int WithChecklist(AwardCycle cycle) =>
        site.Services.GetRequiredService<AwardCategories>().OpenIn(cycle).Count(c => c.Rules.HasChecklist);

    private string ChecklistsPage => $"/backoffice/awards/cycles/{Cycle.Id}/checklists";

    /// <summary>A page that always holds a form, for the antiforgery token (the checklists page has none once every form exists).</summary>
    private string TokenPage => $"/backoffice/awards/cycles/edit/{Cycle.Id}";

    private Task<IReadOnlyList<FormSummary>> CycleFormsAsync() => site.WithServicesAsync(async s =>
        (IReadOnlyList<FormSummary>)[.. (await s.GetRequiredService<FormService>().GetFormsAsync()).Where(f => f.Alias.StartsWith($"checklist-{Cycle.Year}-", StringComparison.Ordinal))]);

    /// <summary>A registered, confirmed nominee signed in to the portal, with the organization's id.</summary>
    private async Task<(HttpClient Client, int OrganizationId)> NomineeAsync(string email, string organization)
    {
        var organizationId = await site.WithServicesAsync(async s =>
        {
            var registered = await s.GetRequiredService<NomineeAccounts>()
                .RegisterAsync(organization, null, false, "Nico Nominee", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            Assert.True((await users.ConfirmEmailAsync(registered.Value!.User!, await users.GenerateEmailConfirmationTokenAsync(registered.Value!.User!))).Succeeded);
            return await s.GetRequiredService<AwardsDbContext>().OrganizationMembers
                .Where(m => m.UserId == registered.Value!.User!.Id).Select(m => m.OrganizationId).SingleAsync();
        });
        var client = site.Browser();
        var signedIn = await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (client, organizationId);
    }

    private Task<Nomination> ApplyAsync(int organizationId, string categoryUrl) => site.WithServicesAsync(async s =>
    {
        var category = site.Snapshot.ByUrl(categoryUrl)!;
        var (nomination, result) = await s.GetRequiredService<NominationService>()
            .ApplyAsync(Cycle.Id, organizationId, category.Key, category.Name, "A practice worth a look.", false, "nominee");
        Assert.True(result.Succeeded, result.Message);
        return nomination!;
    });

    [Fact]
    public async Task Staff_see_every_open_category_and_create_the_missing_checklist_forms_once()
    {
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var html = await staff.GetStringAsync(ChecklistsPage);
        Assert.Single(Regex.Matches(html, "<h1[ >]"));
        Assert.Contains("<th scope=\"col\">Nominations with a submitted checklist</th>", html);
        Assert.Equal(17, WithChecklist(Cycle));
        Assert.Equal(WithChecklist(Cycle), Regex.Matches(html, "<th scope=\"row\">").Count);
        Assert.Contains("<th scope=\"row\">Email Channel</th>", html);
        Assert.DoesNotContain("Edit in Forms", html); // awards staff do not enter Forms; editors and administrators do

        // The edit page of the cycle links here.
        Assert.Contains($"href=\"{ChecklistsPage}\"", await staff.GetStringAsync($"/backoffice/awards/cycles/edit/{Cycle.Id}"));

        var created = await staff.PostFormAsync($"{ChecklistsPage}?handler=CreateMissing", [], TokenPage);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        html = await staff.GetStringAsync(ChecklistsPage);
        Assert.Matches(@"\d+ checklist form\(s\) created\.|No checklist form was missing", html);
        Assert.Contains("Every open category has its checklist form.", html);
        Assert.DoesNotContain("Missing</span>", html);
        var forms = await CycleFormsAsync();
        Assert.Equal(WithChecklist(Cycle), forms.Count);
        Assert.All(forms, f => Assert.True(f.Confidential));

        // Again: nothing new, nothing changed.
        await staff.PostFormAsync($"{ChecklistsPage}?handler=CreateMissing", [], TokenPage);
        Assert.Contains("No checklist form was missing; nothing was created.", await staff.GetStringAsync(ChecklistsPage));
        var again = await CycleFormsAsync();
        Assert.Equal(forms.Select(f => (f.Key, f.UpdatedUtc)).Order(), again.Select(f => (f.Key, f.UpdatedUtc)).Order());

        var email = site.Snapshot.ByUrl("/categories/email-channel/")!;
        await staff.PostFormAsync($"{ChecklistsPage}?handler=Create", new() { ["category"] = email.Key.ToString() }, TokenPage);
        Assert.Contains("The checklist of Email Channel already exists.", await staff.GetStringAsync(ChecklistsPage));

        // An editor sees the same page, with links into Forms.
        var editor = await site.SignedInAsync(BackofficeRoles.Editor);
        var id = forms.Single(f => f.Alias == $"checklist-{Cycle.Year}-email-channel").Id;
        Assert.Contains($"href=\"/backoffice/forms/edit/{id}\"", await editor.GetStringAsync(ChecklistsPage));
    }

    [Fact]
    public async Task Rebuilding_restores_the_category_questions_until_a_nominee_has_saved_answers()
    {
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var ivr = site.Snapshot.ByUrl("/categories/ivr-self-service/")!;
        var alias = $"checklist-{Cycle.Year}-ivr-self-service";
        await staff.PostFormAsync($"{ChecklistsPage}?handler=Create", new() { ["category"] = ivr.Key.ToString() }, TokenPage);

        // An editor changes a question in Forms: the page says the form differs from the category page.
        var original = (await site.WithServicesAsync(s => s.GetRequiredService<FormService>().GetFormAsync(alias)))!;
        var edited = original with { Pages = [original.Pages[0] with { Fields = [original.Pages[0].Fields[0] with { Label = "A question an editor wrote" }, .. original.Pages[0].Fields.Skip(1)] }] };
        Assert.True((await site.WithServicesAsync(s => s.GetRequiredService<FormService>().SaveFormAsync(edited))).Succeeded);
        var row = IvrRow(await staff.GetStringAsync(ChecklistsPage));
        Assert.Contains("Differs", row);

        // Rebuilding asks first, then puts the category's questions back under the same form.
        var confirm = await staff.GetStringAsync($"{ChecklistsPage}?rebuild={ivr.Key}");
        Assert.Contains("Rebuild the checklist of IVR Self-Service?", confirm);
        Assert.Contains("A question an editor wrote", confirm);
        var rebuilt = await staff.PostFormAsync($"{ChecklistsPage}?handler=Rebuild", new() { ["category"] = ivr.Key.ToString() }, TokenPage);
        Assert.Equal(HttpStatusCode.Redirect, rebuilt.StatusCode);
        Assert.Contains("The checklist of IVR Self-Service was rebuilt from the category&#x27;s questions.", await staff.GetStringAsync(ChecklistsPage));
        var after = (await site.WithServicesAsync(s => s.GetRequiredService<FormService>().GetFormAsync(alias)))!;
        Assert.Equal(original.Key, after.Key);
        Assert.Equal(ivr.List("categoryQuestions"), ChecklistForms.Questions(after));
        Assert.Contains("Same questions", IvrRow(await staff.GetStringAsync(ChecklistsPage)));

        // A nominee saves a draft of the checklist: from now on a rebuild is refused and the form stays as it is.
        var (nominee, organizationId) = await NomineeAsync("rebuild@example.org", "Rebuild Center");
        var nomination = await ApplyAsync(organizationId, "/categories/ivr-self-service/");
        var checklist = $"/portal/nominations/{nomination.Key}/checklist";
        var saved = await nominee.PostFormAsync(checklist, new() { ["__page"] = "0", ["__action"] = "save", ["f_q1"] = "Yes" }, checklist);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var refused = await staff.PostFormAsync($"{ChecklistsPage}?handler=Rebuild", new() { ["category"] = ivr.Key.ToString() }, TokenPage);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var html = await staff.GetStringAsync(ChecklistsPage);
        Assert.Contains("The checklist of IVR Self-Service was not rebuilt: nominees have already saved or submitted answers to it (0 submitted, 1 draft).", html);
        row = IvrRow(html);
        Assert.Contains("Answered by nominees; not rebuilt", row);
        Assert.Contains("1 draft in progress", row);
        Assert.DoesNotContain("?rebuild=", row);
        var unchanged = await site.WithServicesAsync(async s => (await s.GetRequiredService<FormService>().GetFormsAsync()).Single(f => f.Alias == alias));
        Assert.Equal(after.Key, unchanged.Key);
    }

    private static string IvrRow(string html) => Regex.Match(html, "<th scope=\"row\">IVR Self-Service</th>.*?</tr>", RegexOptions.Singleline).Value;

    [Fact]
    public async Task Unknown_cycles_answer_404_closed_categories_get_a_message_and_copies_start_without_forms()
    {
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/backoffice/awards/cycles/9999/checklists")).StatusCode);
        var unknown = await staff.PostFormAsync("/backoffice/awards/cycles/9999/checklists?handler=CreateMissing", [], TokenPage);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var withoutToken = await staff.PostAsync($"{ChecklistsPage}?handler=CreateMissing", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var home = site.Snapshot.ByUrl("/")!;
        await staff.PostFormAsync($"{ChecklistsPage}?handler=Create", new() { ["category"] = home.Key.ToString() }, TokenPage);
        Assert.Contains($"{home.Name} is not open in {Cycle.Name}; open it on the cycle&#x27;s page first.", await staff.GetStringAsync(ChecklistsPage));
        Assert.Contains("That category is not open in this cycle.", await (await FollowAsync(staff, $"{ChecklistsPage}?rebuild={Guid.NewGuid()}")).Content.ReadAsStringAsync());

        // Other roles do not get in.
        foreach (var role in new[] { BackofficeRoles.Marketing, BackofficeRoles.Judge })
        {
            var refused = await (await site.SignedInAsync(role)).GetAsync(ChecklistsPage);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/backoffice/access-denied", refused.Headers.Location!.AbsolutePath);
        }

        // "Copy to next year" copies the categories, not the forms: the new cycle starts with every checklist missing.
        var copied = await staff.PostFormAsync("/backoffice/awards/cycles?handler=Copy", new() { ["id"] = Cycle.Id.ToString() }, "/backoffice/awards/cycles");
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        var next = site.Services.GetRequiredService<CycleCatalog>().All.Single(c => c.Year == Cycle.Year + 1);
        Assert.Contains("were not copied", await staff.GetStringAsync(copied.Headers.Location!.OriginalString));
        var page = await staff.GetStringAsync($"/backoffice/awards/cycles/{next.Id}/checklists");
        Assert.Equal(WithChecklist(next), Regex.Matches(page, "Missing</span>").Count);
        Assert.Contains($"Create the missing checklist forms ({WithChecklist(next)})", page);
        Assert.DoesNotContain(await site.WithServicesAsync(s => s.GetRequiredService<FormService>().GetFormsAsync()),
            f => f.Alias.StartsWith($"checklist-{next.Year}-", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> FollowAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return response.StatusCode == HttpStatusCode.Redirect ? await client.GetAsync(response.Headers.Location!.OriginalString) : response;
    }

    [Fact]
    public async Task A_nominee_sees_why_staff_extended_the_deadline_and_receives_it_by_email()
    {
        var (nominee, organizationId) = await NomineeAsync("extended@example.org", "Extended Center");
        var nomination = await ApplyAsync(organizationId, "/categories/web-self-service/");
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var page = $"/backoffice/awards/nominations/{nomination.Key}";

        // Without a reason: refused with a message, and nothing changes.
        await staff.PostFormAsync($"{page}?handler=Extend", new() { ["until"] = "2027-10-25T17:00", ["reason"] = " " }, page);
        Assert.Contains("Say why the deadline is extended; the nominee sees the reason.", await staff.GetStringAsync(page));
        await staff.PostFormAsync($"{page}?handler=Extend", new() { ["until"] = "2027-10-25T17:00", ["reason"] = new string('x', 1001) }, page);
        Assert.Contains("The reason may have at most 1,000 characters; it has 1,001.", await staff.GetStringAsync(page));
        Assert.Null((await site.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(nomination.Key)))!.DeadlineExtendedUntilUtc);

        const string reason = "Your region's phone lines were down during the week before the due date.";
        var extended = await staff.PostFormAsync($"{page}?handler=Extend", new() { ["until"] = "2027-10-25T17:00", ["reason"] = reason }, page);
        Assert.Equal(HttpStatusCode.Redirect, extended.StatusCode);
        Assert.Contains(reason, WebUtility.HtmlDecode(await staff.GetStringAsync(page)));

        var note = $"Deadline extended to October 25, 2027, 5:00 PM Eastern Time: {reason}";
        Assert.Contains(note, WebUtility.HtmlDecode(await nominee.GetStringAsync("/portal")));
        Assert.Contains(note, WebUtility.HtmlDecode(await nominee.GetStringAsync($"/portal/nominations/{nomination.Key}")));

        // The email was queued with the step's own change, and carries the reason and the new date.
        var mail = await site.WithServicesAsync(async s => await s.GetRequiredService<CmsDbContext>().Set<EmailMessage>().AsNoTracking()
            .Where(m => m.TemplateAlias == "deadline-extended").ToListAsync());
        var message = Assert.Single(mail, m => m.To.Contains("extended@example.org"));
        Assert.Equal("More time for your Web Self-Service eligibility checklist", message.Subject);
        Assert.Contains(reason, WebUtility.HtmlDecode(message.HtmlBody));
        Assert.Contains("October 25, 2027, 5:00 PM Eastern Time", message.TextBody);
        Assert.Contains($"/portal/nominations/{nomination.Key}", message.TextBody);
    }
}
