using System.Globalization;

namespace SqmSite.Cms.Web;

/// <summary>
/// How the site shows a moment to people: in one time zone, named as people say it ("Eastern Time"), never as
/// an IANA id or in UTC. The zones editors may choose from are <see cref="Choices"/>; a zone outside the list
/// (an older setting) is still shown, by its standard name.
/// </summary>
public static class SiteTime
{
    /// <summary>A zone people may pick, with the name the site shows for it.</summary>
    public sealed record ZoneChoice(string Id, string Name);

    /// <summary>The zones offered in pickers, west to east. Ids are IANA ids, which .NET resolves on every platform.</summary>
    public static IReadOnlyList<ZoneChoice> Choices { get; } =
    [
        new("Pacific/Honolulu", "Hawaii Time"),
        new("America/Anchorage", "Alaska Time"),
        new("America/Los_Angeles", "Pacific Time"),
        new("America/Phoenix", "Mountain Time (Arizona)"),
        new("America/Denver", "Mountain Time"),
        new("America/Chicago", "Central Time"),
        new("America/Mexico_City", "Mexico City Time"),
        new("America/New_York", "Eastern Time"),
        new("America/Toronto", "Eastern Time (Toronto)"),
        new("America/Halifax", "Atlantic Time"),
        new("America/St_Johns", "Newfoundland Time"),
        new("America/Sao_Paulo", "Brasília Time"),
        new("UTC", "Coordinated Universal Time (UTC)"),
        new("Europe/London", "UK Time"),
        new("Europe/Dublin", "Irish Time"),
        new("Europe/Paris", "Central European Time"),
        new("Europe/Berlin", "Central European Time (Berlin)"),
        new("Europe/Athens", "Eastern European Time"),
        new("Africa/Johannesburg", "South Africa Time"),
        new("Asia/Dubai", "Gulf Time"),
        new("Asia/Kolkata", "India Time"),
        new("Asia/Singapore", "Singapore Time"),
        new("Asia/Manila", "Philippine Time"),
        new("Asia/Tokyo", "Japan Time"),
        new("Australia/Sydney", "Australian Eastern Time"),
        new("Pacific/Auckland", "New Zealand Time"),
    ];

    private static readonly Dictionary<string, string> Names = Choices.ToDictionary(c => c.Id, c => c.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="id"/> is one of <see cref="Choices"/>.</summary>
    public static bool IsChoice(string? id) => id is not null && Names.ContainsKey(id);

    /// <summary>The zone's name as people say it: "Eastern Time" for America/New_York.</summary>
    public static string ZoneName(TimeZoneInfo zone) =>
        Names.TryGetValue(zone.Id, out var name) ? name
        : zone == TimeZoneInfo.Utc ? Names["UTC"]
        : zone.StandardName.Replace(" Standard", "", StringComparison.Ordinal);

    /// <summary>"December 1, 2026, 6:07 PM Eastern Time".</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone) =>
        Local(utc, zone).ToString("MMMM d, yyyy, h:mm tt", CultureInfo.InvariantCulture) + " " + ZoneName(zone);

    /// <summary>"Dec 1, 2026, 6:07 PM": short, for tables whose heading names the zone.</summary>
    public static string FormatShort(DateTime utc, TimeZoneInfo zone) =>
        Local(utc, zone).ToString("MMM d, yyyy, h:mm tt", CultureInfo.InvariantCulture);

    /// <summary>"December 1, 2026".</summary>
    public static string FormatDate(DateTime utc, TimeZoneInfo zone) =>
        Local(utc, zone).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
