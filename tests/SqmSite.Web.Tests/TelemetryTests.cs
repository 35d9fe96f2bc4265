using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Telemetry;

namespace SqmSite.Web.Tests;

/// <summary>A site with Prometheus on: the scrape names the requests and the site's own queues; off by default.</summary>
public sealed class TelemetryTests(TelemetryTests.PrometheusSite site) : IClassFixture<TelemetryTests.PrometheusSite>
{
    public sealed class PrometheusSite : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("SqmSite:Telemetry:Prometheus", "true");
        }
    }

    [Fact]
    public async Task The_scrape_has_request_durations_the_queues_and_the_lag()
    {
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        // The gauges are sampled in the background; a sample taken now is what the next scrape shows.
        await site.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<TelemetrySampler>().Single().SampleAsync(default);

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds", metrics);
        Assert.Contains("sqmsite_outbox_queued", metrics);
        Assert.Contains("sqmsite_webhooks_pending", metrics);
        Assert.Contains("sqmsite_changelog_behind", metrics);
        Assert.Contains("sqmsite_content_snapshot_duration_seconds", metrics);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_scrape_endpoint()
    {
        await using var plain = new SiteFactory();
        await ((IAsyncLifetime)plain).InitializeAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await plain.CreateClient().GetAsync("/metrics")).StatusCode);
    }
}
