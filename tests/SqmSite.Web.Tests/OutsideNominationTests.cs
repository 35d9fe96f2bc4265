using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>Nominations by others through the public form, the confirmation link, staff's screening, and the contact taking it up or declining.</summary>
public sealed partial class OutsideNominationTests(DuringApplicationsSiteFactory site) : IClassFixture<DuringApplicationsSiteFactory>
{
    private Guid Category(string url) => site.Snapshot.ByUrl($"/categories/{url}/")!.Key;

    private Task<List<OutsideNomination>> NominationsOfAsync(string nominatorEmail) => site.WithServicesAsync(s =>
        s.GetRequiredService<AwardsDbContext>().OutsideNominations.AsNoTracking().Where(n => n.NominatorEmail == nominatorEmail).ToListAsync());

    private static Dictionary<string, string> Form(string nominator, string email, string relationship, string organization, string contact, string? person = null) => new()
    {
        ["NominatorName"] = nominator, ["NominatorEmail"] = email, ["Relationship"] = relationship, ["OrganizationName"] = organization,
        ["ContactEmail"] = contact, ["Reason"] = $"{organization} resolved my problem on the first call, every time.", ["SubjectName"] = person ?? "",
    };

    /// <summary>Posts the public form and opens the confirmation link from the email.</summary>
    private async Task NominateAndConfirmAsync(Guid category, Dictionary<string, string> form)
    {
        var page = $"/awards/nominate/{category}";
        var client = site.Browser();
        var sent = await client.PostFormAsync(page, form, page);
        Assert.Contains("Check your email", await sent.Content.ReadAsStringAsync());
        var mail = (await site.EmailsToAsync(form["NominatorEmail"])).Last(m => m.TemplateAlias == OutsideNominationService.ConfirmTemplate);
        var link = WebUtility.HtmlDecode(LinkTo("/awards/nominate/confirm").Match(mail.HtmlBody).Value);
        var confirmed = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("your nomination is confirmed", await confirmed.Content.ReadAsStringAsync());
    }

    private static Regex LinkTo(string path) => new($"https?://[^\\s\"<]+{Regex.Escape(path)}\\?token=[A-Za-z0-9_\\-%]+");

