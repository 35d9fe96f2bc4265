using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Winners;
using SqmSite.Cms.ApiKeys;
using SqmSite.Cms.Content;
using SqmSite.Cms.Media;

namespace SqmSite.Web.Tests;

/// <summary>The delivery API with a browser origin allowed, the demo winners loaded and a rate limit the tests do not reach.</summary>
public sealed class DeliverySiteFactory : SiteFactory
{
    public const string Origin = "https://app.example.org";

    private readonly SemaphoreSlim _demo = new(1, 1);
    private bool _demoLoaded;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:Delivery:CorsOrigins:0", Origin);
        builder.UseSetting("SqmSite:Delivery:RequestsPerMinute", "100000");
    }

    /// <summary>Fictitious winners of two announced years (the <c>--demo</c> loader), once for the class.</summary>
    public async Task DemoAsync()
    {
        await _demo.WaitAsync();
        try
        {
            if (!_demoLoaded)
            {
                await WithServicesAsync(s => s.GetRequiredService<DemoWinners>().LoadAsync());
                _demoLoaded = true;
            }
        }
        finally
        {
            _demo.Release();
        }
    }
}

/// <summary>Calls to the delivery API as a client makes them: the shapes, the queries, the errors, preview, caching and the change feed.</summary>
public sealed class DeliveryApiTests(DeliverySiteFactory site) : IClassFixture<DeliverySiteFactory>
{
    private const string Api = "/api/delivery/v1";

    internal static async Task<string> KeyAsync(SiteFactory site, ApiKeyScope scope) => await site.WithServicesAsync(async s =>
    {
        var keys = s.GetRequiredService<IApiKeyService>();
        var issued = await keys.CreateAsync("Tests " + Guid.NewGuid().ToString("N")[..6], scope, DateTime.UtcNow.AddDays(1), "test");
        // Validated once, as its first call would: from then on the rate limit counts it on its own.
        Assert.NotNull(await keys.ValidateAsync(issued.Value!.Token));
        return issued.Value!.Token;
    });

    internal static HttpRequestMessage Get(string url, string? bearer = null, bool preview = false, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("Api-Key", apiKey);
        }

