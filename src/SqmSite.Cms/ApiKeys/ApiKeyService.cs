using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.ApiKeys;

/// <summary>
/// Delivery API keys on the engine's database. Validation answers from <see cref="ApiKeyValidationCache"/> for a short
/// while; every answer is checked against the clock, so a key expires on time even while it is remembered.
/// </summary>
internal sealed class ApiKeyService(CmsDbContext db, ApiKeyValidationCache cache, TimeProvider clock, ILogger<ApiKeyService> logger) : IApiKeyService
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Attempt<IssuedApiKey, ApiKeyOperationStatus>> CreateAsync(string name, ApiKeyScope scope, DateTime expiresUtc, string? createdBy,
        CancellationToken ct = default)
    {
        if (!Enum.IsDefined(scope))
        {
            // The page offers only the defined scopes; anything else is a caller's bug, not a person's mistake.
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown API key scope.");
        }

        var now = Now;
        name = (name ?? "").Trim();
        var expires = expiresUtc.Kind == DateTimeKind.Local ? expiresUtc.ToUniversalTime() : DateTime.SpecifyKind(expiresUtc, DateTimeKind.Utc);
        var errors = new Dictionary<string, string>();
        var status = ApiKeyOperationStatus.Success;
        if (name.Length == 0)
        {
            errors["Name"] = "Give the key a name, such as the app or site that will use it.";
        }
        else if (name.Length > ApiKeyConfiguration.MaxNameLength)
        {
            errors["Name"] = $"A key's name may have at most {ApiKeyConfiguration.MaxNameLength} characters (this one has {name.Length}).";
        }
        else if (await NameInUseAsync(name, now, ct))
        {
            errors["Name"] = $"An active key is already called “{name}”. Choose another name, or revoke that key first.";
        }

        if (errors.Count > 0)
        {
            status = ApiKeyOperationStatus.InvalidName;
        }

        if (expires <= now)
        {
            errors["Expires"] = "Choose an expiry date in the future.";
        }
        else if (expires > now.AddYears(1))
        {
            // The longest a key may live: a forgotten key should die on its own.
            errors["Expires"] = "A key may last at most a year: choose an earlier expiry date.";
        }

        if (errors.Count > 0)
        {
            status = status == ApiKeyOperationStatus.Success ? ApiKeyOperationStatus.InvalidExpiry : status;
            return Attempt<IssuedApiKey, ApiKeyOperationStatus>.Fail(status, errors.Values.First(), errors);
        }

        var token = ApiKeyTokens.NewToken();
        var key = new ApiKey(Guid.NewGuid(), name, scope, ApiKeyTokens.PrefixOf(token), ApiKeyTokens.Hash(token), now, expires, Actor(createdBy));
        db.Add(key);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("API key {Key} ({Name}, {Scope}) created by {Actor}, expires {Expires:o}", key.Key, key.Name, key.Scope, key.CreatedBy, key.ExpiresUtc);
        return Attempt<IssuedApiKey, ApiKeyOperationStatus>.Ok(new IssuedApiKey(key.ToSummary(), token));
    }

    /// <summary>
    /// Among active keys only: a revoked or expired key's name may be used again, so a client's new key can keep its
    /// name. Compared without case, as people read names. Two administrators creating the same name in the same instant
    /// could both succeed; that costs a confusing list, not access, so no lock is taken for it.
    /// </summary>
    private async Task<bool> NameInUseAsync(string name, DateTime now, CancellationToken ct)
    {
        var active = await db.Set<ApiKey>().AsNoTracking().Where(k => k.RevokedUtc == null && k.ExpiresUtc > now).Select(k => k.Name).ToListAsync(ct);
        return active.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken ct = default)
    {
        var now = Now;
        var keys = await db.Set<ApiKey>().AsNoTracking().ToListAsync(ct);

        // Few rows (housekeeping removes old ones), and "active" depends on the clock: sorted here.
        return [.. keys.OrderByDescending(k => k.IsActive(now)).ThenByDescending(k => k.CreatedUtc).Select(k => k.ToSummary())];
    }

    public async Task<Attempt<ApiKeySummary, ApiKeyOperationStatus>> RevokeAsync(Guid key, string? revokedBy, CancellationToken ct = default)
    {
        var row = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Key == key, ct);
        if (row is null)
        {
            return Attempt<ApiKeySummary, ApiKeyOperationStatus>.Fail(ApiKeyOperationStatus.NotFound,
                "That key does not exist (keys are deleted 90 days after they expire or are revoked).");
        }

        if (!row.Revoke(Now, Actor(revokedBy)))
        {
            return Attempt<ApiKeySummary, ApiKeyOperationStatus>.Fail(ApiKeyOperationStatus.AlreadyRevoked, $"“{row.Name}” was revoked already.",
                value: row.ToSummary());
        }

        await db.SaveChangesAsync(ct);

        // After the commit: a look-up from now on reads the revocation.
        cache.Evict(row.TokenHash, row.Key);
        logger.LogInformation("API key {Key} ({Name}) revoked by {Actor}", row.Key, row.Name, row.RevokedBy);
        return Attempt<ApiKeySummary, ApiKeyOperationStatus>.Ok(row.ToSummary());
    }

    public ApiKeySummary? RecentlyValidated(string? token) =>
        ApiKeyTokens.IsWellFormed(token) && cache.TryGet(ApiKeyTokens.Hash(token!), Now, out var key) && key is not null && key.IsActive(Now) ? key : null;

    public async ValueTask<ApiKeySummary?> ValidateAsync(string? token, CancellationToken ct = default)
    {
        // The shape first: an empty, overlong or odd header never reaches the hash, the cache or the database.
        if (!ApiKeyTokens.IsWellFormed(token))
        {
            return null;
        }

        // By hash, in memory and in the database alike: equal hashes say nothing about how close a wrong token was.
        var hash = ApiKeyTokens.Hash(token!);
        var now = Now;
        if (!cache.TryGet(hash, now, out var key))
        {
            var generation = cache.Generation;
            var row = await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.TokenHash == hash, ct);
            key = row is not null && row.IsActive(now) ? row.ToSummary() : null;
            cache.Set(hash, key, now, generation);
        }

        if (key is null || !key.IsActive(now))
        {
            return null;
        }

        if (cache.ClaimLastUseWrite(key, now))
        {
            await RecordUseAsync(key.Key, now, ct);
        }

        return key;
    }

    /// <summary>Bookkeeping only: a failed write is logged and the request goes on with its valid key.</summary>
    private async Task RecordUseAsync(Guid key, DateTime now, CancellationToken ct)
    {
        try
        {
            await db.Set<ApiKey>().Where(k => k.Key == key).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedUtc, now), ct);
        }
        catch (DbException ex)
        {
            logger.LogWarning(ex, "Could not record the use of API key {Key}", key);
        }
    }

    private static string? Actor(string? name) => name is { Length: > ApiKeyConfiguration.MaxActorLength } ? name[..ApiKeyConfiguration.MaxActorLength] : name;
}
