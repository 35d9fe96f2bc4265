using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Web;

/// <summary>
/// A moment when cached pages go stale by themselves, with nothing published: a deadline passing, or a new day in
/// the zone where "closes in N days" is counted. Packages register one for what their pages show.
/// </summary>
public interface IOutputCacheBoundary
{
    /// <summary>The next such moment after <paramref name="now"/>, or null when there is none.</summary>
    DateTimeOffset? Next(DateTimeOffset now);
}

/// <summary>What any output cache policy uses to end a cached answer at the next boundary (the site's pages, the delivery API).</summary>
public static class OutputCacheBoundaries
{
    /// <summary><paramref name="lifetime"/>, cut short so that it ends at the first boundary after <paramref name="now"/>.</summary>
    public static TimeSpan? Shorten(TimeSpan? lifetime, DateTimeOffset now, IEnumerable<IOutputCacheBoundary> boundaries)
    {
        foreach (var boundary in boundaries)
        {
            if (boundary.Next(now) is { } next && next > now && (lifetime is null || next - now < lifetime))
            {
                lifetime = next - now;
            }
        }

        return lifetime;
    }
}

/// <summary>
/// Shortens a cached page's lifetime so that it ends at the next boundary: the page cached at 23:55 is not served
/// at 00:05 saying "closes in 3 days" when it is 2. Publishing still evicts at once; this covers the passing of time.
/// </summary>
internal sealed class OutputCacheBoundaryPolicy : IOutputCachePolicy
{
    // Boundaries are singletons: resolved on the first request, not on every one (this runs on the hot path).
    private IOutputCacheBoundary[]? _boundaries;
    private TimeProvider? _clock;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var services = context.HttpContext.RequestServices;
        _clock ??= services.GetRequiredService<TimeProvider>();
        _boundaries ??= [.. services.GetServices<IOutputCacheBoundary>()];
        context.ResponseExpirationTimeSpan = OutputCacheBoundaries.Shorten(context.ResponseExpirationTimeSpan, _clock.GetUtcNow(), _boundaries);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}
