using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace SqmSite.Cms.Security;

/// <summary>
/// <c>SqmSite:ForwardedHeaders</c>: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the site believes.
/// Rate limits key on the visitor's address, so behind a proxy they need the forwarded one; from anyone else the
/// headers are ignored, or a visitor could pick a fresh bucket per request.
/// </summary>
public static class ForwardedHeadersSettings
{
    public const string Section = CmsOptions.Section + ":ForwardedHeaders";

    /// <summary>Reads the settings; with none given, only a proxy on the same machine (loopback) is believed.</summary>
    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        var section = configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0)
        {
            return;
        }

        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address) ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies: \"{proxy}\" is not an IP address."));
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed) ? parsed
                : throw new InvalidOperationException($"{Section}:KnownNetworks: \"{network}\" is not a network such as 10.0.0.0/8."));
        }
    }
}
