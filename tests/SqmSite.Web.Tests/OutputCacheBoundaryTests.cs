using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SqmSite.Web.Tests;

/// <summary>The site half a second before midnight in New York (the seed cycle's zone), during applications.</summary>
public sealed class BeforeMidnightSiteFactory : SiteFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 4, 59, 59, 500, TimeSpan.Zero));

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Cached pages that count days to a deadline go stale at midnight in the cycle's zone, not up to ten minutes later.</summary>
public sealed partial class OutputCacheBoundaryTests(BeforeMidnightSiteFactory site) : IClassFixture<BeforeMidnightSiteFactory>
{
    [Fact]
    public async Task A_cached_page_that_counts_days_expires_at_the_next_local_midnight()
    {
        var client = site.Browser();
        var before = DaysToNextStep(await client.GetStringAsync("/the-process/"));
        Assert.Equal(before, DaysToNextStep(await client.GetStringAsync("/the-process/")));

        // Midnight passes in New York; the page cached half a second before it may live only until then.
        site.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(before - 1, DaysToNextStep(await client.GetStringAsync("/the-process/")));
    }

    private static int DaysToNextStep(string html)
    {
        var match = NextStep().Match(html);
        Assert.True(match.Success, "no \"Next: ... in N days\" in the page header");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Next:</span>[^<]*?in (\d+) days", RegexOptions.Singleline)]
    private static partial Regex NextStep();
}
