using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Cms.Search;

/// <summary>
/// How often a search was made on a day, and how often it found nothing: the query text and two numbers, nothing about
/// who searched (no address, no account, no time finer than the day). Editors read it to improve wording and synonyms.
/// The table is the engine's because every table of the engine's database is migrated here; the search project
/// writes and reads it through <see cref="SearchQueryCounts"/> (decision 0021).
/// </summary>
public sealed class SearchQueryCount
{
    public const int QueryMaxLength = 100;

    private SearchQueryCount()
    {
    }

    internal SearchQueryCount(DateOnly day, string query, int searches, int withoutResults)
    {
        Day = day;
        Query = query;
        Searches = searches;
        WithoutResults = withoutResults;
    }

    public DateOnly Day { get; private set; }

    /// <summary>As <see cref="SearchQueryCounts.Normalize"/> made it: lower case, one space between words.</summary>
    public string Query { get; private set; } = "";

    public int Searches { get; private set; }

    public int WithoutResults { get; private set; }
}

internal sealed class SearchQueryCountConfiguration : IEntityTypeConfiguration<SearchQueryCount>
{
    public void Configure(EntityTypeBuilder<SearchQueryCount> b)
    {
        b.ToTable("cmsSearchQueryCount");
        b.HasKey(x => new { x.Day, x.Query });
        b.Property(x => x.Query).HasMaxLength(SearchQueryCount.QueryMaxLength);
    }
}

/// <summary>A search as counted: the query, the total, on a day.</summary>
public sealed record SearchQueryTotal(string Query, int Searches, int WithoutResults);

/// <summary>
/// Counts searches in memory and adds them to the day's rows every little while (<see cref="FlushAsync"/>), so a search
/// costs no database write. Several instances add to the same rows. Text that looks like a person's details (an email
/// address, a long number) is never kept.
/// </summary>
public sealed partial class SearchQueryCounts(TimeProvider clock)
{
    /// <summary>Distinct queries held between two flushes; beyond it (a flood of made-up queries) the rest go uncounted.</summary>
    public const int MaxPending = 5_000;

    private ConcurrentDictionary<(DateOnly Day, string Query), Pending> _pending = new();

    /// <summary>Counts a search of the first page of results.</summary>
    public void Record(string query, bool found)
    {
        if (Normalize(query) is not { } normalized)
        {
            return;
        }

        var key = (DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), normalized);
        var pending = _pending;
        if (!pending.TryGetValue(key, out var counter))
        {
            if (pending.Count >= MaxPending)
            {
                return;
            }

            counter = pending.GetOrAdd(key, _ => new Pending());
        }

        Interlocked.Increment(ref counter.Searches);
        if (!found)
        {
            Interlocked.Increment(ref counter.WithoutResults);
        }
    }

    /// <summary>Lower case, one space between words, at most 100 characters; null for nothing, or for what looks personal.</summary>
    public static string? Normalize(string query)
    {
        var words = string.Join(' ', query.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (words.Length == 0 || Personal().IsMatch(words))
        {
            return null;
        }

        return words.Length <= SearchQueryCount.QueryMaxLength ? words : words[..SearchQueryCount.QueryMaxLength].TrimEnd();
    }

    /// <summary>Adds what was counted since the last flush to the database; returns how many rows it touched.</summary>
    public async Task<int> FlushAsync(CmsDbContext db, CancellationToken ct)
    {
        var taken = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(DateOnly, string), Pending>());
        var rows = 0;
        foreach (var ((day, query), counter) in taken)
        {
            var (searches, without) = (Volatile.Read(ref counter.Searches), Volatile.Read(ref counter.WithoutResults));
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var updated = await db.Set<SearchQueryCount>().Where(c => c.Day == day && c.Query == query)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Searches, c => c.Searches + searches).SetProperty(c => c.WithoutResults, c => c.WithoutResults + without), ct);
                if (updated > 0)
                {
                    break;
                }

                db.Add(new SearchQueryCount(day, query, searches, without));
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateException)
                {
                    // Another instance made the row at the same moment: add to it instead.
                    db.ChangeTracker.Clear();
                }
            }

            rows++;
        }

        return rows;
    }

    /// <summary>The most frequent searches since <paramref name="since"/>, and those that most often found nothing.</summary>
    public static async Task<(IReadOnlyList<SearchQueryTotal> Frequent, IReadOnlyList<SearchQueryTotal> WithoutResults)> TopAsync(CmsDbContext db, DateOnly since, int take, CancellationToken ct)
    {
        var totals = db.Set<SearchQueryCount>().AsNoTracking().Where(c => c.Day >= since)
            .GroupBy(c => c.Query)
            .Select(g => new { Query = g.Key, Searches = g.Sum(c => c.Searches), WithoutResults = g.Sum(c => c.WithoutResults) });
        var frequent = await totals.OrderByDescending(t => t.Searches).ThenBy(t => t.Query).Take(take).ToListAsync(ct);
        var without = await totals.Where(t => t.WithoutResults > 0).OrderByDescending(t => t.WithoutResults).ThenBy(t => t.Query).Take(take).ToListAsync(ct);
        return ([.. frequent.Select(t => new SearchQueryTotal(t.Query, t.Searches, t.WithoutResults))],
            [.. without.Select(t => new SearchQueryTotal(t.Query, t.Searches, t.WithoutResults))]);
    }

    [GeneratedRegex(@"@|\d[\d\s\-().]{5,}\d")]
    private static partial Regex Personal();

    private sealed class Pending
    {
        public int Searches;
        public int WithoutResults;
    }
}

/// <summary>Search counts are kept for a year: enough to compare award seasons, no longer.</summary>
internal sealed class SearchQueryCountRetention(CmsDbContext db) : IHousekeepingTask
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(366);

    public string Name => "search counts older than a year";

    public async Task<int> RunAsync(DateTime utcNow, CancellationToken cancellationToken)
    {
        var cutoff = DateOnly.FromDateTime(utcNow - KeepFor);
        return await db.Set<SearchQueryCount>().Where(c => c.Day < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}

public static class SearchQueryCountsRegistration
{
    /// <summary>The counter of searches and its retention; the search module adds it with its own registration.</summary>
    public static IServiceCollection AddSqmSearchCounts(this IServiceCollection services)
    {
        services.AddSingleton<SearchQueryCounts>();
        services.AddScoped<IHousekeepingTask, SearchQueryCountRetention>();
        return services;
    }
}
