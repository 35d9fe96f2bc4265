using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Options;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;
using SqmSite.Cms.Search.Index;

namespace SqmSite.Cms.Search.Querying;

public enum SearchSort
{
    Relevance,
    Newest,
}

public enum SearchOperationStatus
{
    Success,
    QueryTooLong,
    UnknownFacet,
    BadPaging,

    /// <summary>The index is being built for the first time (or again after damage); try again shortly.</summary>
    NotReady,
}

/// <summary>A search as the page and the API ask it. Facets are chosen values by facet name ("type", "year", "category").</summary>
public sealed record SearchRequest(string? Query, IReadOnlyDictionary<string, string>? Facets = null, SearchSort Sort = SearchSort.Relevance, int Skip = 0, int Take = 10);

/// <summary>A result: the live page, and a snippet as safe HTML (text encoded, matches in <c>&lt;mark&gt;</c>).</summary>
public sealed record SearchHit(PublishedContent Content, string Snippet);

public sealed record SearchFacetValue(string Value, string Label, int Count, bool Selected);

public sealed record SearchFacet(string Name, string Label, IReadOnlyList<SearchFacetValue> Values);

/// <summary>
/// The answer: <see cref="AnyWord"/> when no page had every word and the results have some of them;
/// <see cref="DidYouMean"/> a spelling the index knows when nothing was found; <see cref="Suggestions"/> the editors' list.
/// </summary>
public sealed record SearchResults(string Query, int Total, IReadOnlyList<SearchHit> Items, IReadOnlyList<SearchFacet> Facets, bool AnyWord,
    string? DidYouMean, IReadOnlyList<string> Suggestions);

