using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

public sealed class BackofficeTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string EditPage = "/backoffice/content/edit";

    private Dictionary<string, string> PageFields(string name, string segment, string summary = "A summary", string body = "<p>Body</p>") => new()
    {
        ["Name"] = name,
        ["UrlSegment"] = segment,
        ["Values[summary]"] = summary,
        ["Values[body]"] = body,
        ["type"] = "contentPage",
        ["ParentId"] = site.Snapshot.Home!.Id.ToString(),
    };

    private string NewPageUrl => $"{EditPage}?parentId={site.Snapshot.Home!.Id}&type=contentPage";

    private async Task<(HttpResponseMessage Response, string Html)> PostAsync(HttpClient client, string handler, int? id, Dictionary<string, string> fields)
    {
        var url = id is null ? $"{EditPage}?handler={handler}" : $"{EditPage}/{id}?handler={handler}";
        var response = await client.PostFormAsync(url, fields, id is null ? NewPageUrl : $"{EditPage}/{id}");
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_editor_creates_a_draft_then_publishes_it()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var segment = "bo-" + Guid.NewGuid().ToString("N")[..8];

        var (created, _) = await PostAsync(client, "Save", null, PageFields("Made in the backoffice", segment));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        Assert.Null(site.Snapshot.ByUrl($"/{segment}/"));

        var preview = await client.GetAsync($"/backoffice/preview/{id}");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Made in the backoffice", await preview.Content.ReadAsStringAsync());

        var (published, _) = await PostAsync(client, "Publish", id, PageFields("Made in the backoffice", segment));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().GetAsync($"/{segment}/")).StatusCode);
        var editor = await client.GetStringAsync($"{EditPage}/{id}");
        Assert.Contains("Saved and published.", editor);
    }

    [Fact]
    public async Task Bad_input_gets_messages_next_to_the_fields_and_the_saved_draft_is_kept()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var segment = "keep-" + Guid.NewGuid().ToString("N")[..8];
        var (created, _) = await PostAsync(client, "Publish", null, PageFields("Keep me", segment, "Original summary"));
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());

        // A missing required field, and a segment a sibling already uses.
        var fields = PageFields("Keep me", "categories", summary: "");
        var (response, html) = await PostAsync(client, "Publish", id, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Summary is required.", html);
        Assert.Contains("already uses the URL segment", html);
        Assert.Contains("value=\"categories\"", html);

        var versions = await site.WithServicesAsync(s => s.GetRequiredService<ContentService>().GetVersionsAsync(id));
        Assert.Single(versions);
        Assert.Equal("Original summary", site.Snapshot.ByUrl($"/{segment}/")!.Value("summary"));
    }

    [Fact]
    public async Task An_invalid_date_gets_a_message_not_a_500()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var form = await client.GetStringAsync(NewPageUrl);
        Assert.Contains("type=\"datetime-local\"", form);

        var fields = PageFields("Dated", "dated-" + Guid.NewGuid().ToString("N")[..8]);
        fields["Values[lastReviewed]"] = "2027-02-30T10:00";
        var (response, html) = await PostAsync(client, "Save", null, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Last reviewed must be a date and time such as 2027-09-30 23:59.", html);

        fields["Values[lastReviewed]"] = "2027-02-28T10:00";
        var (saved, _) = await PostAsync(client, "Publish", null, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(new DateTime(2027, 2, 28, 10, 0, 0), site.Snapshot.ByUrl($"/{fields["UrlSegment"]}/")!.Date("lastReviewed"));
    }

    [Fact]
    public async Task Script_in_rich_text_never_reaches_the_public_page()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var segment = "xss-" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(client, "Publish", null, PageFields("Xss", segment, body: "<p>Hello<script>alert('x')</script><img src=x onerror=alert(1)></p>"));

        var html = await site.Browser().GetStringAsync($"/{segment}/");
        Assert.Contains("Hello", html);
        Assert.DoesNotContain("alert(", html);
        Assert.DoesNotContain("onerror", html);
    }

    [Fact]
    public async Task A_refused_publish_shows_its_reason_and_keeps_the_draft()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Marketing);
        var segment = "refused-" + Guid.NewGuid().ToString("N")[..8];
        var (created, _) = await PostAsync(client, "Save", null, PageFields("Winner story", segment));
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        site.Refuse.Key = (await site.WithServicesAsync(s => s.GetRequiredService<ContentService>().GetNodeAsync(id)))!.Key;
        try
        {
            var (response, _) = await PostAsync(client, "Publish", id, PageFields("Winner story, edited", segment));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var editor = await client.GetStringAsync($"{EditPage}/{id}");
            Assert.Contains("The winner has not given consent to publish.", editor);
            Assert.Contains("Winner story, edited", editor);
            Assert.Null(site.Snapshot.ByUrl($"/{segment}/"));
        }
        finally
        {
            site.Refuse.Key = null;
        }
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused_with_400()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var response = await client.PostAsync($"{EditPage}?handler=Save", new FormUrlEncodedContent(PageFields("No token", "no-token")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(site.Snapshot.ByUrl("/no-token/"));
    }

    [Fact]
    public async Task An_oversized_post_is_refused_with_413_not_a_500()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var huge = new string('x', 3 * 1024 * 1024);
        var response = await client.PostFormAsync($"{EditPage}?handler=Save", PageFields("Huge", "huge", body: huge), NewPageUrl);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Rollback_through_the_versions_page_makes_a_new_draft()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var segment = "roll-" + Guid.NewGuid().ToString("N")[..8];
        var (created, _) = await PostAsync(client, "Publish", null, PageFields("First title", segment));
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        await PostAsync(client, "Publish", id, PageFields("Second title", segment));
        var first = (await site.WithServicesAsync(s => s.GetRequiredService<ContentService>().GetVersionsAsync(id))).Single(v => v.Number == 1);

        var versionsPage = await client.GetStringAsync($"/backoffice/content/versions/{id}");
        Assert.Contains("Second title", versionsPage);
        var response = await client.PostFormAsync($"/backoffice/content/versions/{id}?handler=Rollback",
            new() { ["versionId"] = first.Id.ToString() }, $"/backoffice/content/versions/{id}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("value=\"First title\"", await client.GetStringAsync($"{EditPage}/{id}"));
        Assert.Equal("Second title", site.Snapshot.ByUrl($"/{segment}/")!.Name);
    }

    [Fact]
    public async Task A_schedule_in_the_past_is_refused_with_a_message()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var faq = site.Snapshot.ByUrl("/faq/")!;
        var response = await client.PostFormAsync($"{EditPage}/{faq.Id}?handler=Schedule",
            new() { ["PublishAt"] = "2001-01-01T10:00", ["UnpublishAt"] = "not a date" }, $"{EditPage}/{faq.Id}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The message names the field by its visible label.
        Assert.Contains("Unpublish at: enter a date and time such as 2027-09-30 09:00.", html);
    }
}

