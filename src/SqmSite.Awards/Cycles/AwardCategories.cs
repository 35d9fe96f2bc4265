using SqmSite.Awards.Nominations;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Cycles;

/// <summary>An award category as its published guideline page describes it.</summary>
public sealed record AwardCategory(Guid Key, string Name, string? Summary, CategoryKind Kind, bool AcceptsNominationsByOthers, string Url)
{
    public CategoryKindRules Rules => CategoryKinds.Of(Kind);
}

/// <summary>
/// The award categories: the published pages of type <c>categoryPage</c>, whose "kind" (practice, individual, team,
/// employee satisfaction) and "nominationsByOthers" properties editors set. A cycle opens some of them for entries.
/// </summary>
public sealed class AwardCategories(IPublishedContentCache content)
{
    public const string ContentTypeAlias = "categoryPage";

    /// <summary>The published category with this page key, or null (not a category, or not published).</summary>
    public AwardCategory? Find(Guid key) =>
        content.Snapshot.ByKey(key) is { ContentTypeAlias: ContentTypeAlias } page ? From(page) : null;

    /// <summary>Every published category, in the site's order.</summary>
    public IReadOnlyList<AwardCategory> All() =>
        [.. content.Snapshot.All.Where(c => c.ContentTypeAlias == ContentTypeAlias).OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal).Select(From)];

    /// <summary>The categories a cycle opens, in the cycle's order; a page unpublished since is left out.</summary>
    public IReadOnlyList<AwardCategory> OpenIn(AwardCycle cycle) => [.. cycle.CategoryKeys.Select(Find).OfType<AwardCategory>()];

    public static AwardCategory From(PublishedContent page) =>
        new(page.Key, page.Name, page.Value("summary"), CategoryKinds.Of(page).Kind, page.Bool("nominationsByOthers"), page.Url);
}