/// <summary>Site search over this instance's index: typo-tolerant, with synonyms, facets, highlighted snippets and paging.</summary>
public sealed class SiteSearch(SearchIndex index, IPublishedContentCache cache, IContentTypeService contentTypes, SearchQueryCounts queryCounts,
    IOptions<SearchOptions> options)
{
    public const int MaxTake = 100;

    /// <summary>How deep paging goes (skip + take): ranking more than this many costs memory and no one reads that far.</summary>
    public const int MaxWindow = 10_000;
    private volatile HeldSettings? _settings;

    /// <summary>The facets a search can count and filter by: the document type, and each property a document type marks filterable.</summary>
    public IReadOnlyList<(string Name, string Label)> FacetNames()
    {
        var list = new List<(string, string)> { (SearchFields.TypeFacet, "Type") };
        foreach (var property in contentTypes.All.Where(t => t.Routable).SelectMany(t => t.Properties).Where(p => p.Filterable))
        {
            if (list.All(f => f.Item1 != property.Alias))
            {
                list.Add((property.Alias, property.Name));
            }
        }

        return list;
    }

    public Attempt<SearchResults, SearchOperationStatus> Search(SearchRequest request)
    {
        var max = options.Value.MaxQueryLength;
        var text = Clean(request.Query);
        if (text.Length > max)
        {
            return Attempt<SearchResults, SearchOperationStatus>.Fail(SearchOperationStatus.QueryTooLong,
                $"Search for at most {max} characters; this search has {text.Length}.", new Dictionary<string, string> { ["q"] = $"At most {max} characters." });
        }

        if (request.Skip < 0 || request.Take is < 0 or > MaxTake || request.Skip > MaxWindow - request.Take)
        {
            return Attempt<SearchResults, SearchOperationStatus>.Fail(SearchOperationStatus.BadPaging,
                $"skip must be 0 or more and take between 0 and {MaxTake}, and results go no further than the first {MaxWindow:N0}.",
                new Dictionary<string, string> { ["skip"] = $"Results go no further than the first {MaxWindow:N0}." });
        }

        var facets = FacetNames();
        var chosen = new List<(string Name, string Value)>();
        foreach (var (name, value) in request.Facets ?? new Dictionary<string, string>())
        {
            if (facets.All(f => !string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return Attempt<SearchResults, SearchOperationStatus>.Fail(SearchOperationStatus.UnknownFacet,
                    $"There is no facet \"{Shorten(name)}\"; the facets are {string.Join(", ", facets.Select(f => f.Name))}.");
            }

            if (!string.IsNullOrWhiteSpace(value))
            {
                chosen.Add((facets.First(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Name, value.Trim()));
            }
        }

        using var lease = index.Acquire();
        if (lease is null)
        {
            return Attempt<SearchResults, SearchOperationStatus>.Fail(SearchOperationStatus.NotReady,
                "Search is being prepared and will be ready in a moment; please try again shortly.");
        }

        var snapshot = cache.Snapshot;
        var settings = Settings(snapshot);
        var builder = new SearchQueryBuilder(index.Analyzer);
        var words = builder.Words(text);
        if (words.Count == 0 && chosen.Count == 0)
        {
            return Attempt<SearchResults, SearchOperationStatus>.Ok(new SearchResults(text, 0, [], [], false, null, settings.Suggestions));
        }

        var clauses = builder.Clauses(words, settings.Synonyms);
        var searcher = lease.Searcher;
        // Every word as typed (or stemmed, or a synonym) first: that is most searches, and the cheapest. Only when that
        // finds nothing does the typo allowance come in (fuzzy matching over the index's words is the costly part), and
        // only when that finds nothing either, any of the words.
        var (anyWord, typos) = (false, false);
        var (total, hits, counts) = Run(searcher, words.Count == 0 ? new MatchAllDocsQuery() : builder.Build(clauses, all: true, typos: false), chosen, facets, request);
        if (total == 0 && words.Count > 0)
        {
            typos = true;
            (total, hits, counts) = Run(searcher, builder.Build(clauses, all: true, typos: true), chosen, facets, request);
        }

        if (total == 0 && clauses.Count > 1)
        {
            anyWord = true;
            (total, hits, counts) = Run(searcher, builder.Build(clauses, all: false, typos: true), chosen, facets, request);
        }

        var snippets = words.Count == 0 ? null : new Snippets(index.Analyzer, searcher.IndexReader, clauses, typos);
        var items = new List<SearchHit>();
        foreach (var hit in hits)
        {
            var document = searcher.Doc(hit.Doc);
            // The live snapshot decides what is shown: a page that left the site a moment ago is never a result.
            if (Guid.TryParseExact(document.Get(SearchFields.Key), "N", out var key) && snapshot.ByKey(key) is { } content && SearchIndex.Indexable(content))
            {
                var body = document.Get(SearchFields.Body) ?? "";
                items.Add(new SearchHit(content, snippets is null ? Snippets.Lead(body) : snippets.For(body)));
            }
        }

        var facetList = facets.Select((f, i) => new SearchFacet(f.Name, f.Label, [.. counts[i]
            .Select(c => new SearchFacetValue(c.Key, FacetLabel(f.Name, c.Key), c.Value, chosen.Contains((f.Name, c.Key))))
            .OrderByDescending(v => f.Name == "year" ? int.TryParse(v.Value, out var y) ? y : 0 : v.Count).ThenBy(v => v.Label, StringComparer.OrdinalIgnoreCase)]))
            .Where(f => f.Values.Count > 0).ToList();
        var didYouMean = total == 0 && words.Count > 0 ? Spelling(searcher.IndexReader, words) : null;
        if (request.Skip == 0 && words.Count > 0)
        {
            // The first page only, so paging through one search counts it once.
            queryCounts.Record(text, total > 0);
        }

        return Attempt<SearchResults, SearchOperationStatus>.Ok(new SearchResults(text, total, items, facetList, anyWord && total > 0, didYouMean, settings.Suggestions));
    }

    /// <summary>Control characters out, runs of white space as one: what is left is only ever words to the analyzer.</summary>
    internal static string Clean(string? query) =>
        string.Join(' ', new string([.. (query ?? "").Select(c => char.IsControl(c) ? ' ' : c)]).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static (int Total, ScoreDoc[] Hits, IReadOnlyList<IReadOnlyDictionary<string, int>> Counts) Run(IndexSearcher searcher, Query words,
        IReadOnlyList<(string Name, string Value)> chosen, IReadOnlyList<(string Name, string Label)> facets, SearchRequest request)
    {
        var query = new BooleanQuery { { words, Occur.MUST } };
        foreach (var (name, value) in chosen)
        {
            query.Add(new ConstantScoreQuery(new TermQuery(new Term(SearchFields.Facet(name), value))) { Boost = 0 }, Occur.MUST);
        }

        var wanted = Math.Max(1, request.Skip + request.Take);
        ITopDocsCollector top = request.Sort == SearchSort.Newest
            ? TopFieldCollector.Create(new Sort(new SortField(SearchFields.Updated, SortFieldType.INT64, true)), wanted, true, false, false, false)
            : TopScoreDocCollector.Create(wanted, true);
        var counter = new FacetCounter([.. facets.Select(f => SearchFields.Facet(f.Name))]);
        searcher.Search(query, MultiCollector.Wrap((ICollector)top, counter));
        var docs = request.Take == 0 ? [] : top.GetTopDocs(request.Skip, request.Take).ScoreDocs;
        return (top.TotalHits, docs, counter.Counts());
    }

    /// <summary>
    /// "Did you mean": each word the index does not know, replaced by the known word nearest to it (at most two edits,
    /// one for short words), the most frequent first. Only asked when nothing was found, so the scan of terms is rare.
    /// </summary>
    private static string? Spelling(IndexReader reader, IReadOnlyList<string> words)
    {
        var changed = false;
        var corrected = new List<string>();
        foreach (var word in words)
        {
            var best = word;
            if (word.Length >= 3 && !word.Any(char.IsDigit)
                && reader.DocFreq(new Term(SearchFields.Body, word)) == 0 && reader.DocFreq(new Term(SearchFields.Name, word)) == 0)
            {
                // The index's own words within reach, found by its Levenshtein automaton (a rewrite of a fuzzy query), not
                // by reading every term: the nearest first, then the most frequent.
                var allowed = word.Length <= 4 ? 1 : 2;
                var (bestDistance, bestFrequency) = (allowed + 1, 0);
                foreach (var field in new[] { SearchFields.Name, SearchFields.Body })
                {
                    var terms = new HashSet<Term>();
                    new FuzzyQuery(new Term(field, word), allowed, 0, 20, true).Rewrite(reader).ExtractTerms(terms);
                    foreach (var term in terms)
                    {
                        var distance = Distance(word, term.Text, allowed);
                        var frequency = reader.DocFreq(term);
                        if (distance <= allowed && (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency)))
                        {
                            (best, bestDistance, bestFrequency) = (term.Text, distance, frequency);
                        }
                    }
                }
            }

            changed |= best != word;
            corrected.Add(best);
        }

        return changed ? string.Join(' ', corrected) : null;
    }

    /// <summary>Optimal string alignment distance (a swap of two letters is one edit), or more than <paramref name="max"/>.</summary>
    internal static int Distance(string a, string b, int max)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], previous2[j - 2] + 1);
                }

                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }

    private string FacetLabel(string facet, string value) =>
        facet == SearchFields.TypeFacet ? contentTypes.Get(value)?.Name ?? value : value;

    private SearchSettings Settings(PublishedSnapshot snapshot)
    {
        if (_settings is { } held && ReferenceEquals(held.Snapshot, snapshot))
        {
            return held.Settings;
        }

        var settings = SearchSettings.From(snapshot);
        _settings = new HeldSettings(snapshot, settings);
        return settings;
    }

    /// <summary>The editors' settings as read from one snapshot: read again when a publish swaps it.</summary>
    private sealed record HeldSettings(PublishedSnapshot Snapshot, SearchSettings Settings);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
