using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;
using SqmSite.Cms.Security;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Web.Tests;

/// <summary>
/// The webhook pages in the whole site, in Production: administrators only, every bad input a message beside its field
/// (never a 500), and receivers on this machine or a private network refused without the setting.
/// </summary>
public sealed class WebhookPagesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string NewPage = "/backoffice/webhooks/new";

    private static IEnumerable<KeyValuePair<string, string>> Fields(string name, string url, params string[] events) =>
        [new("Name", name), new("Url", url), .. events.Select(e => new KeyValuePair<string, string>("Events", e)), new("Enabled", "true"), new("Enabled", "false")];

    [Theory]
    [InlineData("", "https://example.org/hooks", "content.published", "Enter a name")]
    [InlineData("Main website", "not a url", "content.published", "Enter a complete http:// or https:// address")]
    [InlineData("Main website", "http://127.0.0.1:5000/hook", "content.published", "webhooks post only to public addresses")]
    [InlineData("Main website", "http://169.254.169.254/latest/meta-data", "content.published", "webhooks post only to public addresses")]
    [InlineData("Main website", "https://example.org/hooks", "", "Choose at least one event")]
    [InlineData("Main website", "https://example.org/hooks", "no.such.event", "is not an event webhooks can receive")]
    public async Task Bad_input_is_refused_with_a_message_beside_its_field(string name, string url, string @event, string message)
    {
        var client = await site.SignedInAsync(BackofficeRoles.Administrator);
        var response = await client.PostMultiValueFormAsync(NewPage, Fields(name, url, @event.Length == 0 ? [] : [@event]), NewPage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Matches("<p class=\"bo-field-error\" id=\"error-(Name|Url|Events)\">", html);
        Assert.Equal(0, await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<Webhook>().CountAsync(w => w.Name == name && w.Url.StartsWith(url))));
    }

    [Fact]
    public async Task A_very_long_name_and_address_are_refused_not_a_500()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Administrator);
        var response = await client.PostMultiValueFormAsync(NewPage,
            Fields(new string('n', 5000), "https://example.org/" + new string('a', 5000), "content.published"), NewPage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The name is longer than 200 characters.", html, StringComparison.Ordinal);
        Assert.Contains("The address is longer than 2000 characters.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_shows_the_secret_once_and_unticking_enabled_disables()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Administrator);
        var created = await client.PostMultiValueFormAsync(NewPage, Fields("Firm website", "https://example.org/hooks/awards", "content.published", "winner.announced"), NewPage);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editUrl = created.Headers.Location!.OriginalString;

        var first = await client.GetStringAsync(editUrl);
        Assert.Matches("id=\"secret-token\" value=\"whsec_[A-Za-z0-9_-]{43}\"", first);
        Assert.DoesNotContain("whsec_", await client.GetStringAsync(editUrl), StringComparison.Ordinal);

        // An unticked box posts only the hidden "false".
        var saved = await client.PostMultiValueFormAsync(editUrl,
            [new("Name", "Firm website"), new("Url", "https://example.org/hooks/awards"), new("Events", "content.published"), new("Enabled", "false")], editUrl);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var webhook = await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<Webhook>().AsNoTracking().SingleAsync(w => w.Name == "Firm website"));
        Assert.False(webhook.Enabled);
        Assert.Equal(["content.published"], webhook.Events);
        Assert.Contains("Disabled by", webhook.DisabledReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BackofficeRoles.Editor)]
    [InlineData(BackofficeRoles.AwardsStaff)]
    [InlineData(BackofficeRoles.Marketing)]
    public async Task Only_administrators_reach_the_pages(string role)
    {
        var client = await site.SignedInAsync(role);
        foreach (var url in new[] { "/backoffice/webhooks", NewPage, $"/backoffice/webhooks/{Guid.NewGuid()}", $"/backoffice/webhooks/{Guid.NewGuid()}/deliveries" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{role} on {url}: {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.Contains("access-denied", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