    [Fact]
    public async Task The_public_form_refuses_bad_input_in_words_keeps_it_and_says_the_same_for_anyone_nominated()
    {
        var email = Category("email-channel");
        var page = $"/awards/nominate/{email}";
        var html = await site.Browser().GetStringAsync(page);
        Assert.Contains("Send the nomination", html);
        Assert.Contains("name=\"website\"", html);

        var bad = Form("Pat Peer", "not-an-address", "Rival", "", "x@y");
        bad["Reason"] = new string('a', 1001);
        var refused = await site.Browser().PostFormAsync(page, bad, page);
        var text = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("'not-an-address' is not an email address", text);
        Assert.Contains("Choose how you know them", text);
        Assert.Contains("Give the name of the organization you nominate.", text);
        Assert.Contains("'x@y' is not an email address", text);
        Assert.Contains("at most 1,000 characters; it has 1,001", text);
        Assert.Contains(new string('a', 1001), text);
        Assert.Empty(await NominationsOfAsync("not-an-address"));

        // The honeypot: "sent", and nothing kept.
        var bot = Form("Bot", "bot@example.org", "Peer", "Anything Inc", "x@example.org");
        bot["website"] = "http://spam.example";
        Assert.Contains("Check your email", await (await site.Browser().PostFormAsync(page, bot, page)).Content.ReadAsStringAsync());
        Assert.Empty(await NominationsOfAsync("bot@example.org"));

        // The same answer for an organization nominated before and one never heard of.
        var first = await site.Browser().PostFormAsync(page, Form("Ann", "ann@example.org", "Customer", "Northwind Energy", "cx@northwind.example"), page);
        var second = await site.Browser().PostFormAsync(page, Form("Ann", "ann@example.org", "Customer", "Northwind Energy", "cx@northwind.example"), page);
        Assert.Equal(Body(await first.Content.ReadAsStringAsync()), Body(await second.Content.ReadAsStringAsync()));

        // A category that takes no nominations by others (the employee satisfaction award) has no form.
        var closed = await site.Browser().GetAsync($"/awards/nominate/{Category("employee-satisfaction-award")}");
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
        Assert.Contains("Not open for nominations", await closed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await site.Browser().GetAsync($"/awards/nominate/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await site.Browser().GetAsync("/awards/nominate/confirm?token=made-up")).StatusCode);
        Assert.Contains("/awards/nominate/" + email, await site.Browser().GetStringAsync("/categories/email-channel/"));
        Assert.DoesNotContain("/awards/nominate/", await site.Browser().GetStringAsync("/categories/employee-satisfaction-award/"));
    }

    private static string Body(string html) => Regex.Replace(html, "<input name=\"__RequestVerificationToken\"[^>]*>|nonce=\"[^\"]*\"", "");

    [Fact]
    public async Task Two_customers_nominate_a_csr_staff_merge_and_accept_and_the_employer_takes_it_up_as_one_entry()
    {
        var csr = Category("best-csr");
        await NominateAndConfirmAsync(csr, Form("Carl Customer", "carl@example.org", "Customer", "Contoso Care", "boss@contoso.example", "Dana Whitfield"));
        await NominateAndConfirmAsync(csr, Form("Cora Customer", "cora@example.org", "Customer", "contoso care.", "boss@contoso.example", "dana  whitfield"));
        var carl = (await NominationsOfAsync("carl@example.org")).Single();
        var cora = (await NominationsOfAsync("cora@example.org")).Single();
        Assert.Equal(OutsideNominationState.Confirmed, carl.State);
        Assert.Equal(carl.CandidateKey, cora.CandidateKey);

        // Staff see one candidate with two nominations; merge one into the other, accept the other.
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        const string screening = "/backoffice/awards/nominations/by-others";
        var list = WebUtility.HtmlDecode(await staff.GetStringAsync(screening));
        Assert.Contains("Dana Whitfield (Contoso Care) <span class=\"bo-badge\">2 nominations</span>", list);
        Assert.Contains("Waiting for screening", list);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{screening}?handler=Merge", new() { ["key"] = cora.Key.ToString(), ["into"] = carl.Key.ToString() }, screening)).StatusCode);
        var refusedEmpty = await staff.PostFormAsync($"{screening}?handler=Refuse", new() { ["key"] = carl.Key.ToString(), ["reason"] = " " }, screening);
        Assert.Equal(HttpStatusCode.OK, refusedEmpty.StatusCode);
        Assert.Contains("Give the reason", WebUtility.HtmlDecode(await refusedEmpty.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{screening}?handler=Accept", new() { ["key"] = carl.Key.ToString() }, screening)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostFormAsync($"{screening}?handler=Accept", new() { ["key"] = Guid.NewGuid().ToString() }, screening)).StatusCode);

        // The employer's contact is invited; signed in, they confirm the person and take it up.
        var invite = (await site.EmailsToAsync("boss@contoso.example")).Single(m => m.TemplateAlias == OutsideNominationService.InviteTemplate);
        Assert.Contains("a customer has nominated", invite.HtmlBody);
        Assert.DoesNotContain("Carl", invite.HtmlBody);
        var link = new Uri(WebUtility.HtmlDecode(LinkTo("/portal/nominated").Match(invite.HtmlBody).Value)).PathAndQuery;
        var anonymous = await site.Browser().GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/portal/login?ReturnUrl=", anonymous.Headers.Location!.OriginalString);

        var (employer, organization) = await site.SignedInNomineeAsync("boss@contoso.example", "Contoso Care");
        var takeUp = WebUtility.HtmlDecode(await employer.GetStringAsync(link));
        Assert.Contains("A customer nominated Dana Whitfield (Contoso Care)", takeUp);
        Assert.DoesNotContain("first call, every time", takeUp); // the nominators' words stay with staff
        var missing = await employer.PostFormAsync(link, new() { ["SubjectName"] = "Dana Whitfield", ["Overview"] = "Our best." }, link);
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("Give the person's job title.", WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()));
        var taken = await employer.PostFormAsync(link, new() { ["SubjectName"] = "Dana Whitfield", ["JobTitle"] = "Senior CSR", ["Overview"] = "Our best." }, link);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);

        var entry = await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Nominations.AsNoTracking().SingleAsync(n => n.OrganizationId == organization));
        Assert.Equal(("Dana Whitfield", "Senior CSR", NominationState.Eligible), (entry.SubjectName, entry.SubjectJobTitle, entry.State));
        var linked = await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().OutsideNominations.AsNoTracking().Where(n => n.NominationId == entry.Id).ToListAsync());
        Assert.Equal(2, linked.Count);

        // Staff see both nominators on the entry; each nominator hears the same neutral words; the link is spent.
        var detail = WebUtility.HtmlDecode(await staff.GetStringAsync($"/backoffice/awards/nominations/{entry.Key}"));
        Assert.Contains("Nominated by others: 2", detail);
        Assert.Contains("Cora Customer", detail);
        var toCarl = (await site.EmailsToAsync("carl@example.org")).Single(m => m.TemplateAlias == OutsideNominationService.ClosedTemplate);
        var toCora = (await site.EmailsToAsync("cora@example.org")).Single(m => m.TemplateAlias == OutsideNominationService.ClosedTemplate);
        Assert.Contains("has reviewed your nomination", toCarl.HtmlBody);
        Assert.DoesNotContain("Senior CSR", toCarl.HtmlBody + toCora.HtmlBody);
        Assert.Equal(HttpStatusCode.NotFound, (await employer.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task A_contact_declines_and_a_refused_nomination_is_told_in_the_same_words_as_any_other()
    {
        var web = Category("web-self-service");
        await NominateAndConfirmAsync(web, Form("Pia Peer", "pia@example.org", "Peer", "Fabrikam Support", "cx@fabrikam.example"));
        await NominateAndConfirmAsync(web, Form("Rex Rival", "rex@example.org", "Colleague", "Litware Help", "cx@litware.example"));
        var pia = (await NominationsOfAsync("pia@example.org")).Single();
        var rex = (await NominationsOfAsync("rex@example.org")).Single();
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        const string screening = "/backoffice/awards/nominations/by-others";
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{screening}?handler=Refuse", new() { ["key"] = rex.Key.ToString(), ["reason"] = "Not a contact center." }, screening)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{screening}?handler=Accept", new() { ["key"] = pia.Key.ToString() }, screening)).StatusCode);

        var invite = (await site.EmailsToAsync("cx@fabrikam.example")).Single(m => m.TemplateAlias == OutsideNominationService.InviteTemplate);
        var link = new Uri(WebUtility.HtmlDecode(LinkTo("/portal/nominated").Match(invite.HtmlBody).Value)).PathAndQuery;
        Assert.Contains("/portal/nominated?token=", link);

        // Registered after the invitation was sent, the contact finds it on the dashboard without the link; nobody else opens it by its key.
        var (contact, organization) = await site.SignedInNomineeAsync("cx@fabrikam.example", "Fabrikam Support");
        var dashboard = WebUtility.HtmlDecode(await contact.GetStringAsync("/portal"));
        Assert.Contains("You have been nominated", dashboard);
        var byKey = $"/portal/nominated?key={pia.Key}";
        Assert.Contains(byKey, dashboard);
        var (stranger, _) = await site.SignedInNomineeAsync("someone@elsewhere.example", "Elsewhere");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(byKey)).StatusCode);
        Assert.DoesNotContain("You have been nominated", await stranger.GetStringAsync("/portal"));
        Assert.Contains("Fabrikam Support", WebUtility.HtmlDecode(await contact.GetStringAsync(byKey)));
        Assert.Equal(HttpStatusCode.Redirect, (await contact.PostFormAsync($"/portal/nominated?handler=Decline&key={pia.Key}", [], byKey)).StatusCode);
        Assert.DoesNotContain("You have been nominated", await contact.GetStringAsync("/portal"));
        Assert.Empty(await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Nominations.Where(n => n.OrganizationId == organization).ToListAsync()));
        Assert.Equal(OutsideNominationState.Declined, (await NominationsOfAsync("pia@example.org")).Single().State);

        string Words(EmailMessage m) => m.HtmlBody.Replace("Pia Peer", "X").Replace("Rex Rival", "X").Replace("Fabrikam Support", "Y").Replace("Litware Help", "Y");
        var toPia = (await site.EmailsToAsync("pia@example.org")).Single(m => m.TemplateAlias == OutsideNominationService.ClosedTemplate);
        var toRex = (await site.EmailsToAsync("rex@example.org")).Single(m => m.TemplateAlias == OutsideNominationService.ClosedTemplate);
        Assert.Equal(Words(toPia), Words(toRex));
        Assert.DoesNotContain("Not a contact center", toRex.HtmlBody);
    }
}
