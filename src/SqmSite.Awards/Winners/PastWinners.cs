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
public sealed partial class PastWinners(IPublishedContentCache cache, AwardsDbContext db, CycleCatalog cycles, TimeProvider clock)
{
    public const int PageSize = 12;

    /// <summary>Every published winner, the newest year first, then by category and organization.</summary>
    public IReadOnlyList<WinnerCard> All() =>
        [.. cache.Snapshot.OfType(WinnerContentTypes.Story).Select(Card)
            .OrderByDescending(c => c.Year).ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Organization, StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// <see cref="All"/>, held again against the record as it is now: a story counts only while it is tied to a declared
    /// winner whose publishing consent is in force and whose year's winners are announced. The publishing guard checked
    /// the same when the story went live; checking again as it is read means a withdrawal whose take-down failed, or a
    /// story that reached the snapshot some other way, still shows no winner. Two small queries.
    /// </summary>
    public async Task<IReadOnlyList<WinnerCard>> InForceAsync(CancellationToken ct = default)
    {
        var all = All();
        if (all.Count == 0)
        {
            return all;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var winners = await (from l in db.Set<WinnerStoryLink>().AsNoTracking()
                             join n in db.Nominations.AsNoTracking() on l.NominationId equals n.Id
                             join c in db.Cycles.AsNoTracking() on n.CycleId equals c.Id
                             where n.AwardedUtc != null
                             select new { l.ContentKey, NominationId = n.Id, Announced = c.Dates.WinnersAnnouncedByUtc }).ToListAsync(ct);
        var consented = (await db.Set<WinnerConsent>().AsNoTracking().Where(c => c.WithdrawalRecordedUtc == null).ToListAsync(ct))
            .Where(c => c.InForce).Select(c => c.NominationId).ToHashSet();
        var allowed = winners.Where(w => consented.Contains(w.NominationId) && w.Announced <= now).Select(w => w.ContentKey).ToHashSet();
        return [.. all.Where(c => allowed.Contains(c.Story.Key))];
    }

    /// <summary>Whether a card belongs to a category: its guidelines page, or for a story without one, the category's name.</summary>
    public static bool InCategory(WinnerCard card, Guid categoryPageKey, string categoryName) =>
        card.CategoryPage == categoryPageKey || (card.CategoryPage is null && string.Equals(card.Category, categoryName, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<WinnerCard> Latest(int count) => [.. All().Take(count)];

    /// <summary>The winners of a category (its guidelines page's key), the newest first.</summary>
    public IReadOnlyList<WinnerCard> ForCategory(Guid categoryPageKey, string categoryName) =>
        [.. All().Where(c => InCategory(c, categoryPageKey, categoryName))];

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
