using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>The organization page of the nominee portal: its profile, its people, and invitations to colleagues.</summary>
public sealed partial class OrganizationProfileTests(DuringApplicationsSiteFactory site) : IClassFixture<DuringApplicationsSiteFactory>
{
    private const string Page = "/portal/organization";

    /// <summary>An organization registered through the app's own service, its first contact confirmed and signed in.</summary>
    private async Task<(HttpClient Client, int OrganizationId)> NomineeAsync(string email, string organization)
    {
        var organizationId = await site.WithServicesAsync(async s =>
        {
            var registered = await s.GetRequiredService<NomineeAccounts>().RegisterAsync(organization, null, false, "First " + email.Split('@')[0], email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            registered.Value!.User!.EmailConfirmed = true;
            await users.UpdateAsync(registered.Value!.User!);
            var db = s.GetRequiredService<AwardsDbContext>();
            return await db.OrganizationMembers.Where(m => m.UserId == registered.Value!.User!.Id).Select(m => m.OrganizationId).SingleAsync();
        });
        return (await SignInAsync(email), organizationId);
    }

    private async Task<HttpClient> SignInAsync(string email, string password = SiteFactory.Password)
    {
        var client = site.Browser();
        var signedIn = await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> InviteAsync(HttpClient client, string name, string email) =>
        client.PostFormAsync($"{Page}?handler=Invite", new() { ["InviteName"] = name, ["InviteEmail"] = email }, Page);

    private async Task<List<EmailMessage>> InvitationEmailsToAsync(string to) => await site.WithServicesAsync(async s =>
    {
        var messages = await s.GetRequiredService<CmsDbContext>().Set<EmailMessage>().AsNoTracking()
            .Where(m => m.TemplateAlias == InvitationService.TemplateAlias).OrderBy(m => m.Id).ToListAsync();
        return messages.Where(m => m.To.Contains(to)).ToList();
    });

    private async Task<string> LatestLinkToAsync(string to)
    {
        var mail = (await InvitationEmailsToAsync(to)).Last();
        var link = InvitationLink().Match(mail.HtmlBody);
        Assert.True(link.Success, mail.HtmlBody);
        return new Uri(WebUtility.HtmlDecode(link.Value)).PathAndQuery;
    }

    private Task<OrganizationInvitation> InvitationToAsync(string email) => site.WithServicesAsync(s =>
        s.GetRequiredService<AwardsDbContext>().OrganizationInvitations.AsNoTracking().SingleAsync(i => i.Email == email));

    private static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task The_profile_is_saved_and_wrong_values_are_shown_next_to_their_fields()
    {
        var (client, organizationId) = await NomineeAsync("paul@example.org", "Paul's Contact Center");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Page));
        Assert.Single(Regex.Matches(page, "<h1[ >]"));
        Assert.Contains("value=\"Paul's Contact Center\"", page);
        Assert.Contains("First paul", page);
        Assert.Contains("Primary contact", page);
        Assert.Contains("There are no pending invitations.", page);
        Assert.Contains("href=\"/portal/organization\"", await client.GetStringAsync("/portal"));

        async Task<string> Refused(string name, string website, string message)
        {
            var response = await client.PostFormAsync(Page, new() { ["OfficialName"] = name, ["Website"] = website, ["IsClient"] = "true" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await HtmlAsync(response);
            Assert.Contains($"<p class=\"portal-error\" id=\"e-", html);
            Assert.Contains(message, html);
            return html;
        }

        var empty = await Refused("  ", "https://paul.example.org", "Enter the organization's official name.");
        Assert.Contains("aria-invalid=\"true\"", empty);
        Assert.Contains("value=\"https://paul.example.org\"", empty);
        await Refused(new string('x', 201), "", "The official name may have at most 200 characters; it has 201.");
        await Refused("Paul's Contact Center", "ftp://example.org", "Enter the website as a web address, such as https://example.org.");
        await Refused("Paul's Contact Center", "not a website", "Enter the website as a web address");
        await Refused("Paul's Contact Center", "javascript:alert(1)", "Enter the website as a web address");
        await Refused("Paul's Contact Center", "https://example.org/" + new string('a', 481), "The website address may have at most 500 characters.");
        var unchanged = await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId));
        Assert.Equal("Paul's Contact Center", unchanged.OfficialName);
        Assert.Null(unchanged.Website);
        Assert.False(unchanged.IsClient);

        var saved = await client.PostFormAsync(Page, new() { ["OfficialName"] = "  Paul's Care Center ", ["Website"] = "paul.example.org", ["IsClient"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(Page, saved.Headers.Location!.OriginalString);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(Page));
        Assert.Contains("The organization's profile was saved.", after);
        Assert.Contains("value=\"https://paul.example.org\"", after);
        var stored = await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId));
        Assert.Equal(("Paul's Care Center", "https://paul.example.org", true), (stored.OfficialName, stored.Website, stored.IsClient));
        Assert.Null(stored.LogoMediaKey);
    }

