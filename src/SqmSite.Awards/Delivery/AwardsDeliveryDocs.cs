using System.ComponentModel;
using SqmSite.Cms.Delivery;

namespace SqmSite.Awards.Delivery;

/// <summary>
/// The awards answers' shapes for the OpenAPI document only: the endpoints write their JSON directly (see
/// <see cref="AwardsDeliveryJson"/>), and a test checks that the two agree.
/// </summary>
public static class AwardsDeliveryDocs
{
    [Description("A date of a step; a range when until is set (the interviews).")]
    public sealed record CycleDate(
        [property: Description("Opens, Closes, Due, Interviews, Finalists notified by, Announced by")] string Label,
        [property: Description("With the offset of the cycle's time zone")] DateTimeOffset Date,
        DateTimeOffset? Until);

    [Description("One of the five steps. It runs from start (inclusive) to its deadline end (exclusive).")]
    public sealed record CycleStep(
        [property: Description("1 to 5")] int Number,
        [property: Description("application, eligibilityChecklist, finalistSelection, nominationStory or winners")] string Kind,
        string Title,
        [property: Description("done, open or upcoming")] string State,
        DateTimeOffset Start,
        DateTimeOffset End,
        CycleDate[] Dates);

    [Description("The next deadline or start date, with the calendar days to it in the cycle's time zone (0: today).")]
    public sealed record CycleMilestone([property: Description("e.g. Applications close")] string Label, DateTimeOffset Date, int DaysAway);

    public sealed record GalaDates(DateTimeOffset Start, DateTimeOffset End, [property: Description("done, open or upcoming")] string State);

    [Description("An award cycle (one award year) with its timeline as it stands now.")]
    public sealed record AwardCycle(
        Guid Id,
        string Name,
        [property: Description("The application year")] int Year,
        [property: Description("The two years whose FCR and Csat a nomination story reports")] int[] RatingsYears,
        [property: Description("The IANA id of the zone the deadlines are set in, e.g. America/New_York")] string TimeZone,
        [property: Description("The zone as people say it, e.g. Eastern Time")] string TimeZoneName,
        [property: Description("The kind of the step open now; null before applications open, between steps and after the winners")] string? OpenStep,
        [property: Description("Null once the gala is over")] CycleMilestone? NextMilestone,
        CycleStep[] Steps,
        GalaDates Gala,
        [property: Description("Where this cycle's categories are listed")] string Categories);

    public sealed record CategoryList(
        [property: Description("The cycle's year; null when no cycle is set up and every published category is listed")] int? Year,
        int Total,
        [property: Description("Each category's guidelines page (content type categoryPage)")] DeliveryDocs.ContentItem[] Items);

    public sealed record WinnerCategory(
        [property: Description("The category's guidelines page; null when the story names none that is published")] Guid? Id,
        string Name);

    [Description("A year's results as the story reports them, in percent.")]
    public sealed record WinnerResult(int Year, decimal? Fcr, decimal? Csat);

    [Description("A published winner: its story's id (the whole story is at /content/item/{id}), who won what and when, and its logo.")]
    public sealed record Winner(
        Guid Id,
        int Year,
        WinnerCategory Category,
        [property: Description("The winner's official name")] string Organization,
        string Headline,
        string? Summary,
        DeliveryDocs.Route Route,
        [property: Description("The logo as a media item with its crops; null when there is none")] DeliveryDocs.MediaItem? Logo,
        WinnerResult[] Results);

    public sealed record WinnerList([property: Description("How many winners matched, before skip and take")] int Total, Winner[] Items);
}
