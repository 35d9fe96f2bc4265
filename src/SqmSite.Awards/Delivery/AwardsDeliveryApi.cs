using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Delivery;
using SqmSite.Cms.Delivery.Content;
using SqmSite.Cms.Published;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Delivery;

/// <summary>
/// The awards part of the delivery API, below <c>/api/delivery/v1/awards</c>: the current cycle's timeline, the
/// categories with their guidelines, and the published winners. It reads what the public site shows and nothing else:
/// the live snapshot (never drafts, preview key or not), the cycles in memory, and for winners the consent record.
/// </summary>
internal sealed class AwardsDeliveryApi : IEndpointModule
{
    public const string CategoryType = "categoryPage";
    private const string PublishedOnly = " Published content only: a preview key with `Preview: true` gets the same answer as everyone.";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var awards = endpoints.MapDeliveryGroup("/awards", "Awards");
        awards.MapGet("/cycles/current", CurrentCycle).WithName("GetCurrentAwardCycle")
            .WithSummary("The current award cycle: its five steps, their dates and which one is open")
            .WithDescription("""
                The cycle people are in now (the earliest whose gala has not ended, else the latest): its year, the ratings
                years a story reports, its time zone, each step with its dates and state (`done`, `open`, `upcoming`), the
                gala, and the next deadline with the days to it, counted in the cycle's time zone. Dates carry the cycle's
                offset. The answer changes as time passes: a cached one ends at the next deadline or local midnight.
                404 when no cycle is set up.
                """ + PublishedOnly)
            .CacheUntilTimeBoundaries()
            .Produces<AwardsDeliveryDocs.AwardCycle>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
        awards.MapGet("/categories", CategoriesAsync).WithName("GetAwardCategories")
            .WithSummary("The award categories with their guidelines")
            .WithDescription("""
                The categories open in a year's cycle, in the order the cycle lists them (the current cycle when `year` is
                left out; every published category when there is no cycle at all). Each is its guidelines page as a content
                item: `summary`, `kind`, `overview`, `impactOnCx`, `impactMetrics`, `storyShouldCover`, `categoryQuestions`.
                `fields=` limits the properties as for `/content`. 404 when the year has no cycle.
                """ + PublishedOnly)
            .Produces<AwardsDeliveryDocs.CategoryList>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
        awards.MapGet("/winners", WinnersAsync).WithName("GetAwardWinners")
            .WithSummary("Published winners, by year and category")
            .WithDescription("""
                The winners whose story is published, the newest year first, then by category and organization. A winner is
                listed only while its publishing consent for the website is in force and after its year's winners are
                announced: a withdrawal takes it out at once. `year` and `category` (a category's name or id, as
                `/awards/categories` gives them) narrow the list; `skip` and `take` (at most 100, 10 when left out) page it,
                and `total` counts every match. Fetch a whole story with `/content/item/{id}`.
                """ + PublishedOnly)
            .Produces<AwardsDeliveryDocs.WinnerList>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);
    }

    private static IResult CurrentCycle(CycleCatalog cycles, TimeProvider clock)
    {
        var cycle = cycles.Current;
        if (ProcessTimeline.FromCycle(cycle, clock) is not { } timeline)
        {
            return DeliveryProblems.NotFound("No award cycle is set up yet.");
        }

        return new DeliveryJsonResult(w => AwardsDeliveryJson.WriteCycle(w, cycle!, timeline));
    }

    private static async Task<IResult> CategoriesAsync(HttpContext http, DeliverySnapshots snapshots, CycleCatalog cycles,
        [Description("The award year, such as 2027; the current cycle's when left out.")] string? year,
        [Description("Properties to include, e.g. `properties[summary,kind]`; all when left out.")] string? fields)
    {
        var errors = new Dictionary<string, string>();
        var asked = ParseYear(year, errors);
        var selection = PropertySelection.Parse(fields, "fields", PropertySelection.All);
        if (!selection.Succeeded)
        {
            errors["fields"] = selection.Message ?? "fields is not valid.";
        }

        if (errors.Count > 0)
        {
            return DeliveryProblems.Invalid(errors);
        }

        var cycle = asked is { } y ? cycles.All.FirstOrDefault(c => c.Year == y) : cycles.Current;
        if (asked is not null && cycle is null)
        {
            return DeliveryProblems.NotFound($"There is no award cycle for {asked}.");
        }

        var view = await snapshots.PublishedAsync(http.RequestAborted);
        IReadOnlyList<PublishedContent> pages = cycle is null
            ? [.. view.Snapshot.All.Where(IsCategory)]
            : [.. cycle.CategoryKeys.Select(view.Snapshot.ByKey).OfType<PublishedContent>().Where(IsCategory)];
        return new DeliveryJsonResult(w => AwardsDeliveryJson.WriteCategories(w, view, cycle?.Year, pages, selection.Value!));
    }

    private static async Task<IResult> WinnersAsync(HttpContext http, DeliverySnapshots snapshots, PastWinners winners,
        [Description("The award year, such as 2025.")] string? year,
        [Description("A category's name (such as `IVR Self-Service`) or its id.")] string? category,
        [Description("How many matches to skip (a whole number, 0 when left out).")] string? skip,
        [Description("How many to return: 0 to 100, 10 when left out.")] string? take)
    {
        var errors = new Dictionary<string, string>();
        var asked = ParseYear(year, errors);
        var (skipCount, takeCount) = ContentQuery.ParsePaging(skip, take, errors);
        var view = await snapshots.PublishedAsync(http.RequestAborted);
        Func<WinnerCard, bool> inCategory = _ => true;
        if (!string.IsNullOrWhiteSpace(category))
        {
            if (FindCategory(view.Snapshot, category.Trim()) is { } categoryPage)
            {
                inCategory = card => PastWinners.InCategory(card, categoryPage.Key, categoryPage.Name);
            }
            else
            {
                errors["category"] = $"'{ContentQuery.Shorten(category.Trim())}' is not an award category: give a category's name or id, as /awards/categories lists them.";
            }
        }

        if (errors.Count > 0)
        {
            return DeliveryProblems.Invalid(errors);
        }

        var matching = (await winners.InForceAsync(http.RequestAborted)).Where(c => (asked is null || c.Year == asked) && inCategory(c)).ToList();
        var page = matching.Skip(skipCount).Take(takeCount).ToList();
        return new DeliveryJsonResult(w => AwardsDeliveryJson.WriteWinners(w, view, matching.Count, page));
    }

    private static bool IsCategory(PublishedContent item) => string.Equals(item.ContentTypeAlias, CategoryType, StringComparison.OrdinalIgnoreCase);

    /// <summary>A published category page by its id or its name (any case); null when none is.</summary>
    private static PublishedContent? FindCategory(PublishedSnapshot snapshot, string nameOrId) =>
        Guid.TryParse(nameOrId, out var key)
            ? snapshot.ByKey(key) is { } byKey && IsCategory(byKey) ? byKey : null
            : snapshot.All.FirstOrDefault(c => IsCategory(c) && string.Equals(c.Name, nameOrId, StringComparison.OrdinalIgnoreCase));

    private static int? ParseYear(string? value, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2200)
        {
            return year;
        }

        errors["year"] = "year must be an award year such as 2025 (from 2000 to 2200).";
        return null;
    }
}

