using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using SqmSite.Cms.Search.Index;

namespace SqmSite.Cms.Search.Querying;

/// <summary>
/// Turns what a visitor typed into a Lucene query without a query parser: the text is cut into words by the index's own
/// analyzer, so quotes, brackets, <c>*</c>, <c>~</c> or control characters are never syntax and nothing can throw. Each
/// word (or a phrase an editor made a synonym) matches as typed, as an English stem, or within the typo allowance; a
/// synonym matches its whole group.
/// </summary>
internal sealed class SearchQueryBuilder(Analyzer analyzer)
{
    /// <summary>Words beyond these are ignored: no one types more, and each word costs clauses.</summary>
    public const int MaxWords = 12;

    /// <summary>How many of the index's words a typo may stand for: the closest ones, enough for any real misspelling.</summary>
    public const int TypoExpansions = 16;

    /// <summary>Meilisearch's allowance: one edit from 5 characters, two from 9.</summary>
    public static int TypoAllowance(string word) => word.Length >= 9 ? 2 : word.Length >= 5 ? 1 : 0;

    public IReadOnlyList<string> Words(string text) => Tokens(SearchFields.Body, text).Take(MaxWords).ToList();

    /// <summary>The words of the query, grouped: a run of words that is one of a synonym group's entries becomes that group.</summary>
    public IReadOnlyList<IReadOnlyList<string[]>> Clauses(IReadOnlyList<string> words, IReadOnlyList<IReadOnlyList<string>> synonyms)
    {
        var groups = synonyms.Select(g => g.Select(entry => Tokens(SearchFields.Body, entry).ToArray()).Where(t => t.Length > 0).ToList()).Where(g => g.Count > 1).ToList();
        var clauses = new List<IReadOnlyList<string[]>>();
        for (var i = 0; i < words.Count;)
        {
            var best = (Group: (List<string[]>?)null, Length: 0);
            foreach (var group in groups)
            {
                foreach (var entry in group)
                {
                    if (entry.Length > best.Length && i + entry.Length <= words.Count && entry.SequenceEqual(words.Skip(i).Take(entry.Length)))
                    {
                        best = (group, entry.Length);
                    }
                }
            }

            if (best.Group is null)
            {
                clauses.Add([[words[i]]]);
                i++;
            }
            else
            {
                clauses.Add(best.Group);
                i += best.Length;
            }
        }

        return clauses;
    }

    /// <summary>All clauses required (<paramref name="all"/>) or any one of them; with the typo allowance or without.</summary>
    public Query Build(IReadOnlyList<IReadOnlyList<string[]>> clauses, bool all, bool typos)
    {
        var query = new BooleanQuery();
        foreach (var clause in clauses)
        {
            var alternatives = new BooleanQuery();
            foreach (var entry in clause)
            {
                Alternative(alternatives, entry, typos);
            }

            query.Add(alternatives, all ? Occur.MUST : Occur.SHOULD);
        }

        return query;
    }

    private void Alternative(BooleanQuery into, string[] entry, bool typos)
    {
        foreach (var (field, boost) in SearchFields.WordFields)
        {
            if (entry.Length == 1)
            {
                into.Add(new TermQuery(new Term(field, entry[0])) { Boost = boost }, Occur.SHOULD);
                // Headings are part of the body text too: a typo is looked for in the name and the body only.
                if (typos && field != SearchFields.Headings && TypoAllowance(entry[0]) is > 0 and var edits)
                {
                    // Below an exact match: "coachng" finds "coaching", but a page that has the word as typed comes first.
                    into.Add(new FuzzyQuery(new Term(field, entry[0]), edits, 0, TypoExpansions, true) { Boost = boost * 0.4f }, Occur.SHOULD);
                }
            }
            else
            {
                into.Add(Phrase(field, entry, boost), Occur.SHOULD);
            }
        }

        var stems = Tokens(SearchFields.Stems, string.Join(' ', entry)).ToArray();
        if (stems.Length == 1)
        {
            into.Add(new TermQuery(new Term(SearchFields.Stems, stems[0])) { Boost = SearchFields.StemBoost }, Occur.SHOULD);
        }
        else if (stems.Length > 1)
        {
            into.Add(Phrase(SearchFields.Stems, stems, SearchFields.StemBoost), Occur.SHOULD);
        }
    }

    private static PhraseQuery Phrase(string field, string[] words, float boost = 1f)
    {
        var phrase = new PhraseQuery { Boost = boost };
        foreach (var word in words)
        {
            phrase.Add(new Term(field, word));
        }

        return phrase;
    }

    private IEnumerable<string> Tokens(string field, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }
}
