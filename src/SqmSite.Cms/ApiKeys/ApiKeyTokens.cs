using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SqmSite.Cms.ApiKeys;

/// <summary>
/// The token format: <c>sqm_</c> and 32 random bytes in base64url (43 characters). The marker lets secret scanners and
/// people recognize a leaked token; the fixed shape lets validation refuse anything else before it costs a query.
/// </summary>
internal static class ApiKeyTokens
{
    public const string Marker = "sqm_";

    private const int RandomBytes = 32;

    /// <summary>43: base64url of 32 bytes, without padding.</summary>
    private static readonly int EncodedLength = Base64Url.GetEncodedLength(RandomBytes);

    public static readonly int TokenLength = Marker.Length + EncodedLength;

    /// <summary><c>sqm_</c> and eight characters: shown to staff, and far too short to guess the rest from.</summary>
    public const int PrefixLength = 12;

    /// <summary>SHA-256 in hex.</summary>
    public const int HashLength = 64;

    public static string NewToken() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    public static string PrefixOf(string token) => token[..PrefixLength];

    /// <summary>
    /// The stored form of a token. A plain hash is enough (no salt, no slow hash): the token is 256 random bits, not a
    /// password a person chose, so there is nothing to guess from the hash.
    /// </summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when <paramref name="token"/> has exactly the shape <see cref="NewToken"/> makes.</summary>
    public static bool IsWellFormed(string? token)
    {
        if (token is null || token.Length != TokenLength || !token.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in token.AsSpan(Marker.Length))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
