namespace SqmSite.Cms.Telemetry;

/// <summary>Settings under "SqmSite:Telemetry".</summary>
public sealed class TelemetryOptions
{
    public const string Section = "SqmSite:Telemetry";

    /// <summary>An OTLP collector (e.g. http://collector:4317): traces, metrics and logs go there when set.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Serve metrics for Prometheus to scrape at <see cref="PrometheusPath"/>.</summary>
    public bool Prometheus { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// Who may scrape: addresses or networks in CIDR form. Loopback alone when empty; metrics name queues and internals,
    /// so they are for the operators' network, not the public.
    /// </summary>
    public string[] PrometheusAllowedFrom { get; set; } = [];

    /// <summary>Console logs as JSON lines, each with its trace and span id (for a log shipper).</summary>
    public bool JsonLogs { get; set; }
}
