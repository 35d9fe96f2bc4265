using System.Globalization;
using Microsoft.Extensions.Options;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Outbox;

/// <summary>Times as staff read them: in the site's time zone, with the zone named.</summary>
public sealed class OutboxTime(IOptions<CmsOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.TryFindSystemTimeZoneById(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public string Zone => _zone.Id;

    public string Format(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, _zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
}
