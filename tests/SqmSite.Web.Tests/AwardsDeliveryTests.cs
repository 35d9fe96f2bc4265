using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Winners;
using SqmSite.Cms.ApiKeys;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// The awards part of the delivery API over HTTP: the current cycle, the categories and the winners in the shapes the
/// OpenAPI document gives; bad parameters are 400 with a message; a winner is listed only while it is published with its
/// consent in force, and a withdrawal takes it out of an answer the cache already holds.
/// </summary>
public sealed class AwardsDeliveryTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Awards = "/api/delivery/v1/awards";
    private static int _category;

    private AwardCycle Current => site.Services.GetRequiredService<CycleCatalog>().Current!;

    [Fact]
    public async Task The_current_cycle_gives_its_steps_their_dates_and_the_open_step_in_the_documented_shape_with_an_etag()
    {
        var response = await site.Browser().GetAsync(Awards + "/cycles/current");
        var cycle = await JsonAsync(response);

        Assert.Equal(Current.Year, (int)cycle["year"]!);
        Assert.Equal(Current.Key, Guid.Parse((string)cycle["id"]!));
        Assert.Equal([Current.Year - 2, Current.Year - 1], cycle["ratingsYears"]!.AsArray().Select(y => (int)y!));
        Assert.Equal("America/New_York", (string)cycle["timeZone"]!);
        var steps = cycle["steps"]!.AsArray();
        Assert.Equal(["application", "eligibilityChecklist", "finalistSelection", "nominationStory", "winners"], steps.Select(s => (string)s!["kind"]!));
        var open = steps.Where(s => (string)s!["state"]! == "open").Select(s => (string)s!["kind"]!).SingleOrDefault();
        Assert.Equal(open, (string?)cycle["openStep"]);
        Assert.All(steps, s => Assert.Contains((string)s!["state"]!, new[] { "done", "open", "upcoming" }));

        // Instants with the cycle's offset: the applications deadline is 23:59 in New York.
        var close = DateTimeOffset.Parse((string)steps[0]!["end"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Current.Dates.ApplicationsCloseUtc, close.UtcDateTime);
        Assert.Equal(new TimeSpan(23, 59, 0), close.TimeOfDay);
        Assert.EndsWith("/awards/categories?year=" + Current.Year, (string)cycle["categories"]!);
        await AssertShapeAsync(cycle, "AwardCycle");
        await AssertShapeAsync(steps[2]!.AsObject(), "CycleStep");
        await AssertShapeAsync(steps[2]!["dates"]![0]!.AsObject(), "CycleDate");
        await AssertShapeAsync(cycle["gala"]!.AsObject(), "GalaDates");
        if (cycle["nextMilestone"] is JsonObject next)
        {
            await AssertShapeAsync(next, "CycleMilestone");
        }

        var etag = response.Headers.ETag!.Tag;
        var again = await site.Browser().SendAsync(new HttpRequestMessage(HttpMethod.Get, Awards + "/cycles/current") { Headers = { { "If-None-Match", etag } } });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task The_categories_are_the_cycle_s_guideline_pages_as_content_items()
    {
        var list = await JsonAsync(await site.Browser().GetAsync(Awards + "/categories"));
        Assert.Equal(Current.Year, (int)list["year"]!);
        var items = list["items"]!.AsArray();
        Assert.Equal(Current.CategoryKeys.Count, (int)list["total"]!);
        Assert.Equal(Current.CategoryKeys, items.Select(i => Guid.Parse((string)i!["id"]!)));
        var first = items[0]!;
        Assert.Equal("categoryPage", (string)first["contentType"]!);
        Assert.Equal("Omni-Channel", (string)first["name"]!);
        Assert.Equal("/categories/omni-channel/", (string)first["route"]!["path"]!);
        Assert.Contains("<p>", (string)first["properties"]!["overview"]!["markup"]!);
        Assert.InRange(first["properties"]!["categoryQuestions"]!.AsArray().Count, 3, 6);
        Assert.False(string.IsNullOrWhiteSpace((string?)first["properties"]!["summary"]));
        await AssertShapeAsync(list, "CategoryList");
        await AssertShapeAsync(first.AsObject(), "ContentItem");

        var summaries = await JsonAsync(await site.Browser().GetAsync(Awards + "/categories?year=" + Current.Year + "&fields=properties[summary]"));
        Assert.Equal(["summary"], summaries["items"]![0]!["properties"]!.AsObject().Select(p => p.Key));

        var none = await site.Browser().GetAsync(Awards + "/categories?year=2001");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no award cycle for 2001", await none.Content.ReadAsStringAsync());
        await AssertInvalidAsync("/categories?year=twenty", "year");
        await AssertInvalidAsync("/categories?fields=properties[", "fields");
    }

    [Fact]
    public async Task Only_a_published_winner_with_consent_is_listed_never_one_without_consent_or_unpublished()
    {
        var listed = await WinnerAsync("Listed Winner Co", consent: true, publish: true);
        var unconsented = await WinnerAsync("Unconsented Winner Co", consent: false, publish: true);
        var draft = await WinnerAsync("Draft Winner Co", consent: true, publish: false);
        Assert.Null(site.Snapshot.ByKey(unconsented.StoryKey));

        var year = Current.Year - 2;
        var list = await JsonAsync(await site.Browser().GetAsync($"{Awards}/winners?year={year}"));
        var text = list.ToJsonString();
        Assert.DoesNotContain("Unconsented Winner Co", text);
        Assert.DoesNotContain("Draft Winner Co", text);
        var winner = Assert.Single(list["items"]!.AsArray(), i => (string)i!["organization"]! == "Listed Winner Co")!;
        Assert.Equal(listed.StoryKey, Guid.Parse((string)winner["id"]!));
        Assert.Equal(year, (int)winner["year"]!);
        Assert.Equal(listed.Category.Key, Guid.Parse((string)winner["category"]!["id"]!));
        Assert.Equal(listed.Category.Name, (string)winner["category"]!["name"]!);
        Assert.StartsWith($"/winners/{year}/", (string)winner["route"]!["path"]!);
        Assert.Equal("Image", (string)winner["logo"]!["mediaType"]!);
        Assert.Equal([year - 2, year - 1], winner["results"]!.AsArray().Select(r => (int)r!["year"]!));
        Assert.Equal(78m, (decimal)winner["results"]![0]!["fcr"]!);
        await AssertShapeAsync(list, "WinnerList");
        await AssertShapeAsync(winner.AsObject(), "Winner");
        await AssertShapeAsync(winner["category"]!.AsObject(), "WinnerCategory");
        await AssertShapeAsync(winner["results"]![0]!.AsObject(), "WinnerResult");

        // By the category's name (any case) or its id; another category or year has none of them.
        foreach (var category in new[] { listed.Category.Name.ToUpperInvariant(), listed.Category.Key.ToString() })
        {
            var byCategory = await JsonAsync(await site.Browser().GetAsync($"{Awards}/winners?year={year}&category={Uri.EscapeDataString(category)}"));
            Assert.Equal(1, (int)byCategory["total"]!);
            Assert.Equal("Listed Winner Co", (string)byCategory["items"]![0]!["organization"]!);
        }

        var other = await JsonAsync(await site.Browser().GetAsync($"{Awards}/winners?category={Uri.EscapeDataString(draft.Category.Name)}"));
        Assert.Equal(0, (int)other["total"]!);
        var otherYear = await JsonAsync(await site.Browser().GetAsync($"{Awards}/winners?year={year - 1}"));
        Assert.DoesNotContain("Listed Winner Co", otherYear.ToJsonString());

        // take=0 counts without listing.
        var counted = await JsonAsync(await site.Browser().GetAsync($"{Awards}/winners?year={year}&take=0"));
        Assert.Equal((int)list["total"]!, (int)counted["total"]!);
        Assert.Empty(counted["items"]!.AsArray());
    }

    [Theory]
    [InlineData("/winners?year=abc", "year")]
    [InlineData("/winners?year=1999", "year")]
    [InlineData("/winners?take=101", "take")]
    [InlineData("/winners?take=-1", "take")]
    [InlineData("/winners?skip=many", "skip")]
    [InlineData("/winners?category=Best%20Coffee", "category")]
    [InlineData("/winners?category=00000000-0000-0000-0000-000000000001", "category")]
    public Task Bad_winner_parameters_are_400_with_a_message_naming_the_parameter(string query, string parameter) => AssertInvalidAsync(query, parameter);

    [Fact]
    public async Task Withdrawing_consent_takes_a_listed_winner_out_of_the_answer_the_cache_holds()
    {
        var winner = await WinnerAsync("Withdrawing Winner Co", consent: true, publish: true);
        var url = $"{Awards}/winners?year={Current.Year - 2}";
        var first = await site.Browser().GetAsync(url);
        Assert.Contains("Withdrawing Winner Co", (await JsonAsync(first)).ToJsonString());
        var cached = await site.Browser().SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "If-None-Match", first.Headers.ETag!.Tag } } });
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);

        var withdrawn = await site.WithServicesAsync(s => s.GetRequiredService<ConsentService>()
            .WithdrawAsync(winner.NominationKey, DateOnly.FromDateTime(DateTime.UtcNow), "Asked to stop.", "staff"));
        Assert.True(withdrawn.Succeeded, withdrawn.Message);

        var after = await site.Browser().SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "If-None-Match", first.Headers.ETag!.Tag } } });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain("Withdrawing Winner Co", (await JsonAsync(after)).ToJsonString());
    }

    [Fact]
    public async Task A_withdrawal_whose_take_down_did_not_happen_still_hides_the_winner()
    {
        var winner = await WinnerAsync("Stuck Winner Co", consent: true, publish: true);
        var url = $"{Awards}/winners?year={Current.Year - 2}&category={winner.Category.Key}";
        Assert.Equal(1, (int)(await JsonAsync(await site.Browser().GetAsync(url)))["total"]!);

        // The consent ends in the record, but the story stays live (as when unpublishing failed after the withdrawal).
        await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var nominationId = await db.Nominations.Where(n => n.Key == winner.NominationKey).Select(n => n.Id).SingleAsync();
            await db.Set<WinnerConsent>().Where(c => c.NominationId == nominationId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.WithdrawalRecordedUtc, DateTime.UtcNow));
            await s.GetRequiredService<IEventAggregator>().PublishAsync(new WinnerConsentChangedNotification());
            return 0;
        });

        Assert.NotNull(site.Snapshot.ByKey(winner.StoryKey));
        Assert.Equal(0, (int)(await JsonAsync(await site.Browser().GetAsync(url)))["total"]!);
    }

    [Fact]
    public async Task A_preview_key_gets_the_published_answer_and_it_is_never_stored_for_others()
    {
        var draft = await WinnerAsync("Preview Draft Co", consent: true, publish: false);
        var token = await DeliveryApiTests.KeyAsync(site, ApiKeyScope.Preview);
        foreach (var path in new[] { "/winners", "/categories", "/cycles/current" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Awards + path) { Headers = { { "Api-Key", token }, { "Preview", "true" } } };
            var response = await site.Browser().SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
            Assert.DoesNotContain("Preview Draft Co", await response.Content.ReadAsStringAsync());
        }

        Assert.Null(site.Snapshot.ByKey(draft.StoryKey));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_awards_routes_and_says_they_are_published_only()
    {
        var document = JsonNode.Parse(await site.Browser().GetStringAsync("/openapi/v1.json"))!;
        foreach (var path in new[] { "/cycles/current", "/categories", "/winners" })
        {
            var get = document["paths"]![Awards + path]!["get"]!;
            Assert.Contains("Published content only", (string)get["description"]!);
            Assert.Equal("Awards", (string)get["tags"]![0]!);
        }

        var winners = document["paths"]![Awards + "/winners"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!);
        Assert.Equal(["year", "category", "skip", "take"], winners);
    }

    /// <summary>A declared winner in the cycle two years back, in a category of its own.</summary>
    private Task<(Guid NominationKey, Guid StoryKey, PublishedContent Category)> WinnerAsync(string organization, bool consent, bool publish) =>
        site.WithServicesAsync(async s =>
        {
            var cycle = await PastCycleAsync(s);
            var page = site.Snapshot.All.Where(c => c.ContentTypeAlias == "categoryPage").OrderBy(c => c.Name).ElementAt(Interlocked.Increment(ref _category));
            var (nomination, story) = await DeclaredWinners.AddAsync(s, cycle, page.Key, page.Name, organization, consent);
            if (publish)
            {
                var published = await s.GetRequiredService<ContentService>().PublishAsync(story.Id, "marketing");
                Assert.Equal(consent, published.Succeeded);
            }

            return (nomination.Key, story.Key, page);
        });

    private async Task<AwardCycle> PastCycleAsync(IServiceProvider s)
    {
        var year = Current.Year - 2;
        if (s.GetRequiredService<CycleCatalog>().All.FirstOrDefault(c => c.Year == year) is { } existing)
        {
            return existing;
        }

        var (cycle, problems) = await s.GetRequiredService<CycleService>().CreateAsync($"Test {year}", year, Current.TimeZoneId,
            Current.Dates.Shifted(TimeSpan.FromDays(-365.25 * 2)), Current.CategoryKeys.ToList());
        Assert.Empty(problems);
        return cycle!;
    }

    private async Task AssertInvalidAsync(string query, string parameter)
    {
        var response = await site.Browser().GetAsync(Awards + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(parameter, (string)problem["detail"]!, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The answer's properties are the ones the OpenAPI document gives its schema, no more and no fewer.</summary>
    private async Task AssertShapeAsync(JsonObject answer, string schema)
    {
        var document = JsonNode.Parse(await site.Browser().GetStringAsync("/openapi/v1.json"))!;
        var documented = document["components"]!["schemas"]![schema]!["properties"]!.AsObject().Select(p => p.Key).Order();
        Assert.Equal(documented, answer.Select(p => p.Key).Order());
    }
}

/// <summary>The current cycle's answer counts days to its next deadline: a cached one ends at midnight in the cycle's zone.</summary>
public sealed class AwardsDeliveryClockTests(BeforeMidnightSiteFactory site) : IClassFixture<BeforeMidnightSiteFactory>
{
    [Fact]
    public async Task A_cached_current_cycle_answer_ends_at_the_next_local_midnight()
    {
        const string Url = "/api/delivery/v1/awards/cycles/current";
        var client = site.Browser();
        var before = await DaysAwayAsync(await client.GetAsync(Url));
        var cached = await client.GetAsync(Url);
        Assert.NotNull(cached.Headers.Age);
        Assert.Equal(before, await DaysAwayAsync(cached));

        // Midnight passes in New York; the answer cached half a second before it may live only until then.
        site.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(before - 1, await DaysAwayAsync(await client.GetAsync(Url)));
    }

    private static async Task<int> DaysAwayAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["nextMilestone"]!["daysAway"]!;
    }
}
