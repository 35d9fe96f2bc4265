using System.Security.Cryptography;
using System.Text;

namespace SqmSite.Cms.Webhooks;

/// <summary>
/// How a delivery is signed, in the Stripe and Standard Webhooks style: <c>Webhook-Signature: v1=&lt;hex&gt;</c>, the
/// lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of <c>"{Webhook-Timestamp}.{body}"</c>. The timestamp
/// (Unix seconds) is signed with the body so that a receiver can refuse an old delivery replayed to it.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Webhook-Id";
    public const string TimestampHeader = "Webhook-Timestamp";
    public const string SignatureHeader = "Webhook-Signature";
    public const string EventHeader = "Webhook-Event";

    private const string Version = "v1=";
    private const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes, base64url, with a prefix that says what it is when it turns up in a log.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The header value for a body sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return Version + Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// What a receiver does: recompute and compare in constant time, and refuse a timestamp further than
    /// <paramref name="tolerance"/> from <paramref name="now"/>. Shown here so that receivers (and the tests) have a reference.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, out var timestamp) || signatureHeader is null
            || (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));

        // A header may carry several signatures (during a secret change), separated by spaces.
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
