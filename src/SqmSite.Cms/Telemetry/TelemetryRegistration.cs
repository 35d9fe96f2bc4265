using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Telemetry;

/// <summary>
/// Traces, metrics and logs with OpenTelemetry: requests (ASP.NET Core), outgoing calls (webhooks, SMTP is not HTTP),
/// PostgreSQL commands (Npgsql's own source), the runtime, and the site's own <see cref="SiteMetrics"/>. Exported over
/// OTLP when <c>SqmSite:Telemetry:OtlpEndpoint</c> is set, scraped by Prometheus at <c>/metrics</c> when
/// <c>SqmSite:Telemetry:Prometheus</c> is on; with neither, nothing is collected (the instruments cost nothing unheard).
/// </summary>
internal static class TelemetryRegistration
{
    public static IServiceCollection AddSqmTelemetryCore(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<SiteMetrics>();
        return services;
    }

    public static WebApplicationBuilder AddSqmTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().Bind(section)
            .Validate(o => o.OtlpEndpoint is null or "" || Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out _), "SqmSite:Telemetry:OtlpEndpoint must be an absolute URL.")
            .Validate(o => o.PrometheusPath.StartsWith('/'), "SqmSite:Telemetry:PrometheusPath must start with /.")
            .Validate(o => o.PrometheusAllowedFrom.All(n => IPNetwork.TryParse(n, out _) || IPAddress.TryParse(n, out _)),
                "SqmSite:Telemetry:PrometheusAllowedFrom holds addresses or networks such as 10.0.0.0/8.")
            .ValidateOnStart();
        builder.Services.AddHostedService<TelemetrySampler>();

        // Every log line carries the trace and span of the request it belongs to (in its scope; as fields in JSON).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var otlp = options.OtlpEndpoint is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        if (otlp is null && !options.Prometheus)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("sqmsite", serviceInstanceId: Environment.MachineName + "-" + Environment.ProcessId))
            .WithMetrics(m =>
            {
                m.AddMeter(SiteMetrics.Name, "Npgsql", "Microsoft.EntityFrameworkCore")
                    .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (options.Prometheus)
                {
                    m.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    m.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(t => t.AddSource(SiteMetrics.Name, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = otlp));
            builder.Logging.AddOpenTelemetry(l =>
            {
                l.IncludeScopes = true;
                l.AddOtlpExporter(o => o.Endpoint = otlp);
            });
        }

        if (options.Prometheus)
        {
            builder.Services.AddEndpointModule<PrometheusEndpoint>();
        }

        return builder;
    }

    /// <summary>The scrape endpoint, answered only to the networks allowed (404 to anyone else, as if it did not exist).</summary>
    private sealed class PrometheusEndpoint(Microsoft.Extensions.Options.IOptions<TelemetryOptions> options) : IEndpointModule
    {
        public void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
            var allowed = options.Value.PrometheusAllowedFrom.Select(n => IPNetwork.TryParse(n, out var net) ? net : new IPNetwork(IPAddress.Parse(n), IPAddress.Parse(n).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)).ToList();
            endpoints.MapPrometheusScrapingEndpoint(options.Value.PrometheusPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
            {
                var address = http.Connection.RemoteIpAddress;
                // No address: an in-memory test server, which is this process.
                var ok = address is null || IPAddress.IsLoopback(address) || allowed.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
                if (!ok)
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await next(http);
            }), optionsName: null).AllowAnonymous();
        }
    }
}