    [Fact]
    public async Task The_logo_goes_through_the_media_checks_and_only_the_organization_and_staff_see_it()
    {
        var (client, organizationId) = await NomineeAsync("lena@logo.example", "Logo Lovers Inc");
        Task<Organization> OrganizationAsync() => site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId));
        async Task<string> UploadAsync(byte[] file, string name)
        {
            var response = await client.PostFileAsync("/portal/organization/logo", "file", file, name, null, Page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return WebUtility.HtmlDecode(await client.GetStringAsync(Page));
        }

        Assert.Contains("SVG files are not accepted", await UploadAsync("<svg onload=alert(1)>"u8.ToArray(), "logo.png"));
        Assert.Contains("The logo must be a picture", await UploadAsync(SqmSite.Testing.TestImages.Pdf(), "logo.pdf"));
        Assert.Null((await OrganizationAsync()).LogoMediaKey);

        Assert.Contains("The logo was saved.", await UploadAsync(SqmSite.Testing.TestImages.Png(1200, 400), "logo.png"));
        var first = (await OrganizationAsync()).LogoMediaKey!.Value;
        var page = await client.GetStringAsync(Page);
        Assert.Contains($"/portal/organization/logo/{first}?width=320", page);
        var image = await client.GetAsync($"/portal/organization/logo/{first}?width=320");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Browser().GetAsync($"/media/{first}/logo.png?v=1&width=320")).StatusCode);

        // Another organization cannot open it; staff can, through the nomination's page.
        var (other, _) = await NomineeAsync("otto@logo.example", "Other Logos");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/portal/organization/logo/{first}?width=320")).StatusCode);
        var organizationKey = (await OrganizationAsync()).Key;
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/backoffice/awards/organizations/{organizationKey}/logo/{first}?width=160")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/backoffice/awards/organizations/{Guid.NewGuid()}/logo/{first}?width=160")).StatusCode);

        // Replacing deletes the old file; removing leaves none.
        await UploadAsync(SqmSite.Testing.TestImages.Jpeg(800, 800), "new logo.jpg");
        var second = (await OrganizationAsync()).LogoMediaKey!.Value;
        Assert.NotEqual(first, second);
        Assert.Null(await site.WithServicesAsync(s => s.GetRequiredService<SqmSite.Cms.Media.IPrivateMediaService>().GetPrivateAsync(first, Organization.MediaOwner(organizationKey))));
        var removed = await client.PostFormAsync("/portal/organization/logo?handler=Remove", new(), Page);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null((await OrganizationAsync()).LogoMediaKey);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/portal/organization/logo/{second}?width=320")).StatusCode);
    }

    [Fact]
    public async Task An_invited_colleague_accepts_once_and_sees_the_organizations_nominations()
    {
        var (client, organizationId) = await NomineeAsync("quinn@example.org", "Quinn Care");
        var category = site.Snapshot.ByUrl("/categories/email-channel/")!;
        await site.WithServicesAsync(async s =>
        {
            var (_, result) = await s.GetRequiredService<NominationService>().ApplyAsync(s.GetRequiredService<CycleCatalog>().Current!.Id, organizationId,
                category.Key, category.Name, "Every email answered completely.", false, "quinn@example.org");
            Assert.True(result.Succeeded, result.Message);
            return 0;
        });

        var invited = await InviteAsync(client, "Carl Colleague", "carl@example.org");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Page));
        Assert.Contains("We sent an invitation to carl@example.org.", page);
        Assert.Contains("carl@example.org", page);
        Assert.Contains("Carl Colleague", page);

        // The email went through the outbox with a working link; only the token's hash is stored.
        var mail = Assert.Single(await InvitationEmailsToAsync("carl@example.org"));
        Assert.True(mail.Confidential);
        Assert.Contains("First quinn invites you to work on Quinn Care", WebUtility.HtmlDecode(mail.Subject));
        Assert.Contains("7 days", mail.HtmlBody);
        var link = await LatestLinkToAsync("carl@example.org");
        var token = link.Split("token=")[1];
        var row = await InvitationToAsync("carl@example.org");
        Assert.Equal(OrganizationInvitation.HashToken(token), row.TokenHash);
        Assert.NotEqual(token, row.TokenHash);
        Assert.Equal(row.CreatedUtc.AddDays(7), row.ExpiresUtc);

        var colleague = site.Browser();
        var form = await HtmlAsync(await colleague.GetAsync(link));
        Assert.Contains("Quinn Care", form);
        Assert.Contains("value=\"carl@example.org\"", form);
        Assert.Contains("value=\"Carl Colleague\"", form);
        Assert.Single(Regex.Matches(form, "<h1[ >]"));

        var mismatch = await colleague.PostFormAsync(link, new() { ["Name"] = "Carl C.", ["Password"] = "Carls-Password-1", ["ConfirmPassword"] = "Carls-Password-2" }, link);
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("The two passwords are not the same.", await HtmlAsync(mismatch));

        var accepted = await colleague.PostFormAsync(link, new() { ["Name"] = "Carl C.", ["Password"] = "Carls-Password-1", ["ConfirmPassword"] = "Carls-Password-1" }, link);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/portal", accepted.Headers.Location!.OriginalString);
        var dashboard = WebUtility.HtmlDecode(await colleague.GetStringAsync("/portal"));
        Assert.Contains("you have joined your organization", dashboard);
        Assert.Contains("Quinn Care", dashboard);
        Assert.Contains(category.Name, dashboard);

        var (member, user, isNominee) = await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            var carl = (await users.FindByEmailAsync("carl@example.org"))!;
            var membership = await s.GetRequiredService<AwardsDbContext>().OrganizationMembers.AsNoTracking().SingleAsync(m => m.UserId == carl.Id);
            return (membership, carl, await users.IsInRoleAsync(carl, AwardsRoles.Nominee));
        });
        Assert.Equal(organizationId, member.OrganizationId);
        Assert.False(member.IsPrimaryContact);
        Assert.True(user.EmailConfirmed);
        Assert.Equal("Carl C.", user.DisplayName);
        Assert.True(isNominee);
        Assert.NotNull((await InvitationToAsync("carl@example.org")).AcceptedUtc);

        // The link works once.
        var again = site.Browser();
        var reopened = await again.GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, reopened.StatusCode);
        Assert.Contains("This invitation is no longer valid; ask your colleague to send a new one.", await HtmlAsync(reopened));
        var replayed = await again.PostFormAsync(link, new() { ["Name"] = "Mallory", ["Password"] = "Mallory-Password-1", ["ConfirmPassword"] = "Mallory-Password-1" }, "/portal/login");
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("This invitation is no longer valid", await HtmlAsync(replayed));

        // Both now see each other on the organization page, and no pending invitation.
        var members = WebUtility.HtmlDecode(await client.GetStringAsync(Page));
        Assert.Contains("Carl C.", members);
        Assert.Contains("There are no pending invitations.", members);
    }

    [Fact]
    public async Task Another_organization_neither_sees_nor_revokes_nor_resends_an_invitation_it_did_not_send()
    {
        var (a, _) = await NomineeAsync("rosa@example.org", "Rosa Ltd");
        var (b, _) = await NomineeAsync("sam@example.org", "Sam Inc");
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(a, "Dora", "dora@example.org")).StatusCode);
        var link = await LatestLinkToAsync("dora@example.org");
        var key = (await InvitationToAsync("dora@example.org")).Key;

        var theirs = await b.GetStringAsync(Page);
        Assert.DoesNotContain("dora@example.org", theirs);
        Assert.DoesNotContain("Rosa Ltd", theirs);
        Assert.DoesNotContain("rosa@example.org", theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostFormAsync($"{Page}?handler=Revoke&key={key}", new(), Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostFormAsync($"{Page}?handler=Resend&key={key}", new(), Page)).StatusCode);
        var untouched = await InvitationToAsync("dora@example.org");
        Assert.True(untouched.IsOpen);
        Assert.Single(await InvitationEmailsToAsync("dora@example.org"));
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().GetAsync(link)).StatusCode);

        // Its own organization may revoke it; the link then stops working.
        var revoked = await a.PostFormAsync($"{Page}?handler=Revoke&key={key}", new(), Page);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("The invitation was revoked", await a.GetStringAsync(Page));
        Assert.NotNull((await InvitationToAsync("dora@example.org")).RevokedUtc);
        var dead = await site.Browser().GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, dead.StatusCode);
        Assert.Contains("This invitation is no longer valid", await HtmlAsync(dead));
        await a.PostFormAsync($"{Page}?handler=Revoke&key={key}", new(), Page);
        Assert.Contains("was accepted or revoked already", await HtmlAsync(await a.GetAsync(Page)));
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_send_again_makes_a_new_one()
    {
        var (client, _) = await NomineeAsync("tara@example.org", "Tara Group");
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(client, "Erin", "erin@example.org")).StatusCode);
        var first = await LatestLinkToAsync("erin@example.org");
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().GetAsync(first)).StatusCode);

        site.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var visitor = site.Browser();
        var expired = await visitor.GetAsync(first);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("This invitation is no longer valid; ask your colleague to send a new one.", await HtmlAsync(expired));
        var posted = await visitor.PostFormAsync(first, new() { ["Name"] = "Erin", ["Password"] = "Erins-Password-1", ["ConfirmPassword"] = "Erins-Password-1" }, "/portal/login");
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Null(await site.WithServicesAsync(s => s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync("erin@example.org")));

        client = await SignInAsync("tara@example.org");
        Assert.Contains("Expired", await client.GetStringAsync(Page));
        var key = (await InvitationToAsync("erin@example.org")).Key;
        var resent = await client.PostFormAsync($"{Page}?handler=Resend&key={key}", new(), Page);
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Contains("sent again with a new link", await client.GetStringAsync(Page));
        Assert.Equal(2, (await InvitationEmailsToAsync("erin@example.org")).Count);
        var second = await LatestLinkToAsync("erin@example.org");
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.BadRequest, (await site.Browser().GetAsync(first)).StatusCode);

        // Sending again at once is refused: one address cannot be flooded from the site.
        var tooSoon = await client.PostFormAsync($"{Page}?handler=Resend&key={key}", new(), Page);
        Assert.Equal(HttpStatusCode.Redirect, tooSoon.StatusCode);
        Assert.Contains("was sent less than 10 minutes ago", System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(Page)));
        Assert.Equal(2, (await InvitationEmailsToAsync("erin@example.org")).Count);
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Existing_accounts_are_answered_as_new_ones_pending_addresses_are_refused_and_an_organization_has_at_most_twenty_pending()
    {
        var (client, organizationId) = await NomineeAsync("uma@example.org", "Uma Services");
        await NomineeAsync("victor@example.org", "Victor's Secret Org");

        // The page does not tell who has an account (issue 9, item 4): the same answer as for a new address; the
        // holder gets an email without a link instead of the invitation.
        foreach (var existing in new[] { SiteFactory.UserFor(BackofficeRoles.Editor), "Victor@Example.org" })
        {
            var answered = await InviteAsync(client, "Someone", existing);
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
            var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(Page));
            Assert.Contains($"We sent an invitation to {existing}.", html);
            Assert.DoesNotContain("Victor's Secret Org", html);
            Assert.Empty(await InvitationEmailsToAsync(existing.ToLowerInvariant()));
            var told = await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<EmailMessage>().AsNoTracking()
                .Where(m => m.TemplateAlias == InvitationService.AccountExistsTemplateAlias).ToListAsync());
            Assert.Contains(told, m => m.To.Any(t => t.Contains(existing, StringComparison.OrdinalIgnoreCase)) && !m.HtmlBody.Contains("/portal/invitation?token"));
        }

        var invalid = await HtmlAsync(await InviteAsync(client, "", "not-an-address"));
        Assert.Contains("Enter your colleague's name", invalid);
        Assert.Contains("Enter a valid email address", invalid);

        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(client, "Fay", "fay@example.org")).StatusCode);
        var duplicate = await InviteAsync(client, "Fay again", "FAY@example.org");
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("You have already invited fay@example.org and the invitation is still pending.", await HtmlAsync(duplicate));
        Assert.Contains("Send again", await HtmlAsync(duplicate));
        Assert.Single(await InvitationEmailsToAsync("fay@example.org"));

        // Seventeen more make twenty pending (with the two above); the twenty-first is refused until one is revoked.
        await site.WithServicesAsync(async s =>
        {
            var organization = await s.GetRequiredService<AwardsDbContext>().Organizations.SingleAsync(o => o.Id == organizationId);
            var inviter = (await s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync("uma@example.org"))!;
            for (var i = 1; i <= 17; i++)
            {
                var result = await s.GetRequiredService<InvitationService>().InviteAsync(organization, inviter.Id, $"Colleague {i}", $"colleague{i}@example.org", "http://localhost");
                Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
            }

            return 0;
        });
        var full = await InviteAsync(client, "One too many", "many@example.org");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Contains("Your organization has 20 pending invitations", await HtmlAsync(full));
        var fay = (await InvitationToAsync("fay@example.org")).Key;
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}?handler=Revoke&key={fay}", new(), Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(client, "Now there is room", "many@example.org")).StatusCode);
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_refused()
    {
        var (client, _) = await NomineeAsync("wes@example.org", "Wes Works");
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(client, "Xena", "xena@example.org")).StatusCode);
        var link = await LatestLinkToAsync("xena@example.org");
        var key = (await InvitationToAsync("xena@example.org")).Key;

        HttpContent Form(params (string, string)[] fields) => new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(Page, Form(("OfficialName", "Hijacked")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"{Page}?handler=Invite", Form(("InviteName", "Y"), ("InviteEmail", "y@example.org")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"{Page}?handler=Revoke&key={key}", Form())).StatusCode);
        var visitor = site.Browser();
        await visitor.GetAsync(link);
        var accept = await visitor.PostAsync(link, Form(("Name", "Xena"), ("Password", "Xenas-Password-1"), ("ConfirmPassword", "Xenas-Password-1")));
        Assert.Equal(HttpStatusCode.BadRequest, accept.StatusCode);

        Assert.Equal("Wes Works", await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Organizations.Where(o => o.OfficialName == "Wes Works").Select(o => o.OfficialName).SingleAsync()));
        Assert.True((await InvitationToAsync("xena@example.org")).IsOpen);
        Assert.Empty(await InvitationEmailsToAsync("y@example.org"));
    }

    [Fact]
    public void The_invitation_page_is_open_to_visitors_but_rate_limited_and_the_organization_page_needs_a_nominee()
    {
        var endpoints = site.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        var invitation = endpoints.Single(e => e.RoutePattern.RawText?.Trim('/') == "portal/invitation");
        Assert.NotNull(invitation.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>());
        Assert.Equal(SqmSite.Cms.DependencyInjection.PublicPostRateLimit, invitation.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
        var organization = endpoints.Single(e => e.RoutePattern.RawText?.Trim('/') == "portal/organization");
        Assert.Null(organization.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>());
        Assert.Contains(organization.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>(), a => a.Policy == AwardsPolicies.Nominee);
    }

    [Fact]
    public async Task Anonymous_visitors_and_backoffice_users_cannot_open_the_organization_page()
    {
        var anonymous = await site.Browser().GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/portal/login", anonymous.Headers.Location!.OriginalString);
        var editor = await site.SignedInAsync(BackofficeRoles.Editor);
        var refused = await editor.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/backoffice/access-denied", refused.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("https?://[^\"<\\s]+/portal/invitation\\?token=[^\"<\\s]+")]
    private static partial Regex InvitationLink();
}
