using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Data;

namespace SqmSite.Awards.Cycles;

/// <summary>
/// The award cycles, in memory, so public pages can show the current cycle's dates without touching the
/// database. Reloaded at start-up and after every change made through <see cref="CycleService"/>.
/// </summary>
public sealed class CycleCatalog(IServiceScopeFactory scopes, TimeProvider clock)
{
    private volatile IReadOnlyList<AwardCycle> _cycles = [];

    /// <summary>The name of this cache in the engine's change log.</summary>
    public const string ChangeName = "awards.cycles";

    public IReadOnlyList<AwardCycle> All => _cycles;

    /// <summary>The cycle people are in now: the earliest whose gala has not ended, else the latest.</summary>
    public AwardCycle? Current
    {
        get
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var cycles = _cycles;
            return cycles.Where(c => c.Dates.GalaEndUtc > now).MinBy(c => c.Dates.GalaEndUtc) ?? cycles.MaxBy(c => c.Year);
        }
    }

    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        _cycles = await scope.ServiceProvider.GetRequiredService<AwardsDbContext>().Cycles.AsNoTracking().OrderBy(c => c.Year).ToListAsync(ct);
    }
}

/// <summary>A cycle as a seed file in uSync/Awards/Cycles: wall-clock dates in the cycle's zone, categories by page key.</summary>
public sealed record CycleFile(string Name, int Year, string TimeZone, IReadOnlyList<Guid> Categories, IReadOnlyDictionary<string, string> Dates)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CycleFile Read(string path) => JsonSerializer.Deserialize<CycleFile>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} is empty.");

    public CycleDates ToDates()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        DateTime Utc(string name) => TimeZoneInfo.ConvertTimeToUtc(
            DateTime.ParseExact(Dates[name], "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), zone);
        return new CycleDates(Utc("applicationsOpen"), Utc("applicationsClose"), Utc("checklistDue"), Utc("interviewsStart"),
            Utc("interviewsEnd"), Utc("finalistsNotifiedBy"), Utc("storiesDue"), Utc("winnersAnnouncedBy"), Utc("galaStart"), Utc("galaEnd"));
    }
}

/// <summary>A cycle changed on another instance: this one reloads its cycles and lets its caches know, as a local change does.</summary>
internal sealed class CyclesFollowedHandler(CycleCatalog catalog, SqmSite.Cms.Notifications.IEventAggregator events)
    : SqmSite.Cms.Notifications.INotificationHandler<SqmSite.Cms.Instances.ChangesFollowedNotification>
{
    public async Task HandleAsync(SqmSite.Cms.Instances.ChangesFollowedNotification notification, CancellationToken cancellationToken)
    {
        if (SqmSite.Cms.Instances.ChangeSignals.Includes(notification, CycleCatalog.ChangeName))
        {
            await catalog.ReloadAsync(cancellationToken);
            await events.PublishAsync(new CycleChangedNotification(), cancellationToken);
        }
    }
}
