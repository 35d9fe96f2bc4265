using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Winners;

/// <summary>A published winner story as the lists show it.</summary>
public sealed record WinnerCard(PublishedContent Story, string Organization, string Category, int Year, string Headline, string? Summary, Guid? Logo,
    Guid? CategoryPage)
{
    public string Url => Story.Url;
}

/// <summary>One year's FCR and Csat as a winner story reports them (percent).</summary>
public sealed record WinnerResult(int Year, decimal? Fcr, decimal? Csat);

/// <summary>A category of one year: its winner's story when published, "no award", or not announced.</summary>
public sealed record YearCategory(string Name, string? GuidelinesUrl, WinnerCard? Winner, bool NoAward);

/// <summary>
/// The past winners, read from the published snapshot only: a winner story is in it only when the publishing guard let
/// it go live (consent in force, after the embargo), and a withdrawal takes it out. Nothing here reads a draft.
/// </summary>
public sealed partial class PastWinners(IPublishedContentCache cache, AwardsDbContext db, CycleCatalog cycles)
{
    public const int PageSize = 12;

    /// <summary>Every published winner, the newest year first, then by category and organization.</summary>
    public IReadOnlyList<WinnerCard> All() =>
        [.. cache.Snapshot.OfType(WinnerContentTypes.Story).Select(Card)
            .OrderByDescending(c => c.Year).ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Organization, StringComparer.OrdinalIgnoreCase)];

    public IReadOnlyList<WinnerCard> Latest(int count) => [.. All().Take(count)];

    /// <summary>The winners of a category (its guidelines page's key), the newest first.</summary>
    public IReadOnlyList<WinnerCard> ForCategory(Guid categoryPageKey, string categoryName) =>
        [.. All().Where(c => c.CategoryPage == categoryPageKey || (c.CategoryPage is null && string.Equals(c.Category, categoryName, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>A filtered page of the list: year and category as the visitor chose (unknown values match nothing), page from 1.</summary>
    public (IReadOnlyList<WinnerCard> Items, int Total, int Page, int Pages) Filter(int? year, string? category, int page)
    {
        var matching = All().Where(c => (year is null || c.Year == year)
            && (string.IsNullOrWhiteSpace(category) || string.Equals(c.Category, category.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        return ([.. matching.Skip((page - 1) * PageSize).Take(PageSize)], matching.Count, page, pages);
    }

    /// <summary>
    /// The categories of a year's cycle in the published order, each with its published winner, or "no award" once
    /// announced. A winner whose story is not live is shown as nothing (not announced, or no consent): never by name.
    /// </summary>
    public async Task<IReadOnlyList<YearCategory>> YearAsync(int year, CancellationToken ct = default)
    {
        var snapshot = cache.Snapshot;
        var published = All().Where(c => c.Year == year).ToList();
        var cycle = cycles.All.FirstOrDefault(c => c.Year == year);
        if (cycle is null)
        {
            return [.. published.GroupBy(c => c.Category).Select(g => new YearCategory(g.Key, g.First().CategoryPage is { } k ? snapshot.ByKey(k)?.Url : null, g.First(), false))];
        }

        var noAward = await db.WinnerDecisions.AsNoTracking()
            .Where(d => d.CycleId == cycle.Id && d.NominationId == null && d.AnnouncedUtc != null).Select(d => d.CategoryKey).ToListAsync(ct);
        var list = new List<YearCategory>();
        foreach (var key in cycle.CategoryKeys)
        {
            var page = snapshot.ByKey(key);
            var name = page?.Name;
            var winner = published.FirstOrDefault(c => c.CategoryPage == key) ?? (name is null ? null : published.FirstOrDefault(c => c.CategoryPage is null && c.Category == name));
            name ??= winner?.Category;
            if (name is not null)
            {
                list.Add(new YearCategory(name, page?.Url, winner, winner is null && noAward.Contains(key)));
            }
        }

        return list;
    }

    public static WinnerCard Card(PublishedContent story) => new(
        story,
        story.Value("organizationName") ?? story.Name,
        story.Value("category") ?? "",
        story.Number("year") is { } y ? (int)y : 0,
        story.Value("headline") ?? story.Name,
        story.Value("summary"),
        story.Picked("logo"),
        story.Picked("categoryPage"));

    /// <summary>
    /// The story's results lines ("2025: FCR 78%, Csat 91%"), read leniently; lines that are not results are skipped.
    /// </summary>
    public static IReadOnlyList<WinnerResult> Results(PublishedContent story) =>
        [.. story.List("results").Select(ParseResult).OfType<WinnerResult>().OrderBy(r => r.Year)];

    internal static WinnerResult? ParseResult(string line)
    {
        var year = YearPattern().Match(line);
        if (!year.Success)
        {
            return null;
        }

        decimal? Figure(string metric)
        {
            var m = Regex.Match(line, metric + @"\s*[:=]?\s*(\d{1,3}(?:\.\d+)?)\s*%?", RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
            return m.Success && decimal.TryParse(m.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v <= 100 ? v : null;
        }

        var result = new WinnerResult(int.Parse(year.Value, CultureInfo.InvariantCulture), Figure("FCR"), Figure("Csat"));
        return result.Fcr is null && result.Csat is null ? null : result;
    }

    [GeneratedRegex(@"^\s*(19|20|21)\d\d\b")]
    private static partial Regex YearPattern();
}
