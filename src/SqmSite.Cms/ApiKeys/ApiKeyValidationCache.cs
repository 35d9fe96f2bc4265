using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace SqmSite.Cms.ApiKeys;

/// <summary>
/// What <see cref="ApiKeyService.ValidateAsync"/> remembers between requests (one per site instance): recent answers by
/// token hash, and when each key's last use was written. A delivery client sends its token on every call, and neither
/// the look-up nor the bookkeeping should cost a query per call.
/// </summary>
internal sealed class ApiKeyValidationCache : IDisposable
{
    /// <summary>How long a known key is answered from memory. A revocation on this instance evicts it at once.</summary>
    public static readonly TimeSpan HitLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Shorter: an unknown token is usually a typo that is fixed and sent again.</summary>
    public static readonly TimeSpan MissLifetime = TimeSpan.FromSeconds(5);

    /// <summary>A key's last use is written at most this often: "last used" is for people, to the minute is enough.</summary>
    public static readonly TimeSpan LastUsedInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A cache of its own, bounded: a caller sending random well-formed tokens fills it with misses, and the shared
    /// cache of the site must not grow with that. Entries count one each.
    /// </summary>
    private readonly MemoryCache answers = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    private readonly ConcurrentDictionary<Guid, DateTime> lastUseWritten = new();

    /// <summary>Bumped by every eviction, so that a look-up that read the database before a revocation does not cache its stale answer after it.</summary>
    private long generation;

    /// <summary>An answer and until when it holds, by the site's <see cref="TimeProvider"/> (the cache's own expiry only frees memory).</summary>
    private sealed record Answer(ApiKeySummary? Key, DateTime FreshUntilUtc);

    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(string hash, DateTime utcNow, out ApiKeySummary? key)
    {
        if (answers.TryGetValue(hash, out Answer? answer) && answer is not null && answer.FreshUntilUtc > utcNow)
        {
            key = answer.Key;
            return true;
        }

        key = null;
        return false;
    }

    /// <summary>Remembers the answer read from the database, unless a key was evicted since <paramref name="generationBeforeRead"/>.</summary>
    public void Set(string hash, ApiKeySummary? key, DateTime utcNow, long generationBeforeRead)
    {
        var lifetime = key is null ? MissLifetime : HitLifetime;
        answers.Set(hash, new Answer(key, utcNow + lifetime), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });

        // Evict bumps the generation before it removes, so either it removes this entry or this check sees the bump.
        if (Generation != generationBeforeRead)
        {
            answers.Remove(hash);
        }
    }

    public void Evict(string hash, Guid key)
    {
        Interlocked.Increment(ref generation);
        answers.Remove(hash);
        lastUseWritten.TryRemove(key, out _);
    }

    /// <summary>True for the one caller that should write this use: none has been written within <see cref="LastUsedInterval"/>.</summary>
    public bool ClaimLastUseWrite(ApiKeySummary key, DateTime utcNow)
    {
        // The stored time counts too: another instance, or this one before a restart, may have written it just now.
        if (key.LastUsedUtc is { } stored && utcNow - stored < LastUsedInterval)
        {
            return false;
        }

        if (lastUseWritten.TryGetValue(key.Key, out var written))
        {
            return utcNow - written >= LastUsedInterval && lastUseWritten.TryUpdate(key.Key, utcNow, written);
        }

        return lastUseWritten.TryAdd(key.Key, utcNow);
    }

    public void Dispose() => answers.Dispose();
}