        if (preview)
        {
            request.Headers.Add("Preview", "true");
        }

        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> CallAsync(HttpRequestMessage request)
    {
        var response = await site.Browser().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default, response);
    }

    private Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> CallAsync(string url) => CallAsync(Get(url));

    private async Task<JsonElement> OkAsync(string url)
    {
        var (status, json, response) = await CallAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {(int)status} {json}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return json;
    }

    private async Task<string> ProblemAsync(string url, HttpStatusCode expected, HttpRequestMessage? request = null)
    {
        var (status, json, response) = await CallAsync(request ?? Get(url));
        Assert.True(status == expected, $"{url}: {(int)status} {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((int)expected, json.GetProperty("status").GetInt32());
        return json.GetProperty("detail").GetString()!;
    }

    private static IEnumerable<string> Names(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!);

    /// <summary>A published content page below the home page (or <paramref name="parentId"/>), with a unique segment unless one is given.</summary>
    private async Task<Page> PublishedPageAsync(string name, int? parentId = null, string? segment = null, string contentType = "contentPage") => await site.WithServicesAsync(async s =>
    {
        segment ??= "api-" + Guid.NewGuid().ToString("N")[..8];
        var created = await s.GetRequiredService<ContentService>().CreateAndPublishAsync(parentId ?? site.Snapshot.Home!.Id, contentType,
            new ContentEdit(name, segment, new Dictionary<string, string?>
            {
                ["summary"] = "A summary", ["body"] = "<p>Body <script>alert(1)</script>text</p>", ["heroTitle"] = name,
            }), "test");
        Assert.True(created.Succeeded, created.Message);
        return new Page(created.Value!.Id, created.Value.Key, segment);
    });

    /// <summary>A second root of the content tree (as a second site's home page would be), published.</summary>
    private async Task<Page> PublishedRootAsync(string name) => await site.WithServicesAsync(async s =>
    {
        var segment = "root-" + Guid.NewGuid().ToString("N")[..8];
        var created = await s.GetRequiredService<ContentService>().CreateAndPublishAsync(null, "home",
            new ContentEdit(name, segment, new Dictionary<string, string?> { ["summary"] = "Another root", ["heroTitle"] = name }), "test");
        Assert.True(created.Succeeded, created.Message);
        return new Page(created.Value!.Id, created.Value.Key, segment);
    });

    private static HttpRequestMessage WithStartItem(string url, string startItem)
    {
        var request = Get(url);
        request.Headers.Add("Start-Item", startItem);
        return request;
    }

    private sealed record Page(int Id, Guid Key, string Segment);

    private async Task SaveDraftAsync(Page node, string name) => await site.WithServicesAsync(async s =>
    {
        var saved = await s.GetRequiredService<ContentService>().SaveAsync(node.Id, new ContentEdit(name, node.Segment,
            new Dictionary<string, string?> { ["summary"] = "The draft's summary", ["body"] = "<p>Draft</p>" }), "test");
        Assert.True(saved.Succeeded, saved.Message);
        return 0;
    });

    [Fact]
    public async Task An_item_by_path_and_by_id_has_umbracos_shape_with_rich_text_as_sanitized_markup()
    {
        var node = await PublishedPageAsync("Shape test");
        var byPath = await OkAsync($"{Api}/content/item/{node.Segment}");
        var byId = await OkAsync($"{Api}/content/item/{node.Key}");
        Assert.Equal(byPath.ToString(), byId.ToString());

        Assert.Equal(node.Key.ToString(), byId.GetProperty("id").GetString());
        Assert.Equal("contentPage", byId.GetProperty("contentType").GetString());
        Assert.Equal("Shape test", byId.GetProperty("name").GetString());
        Assert.Equal($"/{node.Segment}/", byId.GetProperty("route").GetProperty("path").GetString());
        Assert.Equal(site.Snapshot.Home!.Key.ToString(), byId.GetProperty("route").GetProperty("startItem").GetProperty("id").GetString());
        Assert.True(byId.GetProperty("createDate").GetDateTime() <= byId.GetProperty("updateDate").GetDateTime());
        var properties = byId.GetProperty("properties");
        Assert.Equal("A summary", properties.GetProperty("summary").GetString());
        var markup = properties.GetProperty("body").GetProperty("markup").GetString()!;
        Assert.Contains("Body", markup);
        Assert.DoesNotContain("<script", markup);

        var some = await OkAsync($"{Api}/content/item/{node.Segment}?fields=properties[summary]");
        Assert.Equal(["summary"], some.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var none = await OkAsync($"{Api}/content/item/{node.Segment}?fields=none");
        Assert.Empty(none.GetProperty("properties").EnumerateObject());
    }

    [Fact]
    public async Task Unknown_items_and_data_that_is_not_a_page_answer_404_problems()
    {
        Assert.Contains("No published content has the id", await ProblemAsync($"{Api}/content/item/{Guid.NewGuid()}", HttpStatusCode.NotFound));
        Assert.Contains("No published content has the path /no/such/page", await ProblemAsync($"{Api}/content/item/no/such/page", HttpStatusCode.NotFound));

        // Email templates are content without a URL: never delivered, by id or in a query.
        var template = site.Snapshot.OfType("emailTemplate").First();
        await ProblemAsync($"{Api}/content/item/{template.Key}", HttpStatusCode.NotFound);

        var all = await OkAsync($"{Api}/content?filter=contentType:emailTemplate");
        Assert.Equal(0, all.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Items_by_id_keep_the_order_asked_and_leave_out_what_is_not_published()
    {
        var a = await PublishedPageAsync("Items A");
        var b = await PublishedPageAsync("Items B");
        var json = await OkAsync($"{Api}/content/items?id={b.Key}&id={Guid.NewGuid()}&id={a.Key}");
        Assert.Equal(["Items B", "Items A"], json.EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.All(json.EnumerateArray(), i => Assert.True(i.GetProperty("properties").EnumerateObject().Count() > 1, i.ToString()));

        // fields chooses the properties of every item asked, as it does for one.
        var some = await OkAsync($"{Api}/content/items?id={b.Key}&id={a.Key}&fields=properties[summary]");
        Assert.All(some.EnumerateArray(), i => Assert.Equal(["summary"], i.GetProperty("properties").EnumerateObject().Select(p => p.Name)));
        var none = await OkAsync($"{Api}/content/items?id={b.Key}&id={a.Key}&fields=none");
        Assert.All(none.EnumerateArray(), i => Assert.Empty(i.GetProperty("properties").EnumerateObject()));
        Assert.Contains("fields=properties[ is not understood", await ProblemAsync($"{Api}/content/items?id={a.Key}&fields=properties[", HttpStatusCode.BadRequest));

        Assert.Contains("Give from 1 to 100 ids", await ProblemAsync($"{Api}/content/items?id=not-a-guid", HttpStatusCode.BadRequest));
        Assert.Contains("Give from 1 to 100 ids", await ProblemAsync($"{Api}/content/items", HttpStatusCode.BadRequest));
        var many = string.Join("&", Enumerable.Range(0, 101).Select(_ => "id=" + Guid.NewGuid()));
        Assert.Contains("Give from 1 to 100 ids", await ProblemAsync($"{Api}/content/items?{many}", HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task The_query_fetches_filters_sorts_and_pages_with_a_total()
    {
        var children = await OkAsync($"{Api}/content?fetch=children:/categories&take=100&sort=name:asc");
        var names = Names(children).ToList();
        Assert.Equal(21, children.GetProperty("total").GetInt32());
        Assert.Equal(21, names.Count);
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);

        var categories = site.Snapshot.ByUrl("/categories/")!;
        var byKey = await OkAsync($"{Api}/content?fetch=children:{categories.Key}&take=100&sort=name:asc");
        Assert.Equal(names, Names(byKey));

        var page = await OkAsync($"{Api}/content?fetch=children:/categories&sort=name:desc&skip=2&take=3");
        Assert.Equal(21, page.GetProperty("total").GetInt32());
        Assert.Equal(names.AsEnumerable().Reverse().Skip(2).Take(3), Names(page));
        var past = await OkAsync($"{Api}/content?fetch=children:/categories&skip=50");
        Assert.Equal(21, past.GetProperty("total").GetInt32());
        Assert.Empty(past.GetProperty("items").EnumerateArray());

        var ancestors = await OkAsync($"{Api}/content?fetch=ancestors:/categories/email-channel");
        Assert.Contains(site.Snapshot.Home!.Name, Names(ancestors));
        Assert.Contains(categories.Name, Names(ancestors));

        var descendants = await OkAsync($"{Api}/content?fetch=descendants:/&filter=contentType:categoryPage&take=0");
        Assert.Equal(21, descendants.GetProperty("total").GetInt32());
        var notCategories = await OkAsync($"{Api}/content?filter=contentType:!categoryPage&take=100");
        Assert.DoesNotContain(notCategories.GetProperty("items").EnumerateArray(), i => i.GetProperty("contentType").GetString() == "categoryPage");
        var byName = await OkAsync($"{Api}/content?fetch=children:/categories&filter=name:self-service");
        Assert.Equal(["IVR Self-Service", "Web Self-Service"], Names(byName).Order());

        // Dates come to the second: a bound one second after the categories page was written leaves it out.
        var bound = (await OkAsync($"{Api}/content/item/categories")).GetProperty("updateDate").GetDateTime().AddSeconds(1);
        await Task.Delay(1100);
        var node = await PublishedPageAsync("Recently updated");
        var updated = await OkAsync($"{Api}/content?filter=updateDate>={bound:yyyy-MM-ddTHH:mm:ssZ}&take=100");
        Assert.Contains("Recently updated", Names(updated));
        Assert.DoesNotContain(categories.Name, Names(updated));
        var older = await OkAsync($"{Api}/content?filter=createDate<2000-01-01");
        Assert.Equal(0, older.GetProperty("total").GetInt32());
        Assert.NotNull(node);
    }

    [Fact]
    public async Task Winner_stories_filter_by_year_and_category_and_sort_by_year()
    {
        await site.DemoAsync();
        var stories = site.Snapshot.All.Where(c => c.ContentTypeAlias == "winnerStory").ToList();
        Assert.NotEmpty(stories);
        var year = stories[0].Value("year")!;
        var category = stories[0].Value("category")!;

        var byYear = await OkAsync($"{Api}/content?filter=contentType:winnerStory&filter=year:{year}&take=100");
        Assert.Equal(stories.Count(s => s.Value("year") == year), byYear.GetProperty("total").GetInt32());
        Assert.All(byYear.GetProperty("items").EnumerateArray(), i => Assert.Equal(year, i.GetProperty("properties").GetProperty("year").ToString()));

        var byCategory = await OkAsync($"{Api}/content?filter=category:{Uri.EscapeDataString(category)}&take=100");
        Assert.Equal(stories.Count(s => s.Value("category") == category), byCategory.GetProperty("total").GetInt32());

        // The order of sorts is their meaning: the first decides, the next breaks ties (the output cache once reordered them).
        var newest = await OkAsync($"{Api}/content?filter=contentType:winnerStory&sort=year:desc&sort=name:asc&take=100");
        var expected = stories.OrderByDescending(s => s.Number("year")).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(s => s.Name);
        Assert.Equal(expected, Names(newest));
        var reversed = await OkAsync($"{Api}/content?filter=contentType:winnerStory&sort=name:asc&sort=year:desc&take=100");
        Assert.Equal(stories.Select(s => s.Name).Order(StringComparer.OrdinalIgnoreCase), Names(reversed));
        var later = await OkAsync($"{Api}/content?filter=year>={year}&take=100");
        Assert.All(later.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("properties").GetProperty("year").GetDecimal() >= decimal.Parse(year, System.Globalization.CultureInfo.InvariantCulture)));

        // A media picker comes as an object with crop URLs; expanding a content picker gives the item, one level deep.
        var pictured = stories.First(s => s.Picked("logo") is not null && s.Picked("categoryPage") is not null);
        var categoryPage = site.Snapshot.ByKey(pictured.Picked("categoryPage")!.Value)!;
        var story = await OkAsync($"{Api}/content/item/{pictured.Key}?expand=properties[categoryPage]");
        var properties = story.GetProperty("properties");
        var logo = properties.GetProperty("logo");
        Assert.Equal(JsonValueKind.Object, logo.ValueKind);
        Assert.Equal(pictured.Picked("logo")!.Value.ToString(), logo.GetProperty("id").GetString());
        Assert.Contains("/media/", logo.GetProperty("url").GetString());
        Assert.NotEmpty(logo.GetProperty("crops").EnumerateArray());
        var picked = properties.GetProperty("categoryPage");
        Assert.Equal(categoryPage.Key.ToString(), picked.GetProperty("id").GetString());
        Assert.Equal("categoryPage", picked.GetProperty("contentType").GetString());
        Assert.NotEmpty(picked.GetProperty("properties").EnumerateObject());
        // One level: the expanded page's own pickers are not expanded again.
        Assert.DoesNotContain(picked.GetProperty("properties").EnumerateObject(), p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("properties", out var inner) && inner.EnumerateObject().Any());

        // Not expanded, a picker says who it is and nothing more (Umbraco's shape).
        var plain = (await OkAsync($"{Api}/content/item/{pictured.Key}")).GetProperty("properties").GetProperty("categoryPage");
        Assert.Equal(categoryPage.Key.ToString(), plain.GetProperty("id").GetString());
        Assert.Empty(plain.GetProperty("properties").EnumerateObject());
    }

    [Fact]
    public async Task Fields_and_expand_apply_to_every_item_of_a_list()
    {
        await site.DemoAsync();
        var list = await OkAsync($"{Api}/content?filter=contentType:winnerStory&take=100&fields=properties[headline,categoryPage]&expand=properties[categoryPage]");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i =>
        {
            var properties = i.GetProperty("properties");
            Assert.Equal(["headline", "categoryPage"], properties.EnumerateObject().Select(p => p.Name));
            var picked = properties.GetProperty("categoryPage");
            Assert.Equal("categoryPage", picked.GetProperty("contentType").GetString());
            Assert.NotEmpty(picked.GetProperty("properties").EnumerateObject());
        });

        var unexpanded = await OkAsync($"{Api}/content?filter=contentType:winnerStory&take=100&fields=properties[categoryPage]");
        Assert.All(unexpanded.GetProperty("items").EnumerateArray(), i => Assert.Empty(i.GetProperty("properties").GetProperty("categoryPage").GetProperty("properties").EnumerateObject()));

        // The ids endpoint expands the same way.
        var keys = string.Join("&", items.Take(2).Select(i => "id=" + i.GetProperty("id").GetString()));
        var byId = await OkAsync($"{Api}/content/items?{keys}&fields=properties[categoryPage]&expand=properties[categoryPage]");
        Assert.Equal(2, byId.GetArrayLength());
        Assert.All(byId.EnumerateArray(), i => Assert.NotEmpty(i.GetProperty("properties").GetProperty("categoryPage").GetProperty("properties").EnumerateObject()));
    }

    [Fact]
    public async Task Sorting_by_sort_order_and_by_update_date_goes_both_ways()
    {
        // Made in this order (so sortOrder is Charlie, Alpha, Bravo), then Alpha changed last: three different orders.
        var marker = "Sorted" + Guid.NewGuid().ToString("N")[..6];
        var charlie = await PublishedPageAsync(marker + " Charlie");
        await Task.Delay(50);
        var alpha = await PublishedPageAsync(marker + " Alpha");
        await Task.Delay(50);
        await PublishedPageAsync(marker + " Bravo");
        await Task.Delay(50);
        await site.WithServicesAsync(async s => await s.GetRequiredService<ContentService>().SaveAndPublishAsync(alpha.Id,
            new ContentEdit(marker + " Alpha", alpha.Segment, new Dictionary<string, string?> { ["summary"] = "Changed", ["body"] = "<p>Changed</p>" }), "test"));

        async Task<string[]> SortedAsync(string sort) =>
            [.. Names(await OkAsync($"{Api}/content?filter=name:{marker}&sort={sort}")).Select(n => n[(marker.Length + 1)..])];
        Assert.Equal(["Charlie", "Alpha", "Bravo"], await SortedAsync("sortOrder:asc"));
        Assert.Equal(["Bravo", "Alpha", "Charlie"], await SortedAsync("sortOrder:desc"));
        Assert.Equal(["Charlie", "Bravo", "Alpha"], await SortedAsync("updateDate:asc"));
        Assert.Equal(["Alpha", "Bravo", "Charlie"], await SortedAsync("updateDate:desc"));
        Assert.Equal(["Alpha", "Bravo", "Charlie"], await SortedAsync("name"));

        // A strict bound between two changes (the second after the last change, to the second as the API gives dates):
        // what changed after it, never what changed before. The bound itself is tested to the tick in DeliveryQueryRunnerTests.
        var bound = (await OkAsync($"{Api}/content/item/{alpha.Key}")).GetProperty("updateDate").GetDateTime().AddSeconds(1);
        await Task.Delay(1100);
        await PublishedPageAsync(marker + " Delta");
        var after = await OkAsync($"{Api}/content?filter=name:{marker}&filter=updateDate>{bound:yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Equal([marker + " Delta"], Names(after));
        var before = await OkAsync($"{Api}/content?filter=name:{marker}&filter=updateDate<{bound:yyyy-MM-ddTHH:mm:ssZ}&sort=name");
        Assert.Equal([marker + " Alpha", marker + " Bravo", marker + " Charlie"], Names(before));
        Assert.NotNull(charlie);
    }

    [Fact]
    public async Task Start_item_makes_paths_relative_to_that_root_and_its_answers_are_never_served_without_it()
    {
        // The same path below two roots: which one a call means is the header's to say, and the cache keeps them apart.
        var marker = Guid.NewGuid().ToString("N")[..6];
        var second = await PublishedRootAsync("Second site " + marker);
        var shared = "shared-" + marker;
        var belowSecond = await PublishedPageAsync("Below the second root " + marker, await NodeIdAsync(second.Key), shared);
        var belowHome = await PublishedPageAsync("Below home " + marker, segment: shared);
        await PublishedPageAsync("Deeper " + marker, await NodeIdAsync(belowSecond.Key));

        for (var round = 0; round < 2; round++)
        {
            var (_, viaSecond, response) = await CallAsync(WithStartItem($"{Api}/content/item/{shared}", second.Segment));
            Assert.Equal("Below the second root " + marker, viaSecond.GetProperty("name").GetString());
            Assert.Contains("Start-Item", response.Headers.Vary);
            Assert.Equal("Below home " + marker, (await OkAsync($"{Api}/content/item/{shared}")).GetProperty("name").GetString());
            var (_, viaKey, _) = await CallAsync(WithStartItem($"{Api}/content/item/{shared}", second.Key.ToString()));
            Assert.Equal(belowSecond.Key.ToString(), viaKey.GetProperty("id").GetString());
            var (_, viaHome, _) = await CallAsync(WithStartItem($"{Api}/content/item/{shared}", site.Snapshot.Home!.UrlSegment));
            Assert.Equal(belowHome.Key.ToString(), viaHome.GetProperty("id").GetString());
        }

        // fetch by path is below the start item too: "/" is the start item itself.
        var (_, children, _) = await CallAsync(WithStartItem($"{Api}/content?fetch=children:/", second.Segment));
        Assert.Equal(["Below the second root " + marker], Names(children));
        var (_, deeper, _) = await CallAsync(WithStartItem($"{Api}/content?fetch=children:/{shared}", second.Segment));
        Assert.Equal(["Deeper " + marker], Names(deeper));
        Assert.Contains("Below home " + marker, Names(await OkAsync($"{Api}/content?fetch=children:/&take=100")));
        // The route still gives the page's own root.
        Assert.Equal(second.Key.ToString(), (await OkAsync($"{Api}/content/item/{belowSecond.Key}")).GetProperty("route").GetProperty("startItem").GetProperty("id").GetString());

        var (status, problem, _) = await CallAsync(WithStartItem($"{Api}/content/item/{shared}", "no-such-root"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("names no root", problem.GetProperty("detail").GetString());
        Assert.Contains(second.Segment, problem.GetProperty("detail").GetString());
        // A page that is not a root is not a start item.
        var (notRoot, _, _) = await CallAsync(WithStartItem($"{Api}/content?fetch=children:/", "categories"));
        Assert.Equal(HttpStatusCode.BadRequest, notRoot);
        // Items by id ignore it: an id names one item wherever it is.
        var (byId, _, _) = await CallAsync(WithStartItem($"{Api}/content/item/{belowHome.Key}", second.Segment));
        Assert.Equal(HttpStatusCode.OK, byId);
    }

    private async Task<int> NodeIdAsync(Guid key) => await site.WithServicesAsync(async s =>
        (await s.GetRequiredService<ContentService>().GetTreeAsync()).Single(n => n.Key == key).Id);

    [Fact]
    public async Task Accept_language_is_in_vary_and_each_language_gets_the_same_answer_today()
    {
        // One language today: the answer is the same whatever the browser prefers; the cache keys it by language all the same.
        var url = $"{Api}/content/item/categories";
        var english = Get(url);
        english.Headers.AcceptLanguage.ParseAdd("en-GB");
        var first = await site.Browser().SendAsync(english);
        Assert.Contains("Accept-Language", first.Headers.Vary);
        var german = Get(url);
        german.Headers.AcceptLanguage.ParseAdd("de-DE");
        var second = await site.Browser().SendAsync(german);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Theory]
    [InlineData("fetch=sideways:/x", "Unknown fetch")]
    [InlineData("filter=headline:x", "Unknown filter 'headline'")]
    [InlineData("filter=year>soon", "'soon' is not a number")]
    [InlineData("sort=story", "Cannot sort by 'story'")]
    [InlineData("take=101", "take must be a whole number from 0 to 100.")]
    [InlineData("skip=-1", "skip must be a whole number")]
    [InlineData("fields=properties[", "fields=properties[ is not understood")]
    [InlineData("expand=headline", "it must start with properties[")]
    public async Task A_query_that_is_not_understood_is_a_400_naming_the_mistake(string query, string message)
    {
        var (status, json, _) = await CallAsync($"{Api}/content?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, json.GetProperty("detail").GetString());
        Assert.True(json.GetProperty("errors").EnumerateObject().Any(), json.ToString());
    }

    [Fact]
    public async Task Hostile_query_strings_get_answers_never_a_500()
    {
        string[] hostile = ["filter=" + new string('x', 10_000), "filter=%00%01", "fetch=children:" + new string('/', 600), "sort=%E2%80%AE:desc",
            "take=1e3", "skip=%20", "filter=year:" + new string('9', 400), "filter=updateDate>9999-99-99", "fields=properties[" + new string('[', 300),
            "fetch=children:%F0%9F%98%80", "filter=name:%27%20OR%201=1--", "expand=properties[a[properties[b[properties[c[properties[d]]]]]]]"];
        foreach (var query in hostile)
        {
            var (status, _, _) = await CallAsync($"{Api}/content?{query}");
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{query}: {(int)status}");
        }

        Assert.Contains("is not published content", await ProblemAsync($"{Api}/content?fetch=children:/no-such-page", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_whole_item_is_written_afresh_after_a_change_of_its_logo()
    {
        // Whole items are written once per snapshot and media snapshot; a change of either must show at once.
        await site.DemoAsync();
        var story = site.Snapshot.All.First(c => c.ContentTypeAlias == "winnerStory" && c.Picked("logo") is not null);
        var logoKey = story.Picked("logo")!.Value;
        var before = await OkAsync($"{Api}/content/item/{story.Key}");
        var alt = "Logo, described again " + Guid.NewGuid().ToString("N")[..6];
        Assert.NotEqual(alt, before.GetProperty("properties").GetProperty("logo").GetProperty("altText").GetString());

        await site.WithServicesAsync(async s =>
        {
            var item = await s.GetRequiredService<SqmSite.Cms.Data.CmsDbContext>().Set<MediaItem>().AsNoTracking().SingleAsync(m => m.Key == logoKey);
            var updated = await s.GetRequiredService<MediaService>().UpdateAsync(item.Id, item.Name, alt, item.FolderId, "test");
            Assert.True(updated.Succeeded, updated.Message);
            return 0;
        });

        var after = await OkAsync($"{Api}/content/item/{story.Key}");
        Assert.Equal(alt, after.GetProperty("properties").GetProperty("logo").GetProperty("altText").GetString());
        var listed = await OkAsync($"{Api}/content?filter=contentType:winnerStory&take=100");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == story.Key.ToString()
            && i.GetProperty("properties").GetProperty("logo").GetProperty("altText").GetString() == alt);
    }

    [Fact]
    public async Task Media_items_come_with_crop_and_width_urls()
    {
        await site.DemoAsync();
        var media = await site.WithServicesAsync(async s => await s.GetRequiredService<IMediaCatalog>().GetAsync());
        var image = media.All.First(m => m.IsImage);
        var item = await OkAsync($"{Api}/media/item/{image.Key}");
        Assert.Equal(image.Key.ToString(), item.GetProperty("id").GetString());
        Assert.True(item.TryGetProperty("crops", out var crops), item.ToString());
        Assert.Equal(["logo", "card", "hero", "og"], crops.EnumerateArray().Select(c => c.GetProperty("alias").GetString()));
        Assert.All(crops.EnumerateArray(), c => Assert.Contains("crop=", c.GetProperty("url").GetString()));
        Assert.True(item.TryGetProperty("widths", out _), item.ToString());

        var items = await OkAsync($"{Api}/media/items?id={image.Key}&id={Guid.NewGuid()}");
        Assert.Single(items.EnumerateArray());
        await ProblemAsync($"{Api}/media/item/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        await ProblemAsync($"{Api}/media/items?id=x", HttpStatusCode.BadRequest);
        var many = string.Join("&", Enumerable.Range(0, 101).Select(_ => "id=" + Guid.NewGuid()));
        Assert.Contains("Give from 1 to 100 ids", await ProblemAsync($"{Api}/media/items?{many}", HttpStatusCode.BadRequest));
        var hundred = string.Join("&", Enumerable.Range(0, 99).Select(_ => "id=" + Guid.NewGuid()));
        Assert.Single((await OkAsync($"{Api}/media/items?id={image.Key}&{hundred}")).EnumerateArray());
    }

    [Fact]
    public async Task Preview_needs_a_preview_key_and_shows_the_newest_draft()
    {
        var node = await PublishedPageAsync("Live name");
        await SaveDraftAsync(node, "Draft name");
        var url = $"{Api}/content/item/{node.Key}";
        var preview = await KeyAsync(site, ApiKeyScope.Preview);
        var read = await KeyAsync(site, ApiKeyScope.Read);

        Assert.Contains("Drafts are shown only with a preview key", await ProblemAsync(url, HttpStatusCode.Unauthorized, Get(url, preview: true)));
        Assert.Contains("reads published content only", await ProblemAsync(url, HttpStatusCode.Forbidden, Get(url, read, preview: true)));
        Assert.Contains("unknown, expired or revoked", await ProblemAsync(url, HttpStatusCode.Unauthorized, Get(url, "sqm_not-a-real-key", preview: true)));

        var (status, draft, response) = await CallAsync(Get(url, preview, preview: true));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Draft name", draft.GetProperty("name").GetString());
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, response.Headers.CacheControl?.ToString());
        var (_, viaHeader, _) = await CallAsync(Get(url, apiKey: preview, preview: true));
        Assert.Equal("Draft name", viaHeader.GetProperty("name").GetString());
        var (_, withoutPreview, _) = await CallAsync(Get(url, preview));
        Assert.Equal("Live name", withoutPreview.GetProperty("name").GetString());

        // A page never published is found only in preview.
        var unpublished = await site.WithServicesAsync(async s => (await s.GetRequiredService<ContentService>().CreateAsync(site.Snapshot.Home!.Id, "contentPage",
            new ContentEdit("Never published", "never-" + Guid.NewGuid().ToString("N")[..6], new Dictionary<string, string?> { ["summary"] = "s", ["body"] = "<p>b</p>" }), "test")).Value!);
        await ProblemAsync($"{Api}/content/item/{unpublished.Key}", HttpStatusCode.NotFound);
        var (found, _, _) = await CallAsync(Get($"{Api}/content/item/{unpublished.Key}", preview, preview: true));
        Assert.Equal(HttpStatusCode.OK, found);
    }

    /// <summary>
    /// What would have caught Umbraco's CVE-2025-54425 (its output cache did not vary by the key header, so a draft
    /// fetched with a preview key was then served to anyone): in both orders, for an item and a query, a caller without
    /// the key never sees the draft, and the key holder never gets the public answer.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_draft_seen_with_a_preview_key_is_never_served_to_a_caller_without_it_in_either_order(bool previewFirst)
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var node = await PublishedPageAsync("Live " + marker);
        await SaveDraftAsync(node, "Draft " + marker);
        var preview = await KeyAsync(site, ApiKeyScope.Preview);
        string[] urls = [$"{Api}/content/item/{node.Key}", $"{Api}/content/item/{node.Segment}", $"{Api}/content?filter=name:{marker}"];

        foreach (var url in urls)
        {
            async Task<string> AnonymousAsync() => (await site.Browser().GetStringAsync(url));
            async Task<string> WithKeyAsync(bool asPreview) => await (await site.Browser().SendAsync(Get(url, preview, asPreview))).Content.ReadAsStringAsync();

            for (var round = 0; round < 2; round++)
            {
                if (previewFirst)
                {
                    Assert.Contains("Draft " + marker, await WithKeyAsync(true));
                    Assert.DoesNotContain("Draft " + marker, await AnonymousAsync());
                }
                else
                {
                    Assert.DoesNotContain("Draft " + marker, await AnonymousAsync());
                    Assert.Contains("Draft " + marker, await WithKeyAsync(true));
                }

                Assert.Contains("Live " + marker, await AnonymousAsync());
                Assert.DoesNotContain("Draft " + marker, await WithKeyAsync(false));
                var refused = await site.Browser().SendAsync(Get(url, preview: true));
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                Assert.DoesNotContain("Draft " + marker, await refused.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task Answers_carry_a_strong_etag_and_a_matching_request_is_a_304_until_a_publish_changes_it()
    {
        var node = await PublishedPageAsync("ETag before");
        var url = $"{Api}/content/item/{node.Key}";
        var first = await site.Browser().GetAsync(url);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl is { Public: true, NoCache: true }, first.Headers.CacheControl?.ToString());
        Assert.Contains("Api-Key", first.Headers.Vary);

        var again = Get(url);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await site.Browser().SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        var other = Get(url);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().SendAsync(other)).StatusCode);

        // Publishing evicts the cached answer by tag: the next call sees the new name and a new ETag.
        await site.WithServicesAsync(async s => await s.GetRequiredService<ContentService>().SaveAndPublishAsync(node.Id,
            new ContentEdit("ETag after", node.Segment, new Dictionary<string, string?> { ["summary"] = "s", ["body"] = "<p>b</p>" }), "test"));
        var stale = Get(url);
        stale.Headers.IfNoneMatch.Add(etag);
        var changed = await site.Browser().SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("ETag after", await changed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unpublished_item_leaves_every_answer_at_once()
    {
        var node = await PublishedPageAsync("Leaving soon");
        var url = $"{Api}/content/item/{node.Key}";
        await OkAsync(url);
        await OkAsync(url);
        await site.WithServicesAsync(async s => await s.GetRequiredService<ContentService>().UnpublishAsync(node.Id, "test"));
        await ProblemAsync(url, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cors_answers_only_the_configured_origin()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, $"{Api}/content");
        preflight.Headers.Add("Origin", DeliverySiteFactory.Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "api-key,preview");
        var answer = await site.Browser().SendAsync(preflight);
        Assert.True(answer.IsSuccessStatusCode, ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DeliverySiteFactory.Origin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var allowed = Get($"{Api}/content?take=1");
        allowed.Headers.Add("Origin", DeliverySiteFactory.Origin);
        var allowedAnswer = await site.Browser().SendAsync(allowed);
        Assert.Equal(DeliverySiteFactory.Origin, allowedAnswer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", allowedAnswer.Headers.GetValues("Access-Control-Expose-Headers").Single());

        var other = Get($"{Api}/content?take=1");
        other.Headers.Add("Origin", "https://evil.example.com");
        Assert.False((await site.Browser().SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));

        // The backoffice's API is not opened to other origins by the delivery policy.
        var backoffice = new HttpRequestMessage(HttpMethod.Options, "/api/backoffice/media");
        backoffice.Headers.Add("Origin", DeliverySiteFactory.Origin);
        backoffice.Headers.Add("Access-Control-Request-Method", "POST");
        Assert.False((await site.Browser().SendAsync(backoffice)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_change_feed_lists_publishes_unpublishes_and_deletions_in_order_from_a_cursor()
    {
        var start = (await OkAsync($"{Api}/changes?since=0&take=1")).GetProperty("cursor").GetString();
        var latest = await site.WithServicesAsync(async s => await s.GetRequiredService<ContentChangeLog>().LatestAsync());
        var a = await PublishedPageAsync("Feed A");
        var b = await PublishedPageAsync("Feed B");
        await site.WithServicesAsync(async s =>
        {
            // Media changes share the log (webhooks follow them) but are not content: the feed leaves them out.
            var uploaded = await s.GetRequiredService<SqmSite.Cms.Media.MediaService>().UploadAsync(
                new MemoryStream(SqmSite.Testing.TestImages.Png(40, 30)), "Feed logo.png", "A logo", null, "test");
            Assert.True(uploaded.Succeeded, uploaded.Message);
            var content = s.GetRequiredService<ContentService>();
            Assert.True((await content.UnpublishAsync(a.Id, "test")).Succeeded);
            Assert.True((await content.PublishAsync(a.Id, "test")).Succeeded);
            Assert.True((await content.DeleteAsync(b.Id, "test")).Succeeded);
            return 0;
        });

        var feed = await OkAsync($"{Api}/changes?since={latest}");
        var items = feed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(a.Key, "Published"), (b.Key, "Published"), (a.Key, "Unpublished"), (a.Key, "Published"), (b.Key, "Deleted")],
            items.Select(i => (Guid.Parse(i.GetProperty("id").GetString()!), i.GetProperty("change").GetString())));
        Assert.False(feed.GetProperty("hasMore").GetBoolean());
        Assert.Equal(items[^1].GetProperty("cursor").GetString(), feed.GetProperty("cursor").GetString());
        Assert.All(items, i => Assert.Equal("contentPage", i.GetProperty("contentType").GetString()));

        // Paging with the cursor reads the same changes two at a time.
        var paged = new List<string>();
        var cursor = latest.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var more = true; more;)
        {
            var chunk = await OkAsync($"{Api}/changes?since={cursor}&take=2");
            paged.AddRange(chunk.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("cursor").GetString()!));
            cursor = chunk.GetProperty("cursor").GetString()!;
            more = chunk.GetProperty("hasMore").GetBoolean();
        }

        Assert.Equal(items.Select(i => i.GetProperty("cursor").GetString()), paged);
        var empty = await OkAsync($"{Api}/changes?since={cursor}");
        Assert.Empty(empty.GetProperty("items").EnumerateArray());
        Assert.Equal(cursor, empty.GetProperty("cursor").GetString());
        Assert.NotNull(start);

        Assert.Contains("since must be the cursor", await ProblemAsync($"{Api}/changes?since=-4", HttpStatusCode.BadRequest));
        Assert.Contains("take must be a whole number from 1 to 100", await ProblemAsync($"{Api}/changes?take=0", HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_delivery_endpoints_and_its_page_renders()
    {
        var doc = await OkAsyncRaw("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/delivery/v1/content", paths);
        Assert.Contains("/api/delivery/v1/content/item/{id}", paths);
        Assert.Contains("/api/delivery/v1/changes", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/backoffice", StringComparison.Ordinal));

        // Every operation is described, every parameter has a description and an example, and every answer's shape
        // (200 and the problems) carries an example answer.
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        JsonElement Resolve(JsonElement schema) =>
            schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;
        var missing = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            var get = path.Value.GetProperty("get");
            if (!get.TryGetProperty("summary", out _) || !get.TryGetProperty("description", out _))
            {
                missing.Add($"{path.Name}: summary or description");
            }

            foreach (var parameter in get.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var name = parameter.GetProperty("name").GetString();
                if (parameter.GetProperty("in").GetString() is "query" or "path" && (!parameter.TryGetProperty("example", out _) || !parameter.TryGetProperty("description", out _)))
                {
                    missing.Add($"{path.Name}: parameter {name}");
                }
            }

            foreach (var response in get.GetProperty("responses").EnumerateObject())
            {
                if (!response.Value.TryGetProperty("content", out var content))
                {
                    continue;
                }

                var schema = Resolve(content.EnumerateObject().First().Value.GetProperty("schema"));
                if (!schema.TryGetProperty("examples", out var examples) || examples.GetArrayLength() == 0)
                {
                    missing.Add($"{path.Name}: {response.Name} answer");
                }
            }
        }

        Assert.True(missing.Count == 0, "Without description or example:\n" + string.Join("\n", missing));
        var itemExample = Resolve(doc.GetProperty("paths").GetProperty("/api/delivery/v1/content/item/{id}").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema")).GetProperty("examples")[0];
        Assert.Equal("winnerStory", itemExample.GetProperty("contentType").GetString());
        var scalar = await site.CreateClient().GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("SqmSite delivery API", await scalar.Content.ReadAsStringAsync());
        // Its inline bootstrap carries no nonce: the reference page has a policy of its own, and no other page shares it.
        var policy = scalar.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' 'unsafe-inline'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        var home = await site.CreateClient().GetAsync("/");
        Assert.DoesNotContain("unsafe-inline", home.Headers.GetValues("Content-Security-Policy").Single().Replace("style-src-attr 'unsafe-inline'", "", StringComparison.Ordinal));
    }

    private async Task<JsonElement> OkAsyncRaw(string url)
    {
        var response = await site.Browser().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

/// <summary>The delivery API with <c>PublicAccess</c> off and a rate limit of five calls a minute.</summary>
public sealed class LockedDeliverySiteFactory : SiteFactory
{
    public const int PerMinute = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:Delivery:PublicAccess", "false");
        builder.UseSetting("SqmSite:Delivery:RequestsPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Keys when the API is not public, revocation, and the per-client rate limit.</summary>
public sealed class DeliveryAccessTests(LockedDeliverySiteFactory site) : IClassFixture<LockedDeliverySiteFactory>
{
    private const string Url = "/api/delivery/v1/content/item/categories";

    [Fact]
    public async Task Without_public_access_every_call_needs_a_key_and_a_revoked_key_stops_at_once()
    {
        var anonymous = await site.Browser().GetAsync(Url);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("not public", await anonymous.Content.ReadAsStringAsync());

        var token = await DeliveryApiTests.KeyAsync(site, ApiKeyScope.Read);
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().SendAsync(DeliveryApiTests.Get(Url, token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().SendAsync(DeliveryApiTests.Get(Url, apiKey: token))).StatusCode);
        // A cached answer is not served to a caller who has no key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.Browser().GetAsync(Url)).StatusCode);

        await site.WithServicesAsync(async s =>
        {
            var keys = s.GetRequiredService<IApiKeyService>();
            var key = await keys.ValidateAsync(token);
            return await keys.RevokeAsync(key!.Key, "test");
        });
        var revoked = await site.Browser().SendAsync(DeliveryApiTests.Get(Url, token));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("unknown, expired or revoked", await revoked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_over_its_limit_gets_429_with_retry_after_and_other_clients_go_on()
    {
        var busy = await DeliveryApiTests.KeyAsync(site, ApiKeyScope.Read);
        var other = await DeliveryApiTests.KeyAsync(site, ApiKeyScope.Read);
        HttpResponseMessage? refused = null;
        for (var i = 0; i < LockedDeliverySiteFactory.PerMinute + 2 && refused is null; i++)
        {
            var response = await site.Browser().SendAsync(DeliveryApiTests.Get(Url, busy));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("too many calls", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().SendAsync(DeliveryApiTests.Get(Url, other))).StatusCode);
    }

    [Fact]
    public async Task Made_up_keys_count_against_the_callers_address_not_a_fresh_allowance_each()
    {
        // From an address of its own, so the other tests' anonymous calls do not share its allowance.
        var statuses = new List<int>();
        for (var i = 0; i < LockedDeliverySiteFactory.PerMinute + 3; i++)
        {
            var made = "sqm_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var context = await site.Server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = Url;
                c.Request.Headers.Authorization = "Bearer " + made;
                c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
            });
            statuses.Add(context.Response.StatusCode);
        }

        Assert.Equal(LockedDeliverySiteFactory.PerMinute, statuses.Count(s => s == 401));
        Assert.Equal(3, statuses.Count(s => s == 429));
    }
}