/// <summary>The awards answers' JSON, written directly as the engine's delivery answers are (the shapes are in <see cref="AwardsDeliveryDocs"/>).</summary>
internal static class AwardsDeliveryJson
{
    public static void WriteCycle(Utf8JsonWriter w, AwardCycle cycle, ProcessTimeline timeline)
    {
        w.WriteStartObject();
        w.WriteString("id", cycle.Key);
        w.WriteString("name", cycle.Name);
        w.WriteNumber("year", cycle.Year);
        w.WriteStartArray("ratingsYears");
        foreach (var year in cycle.RatingsYears)
        {
            w.WriteNumberValue(year);
        }

        w.WriteEndArray();
        w.WriteString("timeZone", cycle.TimeZoneId);
        w.WriteString("timeZoneName", cycle.ZoneName);
        if (timeline.OpenStep is { } open)
        {
            w.WriteString("openStep", Name(open.Kind));
        }
        else
        {
            w.WriteNull("openStep");
        }

        if (timeline.NextMilestone is { } next)
        {
            w.WriteStartObject("nextMilestone");
            w.WriteString("label", next.Label);
            w.WriteString("date", Date(next.Moment));
            w.WriteNumber("daysAway", next.DaysAway);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("nextMilestone");
        }

        w.WriteStartArray("steps");
        foreach (var step in timeline.Steps)
        {
            w.WriteStartObject();
            w.WriteNumber("number", step.Number);
            w.WriteString("kind", Name(step.Kind));
            w.WriteString("title", step.Title);
            w.WriteString("state", Name(step.State));
            w.WriteString("start", Date(step.Start));
            w.WriteString("end", Date(step.End));
            w.WriteStartArray("dates");
            foreach (var line in step.Dates)
            {
                w.WriteStartObject();
                w.WriteString("label", line.Label);
                w.WriteString("date", Date(line.From));
                if (line.To is { } to)
                {
                    w.WriteString("until", Date(to));
                }
                else
                {
                    w.WriteNull("until");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("gala");
        w.WriteString("start", Date(timeline.GalaStart));
        w.WriteString("end", Date(timeline.GalaEnd));
        w.WriteString("state", Name(timeline.GalaState));
        w.WriteEndObject();
        w.WriteString("categories", DeliveryRoutes.Prefix + "/awards/categories?year=" + cycle.Year.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    public static void WriteCategories(Utf8JsonWriter w, DeliveryView view, int? year, IReadOnlyList<PublishedContent> pages, PropertySelection fields)
    {
        w.WriteStartObject();
        if (year is { } y)
        {
            w.WriteNumber("year", y);
        }
        else
        {
            w.WriteNull("year");
        }

        w.WriteNumber("total", pages.Count);
        w.WriteStartArray("items");
        foreach (var page in pages)
        {
            view.Writer.WriteItem(w, page, fields, PropertySelection.None, 1);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteWinners(Utf8JsonWriter w, DeliveryView view, int total, IReadOnlyList<WinnerCard> winners)
    {
        w.WriteStartObject();
        w.WriteNumber("total", total);
        w.WriteStartArray("items");
        foreach (var winner in winners)
        {
            w.WriteStartObject();
            w.WriteString("id", winner.Story.Key);
            w.WriteNumber("year", winner.Year);
            w.WriteStartObject("category");
            if (winner.CategoryPage is { } key && view.Snapshot.ByKey(key) is { } page)
            {
                w.WriteString("id", page.Key);
            }
            else
            {
                w.WriteNull("id");
            }

            w.WriteString("name", winner.Category);
            w.WriteEndObject();
            w.WriteString("organization", winner.Organization);
            w.WriteString("headline", winner.Headline);
            w.WriteString("summary", winner.Summary);
            DeliveryJson.WriteRoute(w, winner.Story);
            w.WritePropertyName("logo");
            if (winner.Logo is { } logo && view.Media.ByKey(logo) is { } entry)
            {
                view.Writer.WriteMedia(w, entry);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartArray("results");
            foreach (var result in PastWinners.Results(winner.Story))
            {
                w.WriteStartObject();
                w.WriteNumber("year", result.Year);
                Percent(w, "fcr", result.Fcr);
                Percent(w, "csat", result.Csat);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Percent(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>The instant with the offset it has in the cycle's zone: "2027-09-30T23:59:00-04:00".</summary>
    private static DateTimeOffset Date(ProcessMoment moment) => moment.Utc.ToOffset(moment.Offset);

    private static string Name(Enum value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
