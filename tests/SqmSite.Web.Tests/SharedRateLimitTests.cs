using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace SqmSite.Web.Tests;

/// <summary>The public posts' limit holds across instances on PostgreSQL: posts to either count in one window.</summary>
public sealed class SharedRateLimitTests(SharedRateLimitTests.LowLimitSite site) : IClassFixture<SharedRateLimitTests.LowLimitSite>
{
    public const int Limit = 3;

    public sealed class LowLimitSite : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("SqmSite:PublicPostsPerMinute", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private sealed class LowLimitSecond(Testing.TestDatabase shared) : SiteFactory(shared)
    {
        protected override string SearchRoot => Database.SearchRootFor("limits");

        protected override string InstanceName => "second";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("SqmSite:PublicPostsPerMinute", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task An_address_gets_its_posts_a_minute_across_instances_not_on_each()
    {
        // Not across a minute's end: the window would start again in the middle.
        if (DateTime.UtcNow.Second >= 50)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - DateTime.UtcNow.Second));
        }

        await using var second = new LowLimitSecond(site.Database);
        await ((IAsyncLifetime)second).InitializeAsync();
        var first = site.Browser();
        var other = second.Browser();
        async Task<HttpStatusCode> ForgotAsync(HttpClient client) =>
            (await client.PostFormAsync("/portal/forgot", new() { ["Email"] = "someone@example.org" })).StatusCode;

        // A, B, A: the limit of three used up between them.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await ForgotAsync(first));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await ForgotAsync(other));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await ForgotAsync(first));
        if (!site.Database.IsPostgres)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await ForgotAsync(first));
        }

        var fourth = await other.PostFormAsync("/portal/forgot", new() { ["Email"] = "someone@example.org" });
        if (site.Database.IsPostgres)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
            Assert.True(fourth.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            Assert.Equal(HttpStatusCode.TooManyRequests, await ForgotAsync(first));
        }
        else
        {
            // SQLite runs one instance: each host counts its own, so this was the other's second post, and the first's
            // fourth is its own fourth.
            Assert.NotEqual(HttpStatusCode.TooManyRequests, fourth.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, await ForgotAsync(first));
        }
    }
}
