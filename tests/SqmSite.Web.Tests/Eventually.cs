using System.Diagnostics;

namespace SqmSite.Web.Tests;

/// <summary>For what happens in the background (another instance following, an index catching up): how long it took.</summary>
public static class Eventually
{
    /// <summary>How long until <paramref name="condition"/> held, polled every 10 ms; the limit (5 s unless given) when it never did.</summary>
    public static async Task<TimeSpan> WithinAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        var until = limit ?? TimeSpan.FromSeconds(5);
        while (watch.Elapsed < until)
        {
            if (await condition())
            {
                return watch.Elapsed;
            }

            await Task.Delay(10);
        }

        return until;
    }
}
