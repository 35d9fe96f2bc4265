using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SqmSite.Cms.Telemetry;

/// <summary>
/// The site's own instruments, beside ASP.NET Core's (requests), the HTTP client's and the runtime's: the queues of the
/// outbox and of webhook deliveries, how far this instance is behind the change log, how long a snapshot build and an
/// image rendition take. Meter and activity source "SqmSite".
/// </summary>
public sealed class SiteMetrics : IDisposable
{
    public const string Name = "SqmSite";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Meter _meter;

    public SiteMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        Renditions = _meter.CreateHistogram<double>("sqmsite.media.rendition.duration", "s", "Time to make one image rendition (decode, resize, encode)");
        SnapshotBuilds = _meter.CreateHistogram<double>("sqmsite.content.snapshot.duration", "s", "Time to build the published snapshot from the database");
        _meter.CreateObservableGauge("sqmsite.outbox.queued", () => Queued, "{message}", "Emails waiting to be sent (queued or being sent)");
        _meter.CreateObservableGauge("sqmsite.webhooks.pending", () => PendingDeliveries, "{delivery}", "Webhook deliveries waiting for an attempt");
        _meter.CreateObservableGauge("sqmsite.changelog.behind", () => ChangesBehind, "{change}", "Change-log rows this instance has not applied yet");
    }

    public Histogram<double> Renditions { get; }

    public Histogram<double> SnapshotBuilds { get; }

    /// <summary>Sampled every few seconds by <see cref="TelemetrySampler"/>: a scrape never waits for the database.</summary>
    internal long Queued { get; set; }

    internal long PendingDeliveries { get; set; }

    internal long ChangesBehind { get; set; }

    public void Dispose() => _meter.Dispose();
}
