using SqmSite.Cms.Published;

namespace SqmSite.Cms.Search.Querying;

/// <summary>
/// What editors maintain for search, as a data item of the content tree (document type <c>searchSettings</c>, seeded by
/// uSync): synonym groups, one per line with commas between ("CSR, agent"), and searches to suggest when nothing is
/// found. Published like any content, so a change is live at once and kept in the item's versions.
/// </summary>
internal sealed class SearchSettings
{
    public const string ContentTypeAlias = "searchSettings";

    private static readonly SearchSettings None = new([], []);

    private SearchSettings(IReadOnlyList<IReadOnlyList<string>> synonyms, IReadOnlyList<string> suggestions)
    {
        Synonyms = synonyms;
        Suggestions = suggestions;
    }

    /// <summary>Groups of words or phrases that mean the same, each as the editor typed it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Synonyms { get; }

    public IReadOnlyList<string> Suggestions { get; }

    public static SearchSettings From(PublishedSnapshot snapshot)
    {
        var item = snapshot.Roots.FirstOrDefault(r => r.ContentTypeAlias == ContentTypeAlias)
                   ?? snapshot.All.FirstOrDefault(r => r.ContentTypeAlias == ContentTypeAlias);
        return item is null ? None : new SearchSettings(ParseSynonyms(item.Value("synonyms")), [.. item.List("suggestions").Where(s => s.Trim().Length > 0).Select(s => s.Trim())]);
    }

    /// <summary>One group per line; words or phrases split by commas; a line of fewer than two is ignored.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ParseSynonyms(string? text) =>
        [.. (text ?? "").Split('\n')
            .Select(line => (IReadOnlyList<string>)[.. line.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)])
            .Where(group => group.Count > 1)];
}
