using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Search.Index;
using SqmSite.Cms.Search.Querying;

namespace SqmSite.Web.Tests;

/// <summary>
/// What visitors type never reaches a parser that can throw: any text, with any facet values and paging, is an answer or
/// a refusal in words. FsCheck mixes arbitrary strings with the characters Lucene's query syntax would give a meaning.
/// </summary>
public sealed class SearchFuzzTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static readonly string[] Pieces =
    [
        "\"", "'", "(", ")", "[", "]", "{", "}", "*", "?", "~", "~2", "^", "^10", ":", "\\", "/", "+", "-", "!", "&&", "||",
        "AND", "OR", "NOT", "TO", "name:", "ivr", "coaching", "chat", "customer satisfaction", " ", "\t", "\n", "\u0000",
        "\u001b", "\u200b", "\ud83c\udfa7", "\ud800", "é", "ß", "İ", "\u0301", "<script>", "&amp;", "%00", "🎧",
    ];

    private static Gen<string> Nasty =>
        Gen.OneOf(ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""), Gen.Elements(Pieces).ListOf().Select(parts => string.Concat(parts)));

    [Fact]
    public async Task No_query_text_facet_or_paging_makes_search_throw()
    {
        var index = site.Services.GetRequiredService<SearchIndex>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!index.State().Ready)
        {
            Assert.True(DateTime.UtcNow < deadline, "the index did not become ready");
            await Task.Delay(20);
        }

        var search = site.Services.GetRequiredService<SiteSearch>();
        var inputs = from query in Nasty
                     from facet in Nasty
                     from number in ArbMap.Default.GeneratorFor<int>()
                     from newest in ArbMap.Default.GeneratorFor<bool>()
                     select (query, facet, number, newest);
        Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var (query, facet, number, newest) = input;
            var facets = new Dictionary<string, string> { [number % 3 == 0 ? "type" : number % 3 == 1 ? "year" : "category"] = facet };
            var take = Math.Abs(number % 120);
            var attempt = search.Search(new SearchRequest(query, facets, newest ? SearchSort.Newest : SearchSort.Relevance, Math.Abs(number % 50), take));
            return attempt.Succeeded
                ? attempt.Value!.Total >= 0 && attempt.Value.Items.Count <= take
                : attempt.Status is SearchOperationStatus.QueryTooLong or SearchOperationStatus.BadPaging && attempt.Message is { Length: > 0 };
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1500));

        // A long paste is refused in words, whatever it holds.
        var paste = search.Search(new SearchRequest(string.Concat(Enumerable.Repeat("ivr \"(*~ ", 1200))));
        Assert.Equal(SearchOperationStatus.QueryTooLong, paste.Status);
    }
}
