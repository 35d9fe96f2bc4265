using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Search.Index;
using SqmSite.Cms.Search.Querying;
using SqmSite.Cms.Search.Web;

namespace SqmSite.Web.Tests;

/// <summary>Site search on the seeded content: ranking, typos, synonyms, facets, keeping up with publishing, rebuilds.</summary>
public sealed class SearchTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task IVR_finds_the_IVR_Self_Service_category_first()
    {
        var results = await SearchAsync("IVR");
        Assert.Equal("IVR Self-Service", results.Items[0].Content.Name);
        Assert.Contains("<mark>IVR</mark>", results.Items[0].Snippet, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("coachng")] // a letter missing: one edit, allowed from five letters
    [InlineData("coahcing")] // two letters swapped count as one edit
    [InlineData("csr coachng programme")]
    public async Task A_typo_still_finds_CSR_Coaching_Program_first(string query)
    {
        var results = await SearchAsync(query);
        Assert.Equal("CSR Coaching Program", results.Items[0].Content.Name);
    }

    [Fact]
    public async Task A_short_word_gets_no_typo_allowance_but_nothing_found_offers_a_spelling_the_index_knows()
    {
        var results = await SearchAsync("chta");
        Assert.Equal(0, results.Total);
        Assert.Equal("chat", results.DidYouMean);
        Assert.NotEmpty(results.Suggestions);
        Assert.True((await SearchAsync(results.DidYouMean!)).Total > 0);

        // Nothing near: no suggestion rather than a wild one.
        Assert.Null((await SearchAsync("zzqxw")).DidYouMean);
    }

    [Fact]
    public async Task Synonyms_the_editors_publish_apply_at_once()
    {
        Assert.Equal(0, (await SearchAsync("kangaroo")).Total);
        var first = await SearchAsync("IVR");

        // The seeded settings item, as an editor changes it in the content editor.
        await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var item = (await content.GetTreeAsync()).Single(n => n.ContentTypeAlias == "searchSettings");
            var node = (await content.GetNodeAsync(item.Id))!;
            var latest = (await content.GetLatestVersionAsync(node))!;
            var values = latest.Values.ToDictionary(v => v.Key, v => (string?)Cms.ContentTypes.PropertyValueParser.ToRaw(v.Value));
            values["synonyms"] += "\nkangaroo, interactive voice response";
            Assert.True((await content.SaveAsync(node.Id, new ContentEdit(latest.Name, latest.UrlSegment, values), "editor@example.org")).Succeeded);
            Assert.True((await content.PublishAsync(node.Id, "editor@example.org")).Succeeded);
            return 0;
        });

        var results = await SearchAsync("kangaroo");
        Assert.Contains(results.Items, h => h.Content.Name == "IVR Self-Service");
        // The settings item is data, not a page: never a result itself.
        Assert.DoesNotContain((await SearchAsync("synonyms")).Items, h => h.Content.ContentTypeAlias == "searchSettings");
        Assert.Equal(first.Items[0].Content.Key, (await SearchAsync("IVR")).Items[0].Content.Key);
    }

    [Fact]
    public async Task Facets_count_every_match_and_a_chosen_value_narrows_to_exactly_that_count()
    {
        var results = await SearchAsync("customer", take: 100);
        var types = results.Facets.Single(f => f.Name == "type");
        Assert.Equal(results.Total, types.Values.Sum(v => v.Count));
        var categories = types.Values.Single(v => v.Value == "categoryPage");
        Assert.Equal("Award category", categories.Label);

        var narrowed = await SearchAsync("customer", take: 100, facets: new() { ["type"] = "categoryPage" });
        Assert.Equal(categories.Count, narrowed.Total);
        Assert.All(narrowed.Items, h => Assert.Equal("categoryPage", h.Content.ContentTypeAlias));
        Assert.True(narrowed.Facets.Single(f => f.Name == "type").Values.Single().Selected);

        // A value nothing has: no results, not an error.
        Assert.Equal(0, (await SearchAsync("customer", facets: new() { ["type"] = "nothing" })).Total);
    }

    [Fact]
    public async Task Pages_of_results_follow_each_other_and_newest_sorts_by_last_publish()
    {
        var all = await SearchAsync("customer", take: 10);
        var first = await SearchAsync("customer", take: 5);
        var second = await SearchAsync("customer", skip: 5, take: 5);
        Assert.Equal(all.Items.Select(h => h.Content.Key), first.Items.Concat(second.Items).Select(h => h.Content.Key));

        var newest = await SearchAsync("customer", take: 100, sort: SearchSort.Newest);
        Assert.Equal(all.Total, newest.Total);
        Assert.Equal(newest.Items.Select(h => h.Content.UpdatedUtc).OrderDescending(), newest.Items.Select(h => h.Content.UpdatedUtc));
    }

    [Fact]
    public async Task The_seeded_synonyms_find_a_page_by_a_word_or_a_phrase_it_does_not_contain()
    {
        // Pages with one spelling each (and a word of their own); the seed says CSR = agent and Csat = customer satisfaction.
        var (desk, line) = await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
            var first = await content.CreateAndPublishAsync(parent.Id, "contentPage", new ContentEdit("Quokka desk", "quokka-desk",
                new Dictionary<string, string?> { ["summary"] = "The quokka desk.", ["body"] = "<p>Every CSR on the quokka desk keeps the Csat above target.</p>" }), "editor@example.org");
            var second = await content.CreateAndPublishAsync(parent.Id, "contentPage", new ContentEdit("Wallaby line", "wallaby-line",
                new Dictionary<string, string?> { ["summary"] = "The wallaby line.", ["body"] = "<p>The wallaby line asks about customer satisfaction after each call.</p>" }), "editor@example.org");
            return (first.Value!.Key, second.Value!.Key);
        });
        await Eventually.WithinAsync(async () => (await SearchAsync("quokka")).Total == 1 && (await SearchAsync("wallaby")).Total == 1);

        // "agent" finds the page that says CSR, with every word matched (not the any-word fallback).
        var agent = await SearchAsync("agent quokka");
        Assert.False(agent.AnyWord);
        Assert.Equal(desk, Assert.Single(agent.Items).Content.Key);
        Assert.Equal((await SearchAsync("CSR quokka")).Items.Select(h => h.Content.Key), agent.Items.Select(h => h.Content.Key));
        // And over the whole site, "agent" and "CSR" are one search.
        Assert.Equal((await SearchAsync("CSR", take: 100)).Items.Select(h => h.Content.Key), (await SearchAsync("agent", take: 100)).Items.Select(h => h.Content.Key));
        Assert.Contains((await SearchAsync("agent", take: 100)).Items, h => h.Content.Name == "CSR Coaching Program");

        // A phrase stands for a word and a word for a phrase.
        var phrase = await SearchAsync("customer satisfaction quokka");
        Assert.False(phrase.AnyWord);
        Assert.Equal(desk, Assert.Single(phrase.Items).Content.Key);
        var word = await SearchAsync("csat wallaby");
        Assert.False(word.AnyWord);
        Assert.Equal(line, Assert.Single(word.Items).Content.Key);
        Assert.Contains("<mark>", word.Items[0].Snippet, StringComparison.Ordinal);
        // The phrase is a phrase: its words apart are not a synonym of Csat.
        var apart = await SearchAsync("satisfaction customer quokka");
        Assert.True(apart.AnyWord || apart.Total == 0, "words of the phrase in another order matched as the phrase");
    }

    [Fact]
    public async Task The_page_and_the_api_page_through_results_and_sort_by_newest()
    {
        await ReadyAsync(site);
        var client = site.CreateClient();
        var total = (await SearchAsync("customer")).Total;
        Assert.True(total > SearchController.PageSize, $"{total} results: the seed no longer has two pages of \"customer\"");
        var pages = (total + SearchController.PageSize - 1) / SearchController.PageSize;

        var first = await client.GetStringAsync("/search?q=customer");
        Assert.Contains($"Page 1 of {pages}", first);
        Assert.Contains("<a href=\"/search?q=customer&amp;page=2\" rel=\"next\">Next</a>", first);
        Assert.DoesNotContain("rel=\"prev\"", first);
        var second = await client.GetStringAsync("/search?q=customer&page=2");
        Assert.Contains($"Page 2 of {pages}", second);
        Assert.Contains("<a href=\"/search?q=customer\" rel=\"prev\">Previous</a>", second);
        Assert.Contains($"<ol class=\"search-results\" start=\"{SearchController.PageSize + 1}\">", second);
        // The two pages list different results, in the order the API gives them.
        var api = await ApiItemsAsync(client, "q=customer&take=20");
        Assert.All(api.Take(SearchController.PageSize), url => Assert.Contains($"<h3><a href=\"{url}\">", first));
        Assert.All(api.Skip(SearchController.PageSize), url => Assert.Contains($"<h3><a href=\"{url}\">", second));
        Assert.All(api.Skip(SearchController.PageSize), url => Assert.DoesNotContain($"<h3><a href=\"{url}\">", first));
        Assert.Equal(api.Skip(SearchController.PageSize).Take(5), await ApiItemsAsync(client, $"q=customer&skip={SearchController.PageSize}&take=5"));

        // Newest first: the sort is kept by the pager, and the order is by last publish, as the API's order=newest.
        var newest = await client.GetStringAsync("/search?q=customer&sort=newest");
        Assert.Contains("<strong aria-current=\"true\">newest</strong>", newest);
        Assert.Contains("<a href=\"/search?q=customer&amp;sort=newest&amp;page=2\" rel=\"next\">Next</a>", newest);
        var byDate = await ApiItemsAsync(client, "q=customer&order=newest&take=100");
        var updated = byDate.Select(url => site.Snapshot.ByUrl(url)!.UpdatedUtc).ToList();
        Assert.Equal(updated.OrderDescending(), updated);
        Assert.NotEqual(await ApiItemsAsync(client, "q=customer&take=100"), byDate);
        var positions = byDate.Take(SearchController.PageSize).Select(url => newest.IndexOf($"<h3><a href=\"{url}\">", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    private static async Task<List<string>> ApiItemsAsync(HttpClient client, string query)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/delivery/v1/search?" + query));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("route").GetProperty("path").GetString()!)];
    }

    [Fact]
    public async Task The_command_line_rebuilds_an_index_beside_a_running_site_and_reports_its_status()
    {
        // Program's own entry point, in this process, as `dotnet run --project src/SqmSite.Web -- search …` calls it:
        // on the site's database (seeded by the running site), with an index folder of its own.
        await ReadyAsync(site);
        var root = site.Database.SearchRootFor("command");
        var documents = site.Services.GetRequiredService<SearchIndex>().State().Documents;

        var (empty, before) = await RunProgramAsync(root, "search", "status");
        Assert.Equal(0, empty);
        Assert.Contains($"No index in {root} yet.", before);

        var (rebuilt, output) = await RunProgramAsync(root, "search", "rebuild");
        Assert.True(rebuilt == 0, output);
        Assert.Matches($@"Search index rebuilt in [0-9.,]+ s: {documents} documents in {System.Text.RegularExpressions.Regex.Escape(root)}", output);
        var folder = Assert.Single(Directory.GetDirectories(root));

        var (ok, status) = await RunProgramAsync(root, "search", "status");
        Assert.Equal(0, ok);
        Assert.Contains($"Search index {folder}: {documents} documents, change-log position", status);

        var (usage, _) = await RunProgramAsync(root, "search", "sideways");
        Assert.Equal(2, usage);
    }

    /// <summary>Runs Program's Main with the arguments and this test's database; its exit code and what it wrote.</summary>
    private async Task<(int ExitCode, string Output)> RunProgramAsync(string indexRoot, params string[] command)
    {
        var database = site.Database;
        string[] args =
        [
            .. command, "--contentRoot", Testing.RepositoryPaths.WebProject, "--environment", "Production",
            $"--SqmSite:Database:Provider={database.Provider}", $"--ConnectionStrings:SqmSite={database.ConnectionString}",
            $"--SqmSite:Media:Root={database.MediaRoot}", $"--SqmSite:Search:IndexRoot={indexRoot}", $"--SqmSite:SyncFolder={Testing.RepositoryPaths.USync}",
            "--SqmSite:PublicBaseUrl=http://localhost", "--Logging:LogLevel:Default=Warning",
        ];
        var output = new StringWriter();
        var error = new StringWriter();
        var (outBefore, errorBefore) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Synchronized(output));
        Console.SetError(TextWriter.Synchronized(error));
        try
        {
            var code = await Task.Run(() => (int)typeof(Program).Assembly.EntryPoint!.Invoke(null, [args])!);
            return (code, output + error.ToString());
        }
        finally
        {
            Console.SetOut(outBefore);
            Console.SetError(errorBefore);
        }
    }

    [Fact]
    public async Task A_published_page_is_found_and_an_unpublished_one_leaves_the_index_within_a_second()
    {
        // Asked through the API before and after: an answer kept from before the publish would hide the new page.
        var client = site.CreateClient();
        async Task<int> ApiTotalAsync()
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/delivery/v1/search?q=platypus"));
            return json.RootElement.GetProperty("total").GetInt32();
        }

        await ReadyAsync(site);
        Assert.Equal(0, await ApiTotalAsync());
        var id = await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
            var created = await content.CreateAndPublishAsync(parent.Id, "contentPage", new ContentEdit("Platypus routing", "platypus-routing",
                new Dictionary<string, string?> { ["summary"] = "How the platypus queue works.", ["body"] = "<h2>Platypus queues</h2><p>Calls go to the platypus desk.</p>" }), "editor@example.org");
            return created.Value!.Id;
        });
        var published = await Eventually.WithinAsync(async () => await ApiTotalAsync() == 1);
        Assert.True(published < TimeSpan.FromSeconds(1), $"found after {published.TotalMilliseconds:0} ms");

        await site.WithServicesAsync(async s => (await s.GetRequiredService<ContentService>().UnpublishAsync(id, "editor@example.org")).Succeeded);
        // Total counts the index's own documents: the page is gone from the index, not only hidden from the list.
        var gone = await Eventually.WithinAsync(async () => await ApiTotalAsync() == 0);
        Assert.True(gone < TimeSpan.FromSeconds(1), $"still found after {gone.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_rebuild_under_queries_never_answers_empty_and_ends_with_the_same_index()
    {
        var search = await ReadyAsync(site);
        var index = site.Services.GetRequiredService<SearchIndex>();
        var before = index.State();
        var expected = search.Search(new SearchRequest("IVR")).Value!.Total;

        var rebuild = Task.Run(() => index.RebuildAsync("test"));
        var queries = 0;
        do
        {
            // From before the rebuild starts to after the swap, every answer is the full one.
            var results = search.Search(new SearchRequest("IVR")).Value!;
            Assert.Equal(expected, results.Total);
            Assert.NotEmpty(results.Items);
            queries++;
        }
        while (!rebuild.IsCompleted);

        Assert.True(await rebuild);
        Assert.True(queries > 1, $"{queries} queries");
        Assert.True(index.StartRebuild("again"));
        Assert.False(index.StartRebuild("a second at once"));
        await ReadyAsync(site);
        var after = index.State();
        Assert.Null(after.Rebuild!.Failure);
        Assert.Equal(after.Rebuild.Total, after.Rebuild.Done);
        Assert.Equal(before.Documents, after.Documents);
        Assert.NotEqual(before.Folder, after.Folder);
        Assert.False(Directory.Exists(before.Folder));
        Assert.Single(Directory.GetDirectories(index.Root));
        Assert.Equal(expected, search.Search(new SearchRequest("IVR")).Value!.Total);
    }

    [Theory]
    [InlineData("\"ivr")]
    [InlineData("(ivr]")]
    [InlineData("ivr~2 AND title:coaching^5")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("\\")]
    [InlineData("-")]
    [InlineData("ivr\u0000\u0007\u001b")]
    [InlineData("🎧 héadset")]
    public async Task Any_text_gets_an_answer_through_the_api_never_an_error(string query)
    {
        var response = await site.CreateClient().GetAsync("/api/delivery/v1/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("total").GetInt32() >= 0);
    }

    [Fact]
    public async Task The_api_answers_in_the_delivery_shape_and_refuses_bad_input_in_words()
    {
        await ReadyAsync(site);
        var client = site.CreateClient();
        using (var json = JsonDocument.Parse(await client.GetStringAsync("/api/delivery/v1/search?q=IVR&facet=type:categoryPage&take=3")))
        {
            var root = json.RootElement;
            Assert.True(root.GetProperty("total").GetInt32() >= 1);
            var item = root.GetProperty("items")[0];
            Assert.Equal("IVR Self-Service", item.GetProperty("name").GetString());
            Assert.Equal("categoryPage", item.GetProperty("contentType").GetString());
            Assert.Equal("/categories/ivr-self-service/", item.GetProperty("route").GetProperty("path").GetString());
            Assert.Contains("<mark>", item.GetProperty("snippet").GetString());
            Assert.True(root.GetProperty("facets").GetProperty("type")[0].GetProperty("selected").GetBoolean());
            Assert.False(root.GetProperty("anyWord").GetBoolean());
        }

        // 10 KB of query: 400 from the site; behind Kestrel its request line limit (8 KB) answers 414 first. Never a 500.
        var huge = await client.GetAsync("/api/delivery/v1/search?q=" + new string('a', 10_000));
        Assert.True(huge.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong, huge.StatusCode.ToString());

        foreach (var (query, parameter, words) in new[]
                 {
                     ("q=" + new string('a', 201), "q", "at most 200"),
                     ("q=" + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("ivr \"(*~ ", 300))), "q", "at most 200"),
                     ("q=ivr&facet=colour:red", "facet", "no facet"),
                     ("q=ivr&facet=type", "facet", "name:value"),
                     ("q=ivr&take=101", "take", "100"),
                     ("q=ivr&skip=-1", "skip", "skip"),
                     ("q=ivr&skip=2000000000", "skip", "10,000"),
                     ("q=ivr&order=sideways", "order", "relevance or newest"),
                 })
        {
            var response = await client.GetAsync("/api/delivery/v1/search?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains(words, body, StringComparison.OrdinalIgnoreCase);
            using var problem = JsonDocument.Parse(body);
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), body);
        }
    }

    [Fact]
    public async Task The_search_page_shows_results_spelling_help_and_says_what_is_wrong_with_a_query()
    {
        await ReadyAsync(site);
        var client = site.CreateClient();
        var page = await client.GetStringAsync("/search?q=ivr");
        Assert.Contains("IVR Self-Service", page);
        Assert.Contains("<mark>", page);
        Assert.Contains("aria-label=\"Narrow the results\"", page);

        Assert.Contains("Did you mean <a href=\"/search?q=chat\">chat</a>?", await client.GetStringAsync("/search?q=chta"));
        Assert.Contains("No results", await client.GetStringAsync("/search?q=ivr&year=nineteen"));

        var tooLong = await client.GetAsync("/search?q=" + new string('x', 500));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var body = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("at most 200 characters", body);
        Assert.DoesNotContain(new string('x', 400), body);

        // The header of every page has the box.
        Assert.Contains("action=\"/search\"", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Another_instance_keeps_its_own_index_and_catches_up_from_the_change_log_after_being_stopped()
    {
        await using (var second = new SecondInstanceFactory(site.Database))
        {
            await ((IAsyncLifetime)second).InitializeAsync();
            await ReadyAsync(second);
            Assert.NotEqual(site.Services.GetRequiredService<SearchIndex>().Root, second.Services.GetRequiredService<SearchIndex>().Root);
        }

        // Published through the first while the second is stopped.
        await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
            return (await content.CreateAndPublishAsync(parent.Id, "contentPage", new ContentEdit("Wombat escalations", "wombat-escalations",
                new Dictionary<string, string?> { ["summary"] = "The wombat path.", ["body"] = "<p>Escalate to the wombat team.</p>" }), "editor@example.org")).Succeeded;
        });

        await using var restarted = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)restarted).InitializeAsync();
        var search = await ReadyAsync(restarted);
        var index = restarted.Services.GetRequiredService<SearchIndex>();
        var found = await Eventually.WithinAsync(() => Task.FromResult(search.Search(new SearchRequest("wombat")).Value!.Total == 1), TimeSpan.FromSeconds(10));
        Assert.True(found < TimeSpan.FromSeconds(10));
        // It opened the index it had and applied the rows after its position: no rebuild.
        Assert.Null(index.State().Rebuild);
    }

    [Fact]
    public async Task An_index_stopped_for_longer_than_the_log_keeps_its_rows_is_rebuilt_instead_of_skipping_the_gap()
    {
        await using (var second = new SecondInstanceFactory(site.Database))
        {
            await ((IAsyncLifetime)second).InitializeAsync();
            await ReadyAsync(second);
        }

        // Published while the second is stopped, and the rows that said so trimmed away (as after 30 days).
        await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
            return (await content.CreateAndPublishAsync(parent.Id, "contentPage", new ContentEdit("Numbat callbacks", "numbat-callbacks",
                new Dictionary<string, string?> { ["summary"] = "The numbat path.", ["body"] = "<p>Call back through the numbat team.</p>" }), "editor@example.org")).Succeeded;
        });
        await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<CmsDbContext>();
            var latest = await s.GetRequiredService<ContentChangeLog>().LatestAsync();
            await db.Set<ContentChange>().Where(c => c.Id <= latest).ExecuteDeleteAsync();
            await db.Set<ContentChangeCursor>().Where(c => c.Name == ContentChangeLog.TrimmedMark).ExecuteDeleteAsync();
            db.Add(new ContentChangeCursor(ContentChangeLog.TrimmedMark, latest));
            return await db.SaveChangesAsync();
        });

        await using var restarted = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)restarted).InitializeAsync();
        var search = await ReadyAsync(restarted);
        var index = restarted.Services.GetRequiredService<SearchIndex>();
        var found = await Eventually.WithinAsync(() => Task.FromResult(search.Search(new SearchRequest("numbat")).Value!.Total == 1), TimeSpan.FromSeconds(20));
        Assert.True(found < TimeSpan.FromSeconds(20), "the page published during the gap was never indexed");
        Assert.Contains("no longer reaches back", index.State().Rebuild?.Reason);
    }

    [Fact]
    public async Task A_damaged_index_is_rebuilt_at_start_up_while_the_site_answers()
    {
        string folder;
        await using (var first = new SecondInstanceFactory(site.Database))
        {
            await ((IAsyncLifetime)first).InitializeAsync();
            await ReadyAsync(first);
            folder = first.Services.GetRequiredService<SearchIndex>().State().Folder;
        }

        foreach (var file in Directory.GetFiles(folder).Where(f => !f.EndsWith("write.lock", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            Array.Fill(bytes, (byte)0x5A, 0, Math.Min(bytes.Length, 64));
            Array.Reverse(bytes);
            File.WriteAllBytes(file, bytes);
        }

        await using var restarted = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)restarted).InitializeAsync();
        Assert.Equal(HttpStatusCode.OK, (await restarted.CreateClient().GetAsync("/")).StatusCode);
        var search = await ReadyAsync(restarted);
        var state = restarted.Services.GetRequiredService<SearchIndex>().State();
        Assert.Contains("damaged", state.Rebuild!.Reason);
        Assert.NotEqual(folder, state.Folder);
        Assert.Equal("IVR Self-Service", search.Search(new SearchRequest("IVR")).Value!.Items[0].Content.Name);
    }

    [Fact]
    public async Task Editors_see_the_most_frequent_searches_and_those_that_found_nothing_counted_without_who_searched()
    {
        await SearchAsync("Tapir Quokka");
        await SearchAsync("tapir   quokka");
        await SearchAsync("coaching program");
        await SearchAsync("coaching program", skip: 10); // a second page of the same search is not a second search
        await SearchAsync("someone@example.org"); // looks personal: never kept
        await SearchAsync("call me on 555 123 4567");

        var page = await (await site.SignedInAsync(Cms.Security.BackofficeRoles.Editor)).GetStringAsync("/backoffice/search");
        Assert.Contains(">tapir quokka</a>", page);
        var (frequent, nothing) = await site.WithServicesAsync(s =>
            Cms.Search.SearchQueryCounts.TopAsync(s.GetRequiredService<Cms.Data.CmsDbContext>(), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), 100, default));
        Assert.Contains(new Cms.Search.SearchQueryTotal("tapir quokka", 2, 2), nothing);
        Assert.Contains(new Cms.Search.SearchQueryTotal("coaching program", 1, 0), frequent);
        Assert.DoesNotContain(frequent, t => t.Query.Contains('@') || t.Query.Contains("555"));
        var stored = await site.WithServicesAsync(s => s.GetRequiredService<Cms.Data.CmsDbContext>().Set<Cms.Search.SearchQueryCount>().AsNoTracking().ToListAsync());
        Assert.All(stored, row => Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), row.Day));
    }

    [Fact]
    public async Task A_second_site_given_the_same_index_folder_says_so_and_leaves_the_index_alone()
    {
        var search = await ReadyAsync(site);
        var before = site.Services.GetRequiredService<SearchIndex>().State();

        await using var intruder = new SameFolderInstance(site.Database);
        await ((IAsyncLifetime)intruder).InitializeAsync();
        var index = intruder.Services.GetRequiredService<SearchIndex>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (index.State().Problem is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second site did not notice");
            await Task.Delay(20);
        }

        Assert.Contains("Another process uses the index folder", index.State().Problem);
        Assert.False(index.StartRebuild("a try"));
        var refused = await intruder.CreateClient().GetAsync("/api/delivery/v1/search?q=ivr");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        // Both say when to ask again (decision 0021), the API in its ProblemDetails' header as the page does.
        Assert.Equal(TimeSpan.FromSeconds(Cms.Search.Web.SearchController.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Search is being prepared", await refused.Content.ReadAsStringAsync());
        var page = await intruder.CreateClient().GetAsync("/search?q=ivr");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(Cms.Search.Web.SearchController.RetryAfterSeconds), page.Headers.RetryAfter?.Delta);

        // The first site's index is untouched and still answers.
        Assert.Equal(before.Folder, site.Services.GetRequiredService<SearchIndex>().State().Folder);
        Assert.Equal("IVR Self-Service", search.Search(new SearchRequest("IVR")).Value!.Items[0].Content.Name);
    }

    /// <summary>A second host on the same database that is (wrongly) given the first one's index folder.</summary>
    private sealed class SameFolderInstance(Testing.TestDatabase shared) : SiteFactory(shared);

    private async Task<SearchResults> SearchAsync(string query, int skip = 0, int take = 10, SearchSort sort = SearchSort.Relevance, Dictionary<string, string>? facets = null)
    {
        var search = await ReadyAsync(site);
        var attempt = search.Search(new SearchRequest(query, facets, sort, skip, take));
        Assert.True(attempt.Succeeded, attempt.Message);
        return attempt.Value!;
    }

    /// <summary>The instance's search once its index is live.</summary>
    private static async Task<SiteSearch> ReadyAsync(SiteFactory instance)
    {
        var index = instance.Services.GetRequiredService<SearchIndex>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!index.State().Ready || index.State().Rebuild is { Running: true })
        {
            Assert.True(DateTime.UtcNow < deadline, "The search index did not become ready: " + index.State().Problem);
            await Task.Delay(20);
        }

        return instance.Services.GetRequiredService<SiteSearch>();
    }
}

/// <summary>Meilisearch's typo allowance at its boundaries: none up to 4 letters, one edit from 5 to 8, two from 9.</summary>
public sealed class SearchTypoAllowanceTests
{
    [Theory]
    [InlineData("ivr", 0)]
    [InlineData("chat", 0)]
    [InlineData("coach", 1)]
    [InlineData("coachng", 1)]
    [InlineData("coaching", 1)]
    [InlineData("workforce", 2)]
    [InlineData("satisfaction", 2)]
    public void One_edit_from_five_letters_and_two_from_nine(string word, int edits) =>
        Assert.Equal(edits, SearchQueryBuilder.TypoAllowance(word));
}