public sealed class LoginTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Five_failed_logins_lock_the_account_even_for_the_right_password()
    {
        var email = "lockme@example.org";
        await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            var user = new BackofficeUser { UserName = email, Email = email, DisplayName = "Lock me" };
            await users.CreateAsync(user, SiteFactory.Password);
            return await users.AddToRoleAsync(user, BackofficeRoles.Editor);
        });

        var client = site.Browser();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostFormAsync("/backoffice/login", new() { ["Email"] = email, ["Password"] = "Wrong-password-1" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await client.PostFormAsync("/backoffice/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is locked", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_gets_one_message_that_reveals_no_accounts()
    {
        var client = site.Browser();
        var unknown = await (await client.PostFormAsync("/backoffice/login", new() { ["Email"] = "nobody@example.org", ["Password"] = "x" })).Content.ReadAsStringAsync();
        Assert.Contains("The email or password is not right.", unknown);
    }

    [Fact]
    public async Task A_login_post_without_antiforgery_token_is_a_400()
    {
        var response = await site.Browser().PostAsync("/backoffice/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = SiteFactory.UserFor(BackofficeRoles.Editor), ["Password"] = SiteFactory.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_return_url_cannot_send_a_user_off_site()
    {
        var client = site.Browser();
        var response = await client.PostFormAsync("/backoffice/login?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            new() { ["Email"] = SiteFactory.UserFor(BackofficeRoles.Editor), ["Password"] = SiteFactory.Password, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal("/backoffice", response.Headers.Location!.OriginalString);
    }
}

public sealed class InstallTests(FreshSiteFactory site) : IClassFixture<FreshSiteFactory>
{
    [Fact]
    public async Task Without_settings_the_first_administrator_is_created_through_the_one_time_link()
    {
        var client = site.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/backoffice/install")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/backoffice/install?token=guess")).StatusCode);

        // The token is what the console printed at start-up; the test reads it from the same service.
        var token = site.Services.GetRequiredService<InstallToken>();
        var value = token.Issue();
        var weak = await client.PostFormAsync($"/backoffice/install?token={value}",
            new() { ["Token"] = value, ["Name"] = "Ada", ["Email"] = "ada@example.org", ["Password"] = "short" }, $"/backoffice/install?token={value}");
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("Passwords must be at least 10 characters.", await weak.Content.ReadAsStringAsync());

        var ok = await client.PostFormAsync($"/backoffice/install?token={value}",
            new() { ["Token"] = value, ["Name"] = "Ada", ["Email"] = "ada@example.org", ["Password"] = SiteFactory.Password }, $"/backoffice/install?token={value}");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/backoffice/users")).StatusCode);

        // The link is spent.
        Assert.Equal(HttpStatusCode.NotFound, (await site.Browser().GetAsync($"/backoffice/install?token={value}")).StatusCode);
    }
}
