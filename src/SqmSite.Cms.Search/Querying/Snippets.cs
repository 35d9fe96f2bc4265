using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using SqmSite.Cms.Search.Index;

namespace SqmSite.Cms.Search.Querying;

/// <summary>
/// The snippet of a result: the passage of its text with the most of the words searched for, those words in
/// <c>&lt;mark&gt;</c>, everything else HTML-encoded. The words are settled once per search (a typo's matches are the
/// index's own words within the allowance, found by rewriting the fuzzy queries against the reader; a stem marks the
/// words it begins), then each result's text is cut into words once. Lucene's Highlighter did the same in about 4 ms a
/// result on 5 KB stories (its scorer rewrites the query against a one-document index for every result); this takes a
/// fraction of a millisecond (decision 0021, bench/README.md).
/// </summary>
internal sealed class Snippets
{
    public const int Length = 200;

    private readonly Analyzer _analyzer;
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public Snippets(Analyzer analyzer, IndexReader reader, IReadOnlyList<IReadOnlyList<string[]>> clauses, bool typos)
    {
        _analyzer = analyzer;
        foreach (var word in clauses.SelectMany(c => c).SelectMany(e => e))
        {
            _words.Add(word);
            if (typos && SearchQueryBuilder.TypoAllowance(word) is > 0 and var edits)
            {
                var rewritten = new FuzzyQuery(new Term(SearchFields.Body, word), edits, 0, SearchQueryBuilder.TypoExpansions, true).Rewrite(reader);
                var terms = new HashSet<Term>();
                rewritten.ExtractTerms(terms);
                foreach (var term in terms)
                {
                    _words.Add(term.Text);
                }
            }

            // "coaching" also matched "coaches" through its stem: a word that begins with the stem is marked too.
            if (word.Length >= 5)
            {
                _prefixes.Add(word.Length > 6 ? word[..^3] : word[..^1]);
            }
        }
    }

    public string For(string text)
    {
        var matches = Matches(text);
        if (matches.Count == 0)
        {
            return Lead(text);
        }

        // The window of Length characters that holds the most distinct words, then the most matches.
        var (bestStart, bestScore) = (0, (-1, -1));
        for (var i = 0; i < matches.Count; i++)
        {
            var distinct = new HashSet<string>();
            var count = 0;
            for (var j = i; j < matches.Count && matches[j].End - matches[i].Start <= Length; j++)
            {
                distinct.Add(matches[j].Word);
                count++;
            }

            if ((distinct.Count, count).CompareTo(bestScore) > 0)
            {
                (bestStart, bestScore) = (i, (distinct.Count, count));
            }
        }

        // Begin a little before the first word, at a word boundary, so the passage reads as a phrase.
        var first = matches[bestStart].Start;
        var start = Math.Max(0, first - 40);
        if (start > 0)
        {
            var sentence = text.LastIndexOf(". ", first, first - start, StringComparison.Ordinal);
            start = sentence >= 0 ? sentence + 2 : text.IndexOf(' ', start) is var space and >= 0 && space < first ? space + 1 : first;
        }

        var end = Math.Min(text.Length, start + Length);
        if (end < text.Length && text.LastIndexOf(' ', end - 1, end - start) is var cut and > 0 && cut > first)
        {
            end = cut;
        }

        var html = new StringBuilder(Length + 64);
        if (start > 0)
        {
            html.Append("… ");
        }

        var at = start;
        foreach (var match in matches.Where(m => m.Start >= start && m.End <= end))
        {
            html.Append(WebUtility.HtmlEncode(text[at..match.Start])).Append("<mark>")
                .Append(WebUtility.HtmlEncode(text[match.Start..match.End])).Append("</mark>");
            at = match.End;
        }

        html.Append(WebUtility.HtmlEncode(text[at..end]));
        if (end < text.Length)
        {
            html.Append(" …");
        }

        return html.ToString();
    }

    /// <summary>Matched only by its name: the start of its text, cut at a word.</summary>
    public static string Lead(string text)
    {
        if (text.Length <= Length)
        {
            return WebUtility.HtmlEncode(text);
        }

        var cut = text.LastIndexOf(' ', Length);
        return WebUtility.HtmlEncode(text[..(cut > 40 ? cut : Length)]) + " …";
    }

    private List<(int Start, int End, string Word)> Matches(string text)
    {
        var matches = new List<(int, int, string)>();
        using var stream = _analyzer.GetTokenStream(SearchFields.Body, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var word = term.ToString();
            if (_words.Contains(word) || _prefixes.Exists(p => word.StartsWith(p, StringComparison.Ordinal)))
            {
                matches.Add((offset.StartOffset, offset.EndOffset, word));
            }
        }

        stream.End();
        return matches;
    }
}
