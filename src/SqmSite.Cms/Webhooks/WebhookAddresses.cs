using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace SqmSite.Cms.Webhooks;

/// <summary>
/// Where a webhook may post (SSRF): an absolute http or https address, and unless
/// <see cref="WebhookOptions.AllowPrivateAddresses"/> is set, only to public addresses. The address a name resolves to is
/// checked at every connection by <see cref="ConnectAsync"/>, which then connects to exactly that address: a check at
/// registration alone would let a name be pointed at the internal network later.
/// </summary>
internal static class WebhookAddresses
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/127"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>The URL as a webhook keeps it, or a sentence saying what is wrong with it.</summary>
    public static (Uri? Url, string? Problem) Check(string? text, bool allowPrivate)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (null, "Enter the address to post to, such as https://example.org/hooks/awards.");
        }

        if (text.Length > Webhook.UrlMaxLength)
        {
            return (null, $"The address is longer than {Webhook.UrlMaxLength} characters.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(url.Host))
        {
            return (null, "Enter a complete http:// or https:// address, such as https://example.org/hooks/awards.");
        }

        if (url.UserInfo.Length > 0)
        {
            return (null, "Leave the user name and password out of the address; deliveries are signed with the secret instead.");
        }

        if (url.Fragment.Length > 0)
        {
            return (null, "Leave the #fragment out of the address: it is never sent to the receiver.");
        }

        if (!allowPrivate && (url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(url.DnsSafeHost, out var ip) && !IsPublic(ip))))
        {
            return (null, "This address is on this machine or a private network; webhooks post only to public addresses here.");
        }

        return (url, null);
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return !IPAddress.IsLoopback(address) && !NonPublic.Any(n => n.Contains(address));
    }

    /// <summary>The connection step of the webhook client: resolve, refuse what is not allowed, connect to what was checked.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
        {
            throw new WebhookAddressRefusedException(addresses.Length == 0
                ? $"{host} did not resolve to any address."
                : $"{host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, which is not a public address; refused (setting SqmSite:Webhooks:AllowPrivateAddresses).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The receiver's address is one webhooks may not post to; nothing was sent.</summary>
internal sealed class WebhookAddressRefusedException(string message) : Exception(message);
