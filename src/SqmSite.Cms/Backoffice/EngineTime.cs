using System.Globalization;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Backoffice;

/// <summary>
/// Times in the engine's backoffice, in the engine's zone (<see cref="CmsOptions.TimeZone"/>) and worded by
/// <see cref="SiteTime"/>, so the editor, versions, forms entries and outbox all read "December 1, 2026, 6:07 PM
/// Eastern Time" rather than UTC in one place and an unnamed local time in another.
/// </summary>
public sealed class EngineTime(IOptions<CmsOptions> options)
{
    private const string InputFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The engine's zone; UTC when the setting names no zone this machine knows.</summary>
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.TryFindSystemTimeZoneById(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"Eastern Time".</summary>
    public string ZoneName => SiteTime.ZoneName(Zone);

    /// <summary>"December 1, 2026, 6:07 PM Eastern Time".</summary>
    public string Format(DateTime utc) => SiteTime.Format(utc, Zone);

    /// <summary>"Dec 1, 2026, 6:07 PM", for tables whose heading names the zone.</summary>
    public string FormatShort(DateTime utc) => SiteTime.FormatShort(utc, Zone);

    /// <summary>The value of a datetime-local input showing <paramref name="utc"/> in the engine's zone.</summary>
    public string? ToInput(DateTime? utc) =>
        utc is { } u ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(u, DateTimeKind.Utc), Zone).ToString(InputFormat, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// Reads a datetime-local value as a time in the engine's zone. Empty is "no time" (null, no error); otherwise
    /// either the UTC moment or a message in the site's words naming the field by its <paramref name="label"/>.
    /// </summary>
    public (DateTime? Utc, string? Error) FromInput(string? input, string label)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return (null, null);
        }

        if (!DateTime.TryParseExact(input.Trim(), [InputFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local))
        {
            return (null, $"{label}: enter a date and time such as 2027-09-30 09:00.");
        }

        if (Zone.IsInvalidTime(local))
        {
            return (null, $"{label}: that time does not exist on that day in {ZoneName} (the clocks change); pick another.");
        }

        return (TimeZoneInfo.ConvertTimeToUtc(local, Zone), null);
    }
}
