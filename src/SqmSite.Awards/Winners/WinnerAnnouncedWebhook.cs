using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Awards.Winners;

/// <summary>
/// The package's webhook event: a category's winner was announced. The body carries what the announcement makes public:
/// the cycle's year, the category, the time, and the organization's name only while its publishing consent for the
/// website is in force (at the announcement it usually is not yet signed). Never scores, judges or contacts.
/// </summary>
internal static class WinnerAnnouncedWebhook
{
    public const string Alias = "winner.announced";

    public static readonly WebhookEventType Type = new(Alias, "Winner announced",
        "A category's winner was announced: the cycle's year, the category, and the organization's name once it consented to be published.");

    /// <summary>Raised in the announcement's own transaction on <paramref name="db"/>, so the event exists exactly when the announcement does.</summary>
    public static async Task RaiseAsync(IWebhookEvents webhooks, AwardsDbContext db, AwardCycle cycle, WinnerDecision decision, CancellationToken ct)
    {
        if (decision.NominationId is not { } winnerId
            || await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Id == winnerId, ct) is not { } winner)
        {
            return;
        }

        var consents = await db.Set<WinnerConsent>().AsNoTracking().Where(c => c.NominationId == winnerId).ToListAsync(ct);
        var organization = consents.Any(c => c.InForce)
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == winner.OrganizationId).Select(o => o.OfficialName).FirstOrDefaultAsync(ct)
            : null;
        var data = new JsonObject
        {
            ["cycleYear"] = cycle.Year,
            ["category"] = new JsonObject { ["id"] = decision.CategoryKey, ["name"] = winner.CategoryName },
            ["organization"] = organization is null ? null : new JsonObject { ["name"] = organization },
            ["announcedUtc"] = decision.AnnouncedUtc,
        };
        await webhooks.RaiseAsync(Alias, data, db, ct);
    }
}
