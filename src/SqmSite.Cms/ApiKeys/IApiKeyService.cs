namespace SqmSite.Cms.ApiKeys;

/// <summary>What a key lets its holder read through the delivery API. Every key is read-only.</summary>
public enum ApiKeyScope
{
    /// <summary>Published content only: the key a client needs when the API's public access is off.</summary>
    Read,

    /// <summary>Published content and drafts (the <c>Preview: true</c> header).</summary>
    Preview,
}

public enum ApiKeyOperationStatus
{
    Success,
    InvalidName,
    InvalidExpiry,
    NotFound,
    AlreadyRevoked,
}

/// <summary>A key as staff see it: never its secret, which is stored only as a hash.</summary>
/// <param name="Prefix">The first characters of the token, enough for a person to tell keys apart.</param>
public sealed record ApiKeySummary(Guid Key, string Name, ApiKeyScope Scope, string Prefix, DateTime CreatedUtc, DateTime ExpiresUtc,
    DateTime? RevokedUtc, DateTime? LastUsedUtc, string? CreatedBy)
{
    public bool IsActive(DateTime utcNow) => RevokedUtc is null && ExpiresUtc > utcNow;

    public bool AllowsPreview => Scope == ApiKeyScope.Preview;
}

/// <summary>A new key with its token, which is shown once and never again.</summary>
public sealed record IssuedApiKey(ApiKeySummary Summary, string Token);

/// <summary>Delivery API keys (Umbraco's Delivery API key, but one per client, expiring and revocable).</summary>
public interface IApiKeyService
{
    Task<Attempt<IssuedApiKey, ApiKeyOperationStatus>> CreateAsync(string name, ApiKeyScope scope, DateTime expiresUtc, string? createdBy,
        CancellationToken ct = default);

    /// <summary>Every key, the active ones first, newest first.</summary>
    Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken ct = default);

    Task<Attempt<ApiKeySummary, ApiKeyOperationStatus>> RevokeAsync(Guid key, string? revokedBy, CancellationToken ct = default);

    /// <summary>
    /// The active key a presented token belongs to, or null (unknown, malformed, expired or revoked). Called on every
    /// delivery request that carries a token, so it answers from memory for a short while; a revocation takes effect at once.
    /// </summary>
    ValueTask<ApiKeySummary?> ValidateAsync(string? token, CancellationToken ct = default);

    /// <summary>
    /// The active key this token was validated as in the last seconds, from memory only (never the database), else null:
    /// what the rate limit counts by, which runs before validation and must not give a made-up token an allowance of its own.
    /// </summary>
    ApiKeySummary? RecentlyValidated(string? token);
}
