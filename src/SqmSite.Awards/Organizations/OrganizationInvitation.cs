using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SqmSite.Awards.Organizations;

/// <summary>
/// A member's invitation to a colleague to join the organization. The emailed link carries a random token; only
/// its SHA-256 hash is stored, so the table alone opens no door. It works once, for seven days, unless revoked.
/// </summary>
public sealed class OrganizationInvitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>The words the email uses for <see cref="Lifetime"/>.</summary>
    public const string LifetimeText = "7 days";

    /// <summary>Pending invitations an organization may have at one time.</summary>
    public const int MaxPending = 20;

    /// <summary>How often one invitation may be sent again, and how many invitation emails an organization may send in a day.</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(10);

    public const int MaxSentPerDay = 50;

    public const int MaxNameLength = 100;

    public const int MaxEmailLength = 256;

    private OrganizationInvitation()
    {
    }

    public OrganizationInvitation(int organizationId, string email, string normalizedEmail, string name, string invitedByUserId, string tokenHash,
        DateTime utcNow)
    {
        Key = Guid.NewGuid();
        OrganizationId = organizationId;
        Email = email.Trim();
        NormalizedEmail = normalizedEmail;
        Renew(name, invitedByUserId, tokenHash, utcNow);
    }

    public int Id { get; private set; }

    /// <summary>How pages refer to the invitation (revoke, send again).</summary>
    public Guid Key { get; private set; }

    public int OrganizationId { get; private set; }

    /// <summary>The address as the inviter typed it; the link is sent there.</summary>
    public string Email { get; private set; } = "";

    /// <summary>The address as the user store normalizes it, to find duplicates and existing accounts.</summary>
    public string NormalizedEmail { get; private set; } = "";

    /// <summary>The colleague's name as the inviter gave it; the colleague may correct it on accepting.</summary>
    public string Name { get; private set; } = "";

    public string InvitedByUserId { get; private set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token in the link.</summary>
    public string TokenHash { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime ExpiresUtc { get; private set; }

    public DateTime? AcceptedUtc { get; private set; }

    public string? AcceptedUserId { get; private set; }

    public DateTime? RevokedUtc { get; private set; }

    /// <summary>
    /// Erasing the invited person (a privacy request): the row keeps its dates, the address and name go. The address
    /// becomes a unique placeholder so the one-open-invitation-per-address index still holds.
    /// </summary>
    internal void Anonymize(string replacement)
    {
        Email = $"erased-{Key:N}@invalid";
        NormalizedEmail = Email.ToUpperInvariant();
        Name = replacement;
        AcceptedUserId = null;
    }

    /// <summary>Erasing the person who sent it: the invitation stays, without pointing at their account.</summary>
    internal void ForgetInviter() => InvitedByUserId = "";

    /// <summary>Neither accepted nor revoked (it may have expired, and can then be sent again).</summary>
    public bool IsOpen => AcceptedUtc is null && RevokedUtc is null;

    public bool IsPending(DateTime utcNow) => IsOpen && utcNow < ExpiresUtc;

    /// <summary>A new token and seven more days: the link sent before stops working.</summary>
    public void Renew(string name, string invitedByUserId, string tokenHash, DateTime utcNow)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException("An accepted or revoked invitation cannot be sent again.");
        }

        Name = name.Trim();
        InvitedByUserId = invitedByUserId;
        TokenHash = tokenHash;
        CreatedUtc = utcNow;
        ExpiresUtc = utcNow + Lifetime;
    }

    public bool Revoke(DateTime utcNow)
    {
        if (!IsOpen)
        {
            return false;
        }

        RevokedUtc = utcNow;
        return true;
    }

    public bool Accept(string userId, DateTime utcNow)
    {
        if (!IsPending(utcNow))
        {
            return false;
        }

        AcceptedUtc = utcNow;
        AcceptedUserId = userId;
        return true;
    }

    /// <summary>A new random token for a link (256 bits, URL-safe), and the hash to store.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, HashToken(token));
    }

    /// <summary>
    /// The stored form of a token. Looking the hash up (rather than comparing tokens) keeps the comparison's
    /// timing unrelated to the secret.
    /// </summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
