using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>
/// The probe's bad requests, one by one: values that do not fit their field, unknown and missing handlers, and bodies
/// that cannot be read. None may answer 5xx, or lose its status to a "not found" page.
/// </summary>
public sealed class BadInputTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task A_checkbox_posted_as_banana_shows_the_registration_again_saying_what_is_wrong()
    {
        var response = await site.Browser().PostFormAsync("/portal/register", new()
        {
            ["OrganizationName"] = "Banana Ltd", ["Name"] = "Ann", ["Email"] = "banana@example.org", ["Password"] = SiteFactory.Password, ["IsClient"] = "banana",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is a tick box: tick it or leave it empty.", page);
        Assert.Contains("value=\"Banana Ltd\"", page); // what was typed is kept
    }

    [Fact]
    public async Task Remember_me_posted_as_sure_shows_the_backoffice_login_again()
    {
        var response = await site.Browser().PostFormAsync("/backoffice/login", new()
        {
            ["Email"] = SiteFactory.UserFor(BackofficeRoles.Editor), ["Password"] = SiteFactory.Password, ["RememberMe"] = "sure",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is a tick box: tick it or leave it empty.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_form_alias_is_refused_with_a_message_not_a_crash()
    {
        var admin = await site.SignedInAsync(BackofficeRoles.Administrator);
        var response = await admin.PostFormAsync("/backoffice/forms", new() { ["Name"] = "Survey", ["Alias"] = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("alias", (await response.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Theory]
    [InlineData("/backoffice/forms?handler=banana", "no action by the name")]
    [InlineData("/backoffice/content/edit/1?handler=banana", "no action by the name")]
    [InlineData("/backoffice/content/edit/1", "without saying which of its buttons")]
    public async Task A_post_with_an_unknown_or_missing_handler_answers_400_with_a_page_that_says_so(string url, string words)
    {
        var admin = await site.SignedInAsync(BackofficeRoles.Administrator);
        var response = await admin.PostFormAsync(url, new() { ["Name"] = "x" }, formPageUrl: "/backoffice/forms");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("That request could not be handled", page);
        Assert.Contains(words, page);
    }

    [Fact]
    public async Task A_nul_or_another_control_character_in_a_value_answers_400_with_the_reason()
    {
        // ASP.NET Core's form reader itself refuses a NUL (an unreadable body); other control characters reach the check.
        var nul = await site.Browser().PostFormAsync("/backoffice/login", new() { ["Email"] = "a\0b@example.org", ["Password"] = "x" });
        await AssertRefusedAsync(nul, HttpStatusCode.BadRequest, "could not be read");
        var control = await site.Browser().PostFormAsync("/backoffice/login", new() { ["Email"] = "a\u0001b@example.org", ["Password"] = "x" });
        await AssertRefusedAsync(control, HttpStatusCode.BadRequest, "control character");
        var query = await site.Browser().GetAsync("/backoffice/login?ReturnUrl=%00");
        await AssertRefusedAsync(query, HttpStatusCode.BadRequest, "control character");
    }

    [Fact]
    public async Task More_than_1024_fields_answer_413_with_the_right_page()
    {
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>("f" + i, "x"));
        var response = await site.Browser().PostAsync("/backoffice/login", new FormUrlEncodedContent(fields));
        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "more than the site accepts");
    }

    [Fact]
    public async Task A_value_over_one_megabyte_answers_400_or_413_with_the_right_page()
    {
        var response = await site.Browser().PostFormAsync("/portal/register", new() { ["OrganizationName"] = new string('a', 1_100_000) });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.OK, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("couldn&#x27;t find", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_broken_multipart_body_answers_400_with_the_right_page_and_problem_details_under_api()
    {
        var admin = await site.SignedInAsync(BackofficeRoles.Administrator);
        await AssertRefusedAsync(await site.Browser().PostAsync("/backoffice/login", BrokenMultipart()), HttpStatusCode.BadRequest, "could not be read");
        await AssertRefusedAsync(await admin.PostAsync("/backoffice/forms", BrokenMultipart()), HttpStatusCode.BadRequest, "could not be read");

        var api = await admin.PostAsync("/api/backoffice/media", BrokenMultipart());
        Assert.True(api.StatusCode == HttpStatusCode.BadRequest, $"{(int)api.StatusCode}");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_a_page_naming_the_limit_not_an_empty_413()
    {
        var response = await site.Browser().PostAsync("/backoffice/login", new ByteArrayContent(new byte[3 * 1024 * 1024])
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") },
        });
        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than the 2 MB this page accepts");
    }

    internal static HttpContent BrokenMultipart()
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue-without-an-end"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XYZ");
        return content;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string words)
    {
        var page = await response.Content.ReadAsStringAsync();
        var lead = System.Text.RegularExpressions.Regex.Match(page, "<p class=\"lead\">(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {lead}");
        Assert.True(page.Contains(words, StringComparison.Ordinal), $"{(int)response.StatusCode}: {lead}");
        Assert.DoesNotContain("couldn&#x27;t find", page);
    }
}
