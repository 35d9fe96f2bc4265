using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;

namespace SqmSite.Awards.Winners;

/// <summary>
/// The rule of the sources, where every path to the site passes: the engine asks before any version goes live (the
/// backoffice, the scheduler, uSync import, any API), and a winner story goes live only when it is tied to a declared
/// winner, that winner's publishing consent is in force, and the cycle's announcement time has come (the embargo).
/// The reason reaches the editor.
/// </summary>
internal sealed class WinnerPublishingGuard(AwardsDbContext db, TimeProvider clock) : INotificationHandler<ContentPublishingNotification>
{
    public async Task HandleAsync(ContentPublishingNotification notification, CancellationToken cancellationToken)
    {
        if (!string.Equals(notification.Node.ContentTypeAlias, WinnerContentTypes.Story, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (await RefusalAsync(notification.Node.Key, cancellationToken) is { } reason)
        {
            notification.Cancel(reason);
        }
    }

    /// <summary>Why the winner story with this content key may not be public now, or null when it may.</summary>
    internal async Task<string?> RefusalAsync(Guid contentKey, CancellationToken ct)
    {
        var row = await (from l in db.Set<WinnerStoryLink>().AsNoTracking()
                         join n in db.Nominations.AsNoTracking() on l.NominationId equals n.Id
                         join c in db.Cycles.AsNoTracking() on n.CycleId equals c.Id
                         join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                         where l.ContentKey == contentKey
                         select new { n.Id, n.AwardedUtc, Organization = o.OfficialName, Cycle = c }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return "This winner story is not tied to a declared winner (it was made by hand or imported), so it cannot be published. Winner stories are made when staff declare a winner.";
        }

        if (row.AwardedUtc is null)
        {
            return "This story's organization is not a declared winner.";
        }

        var consents = await db.Set<WinnerConsent>().AsNoTracking().Where(c => c.NominationId == row.Id).ToListAsync(ct);
        if (!consents.Any(c => c.InForce))
        {
            return consents.Any(c => c.IsWithdrawn)
                ? $"{row.Organization} withdrew its publishing consent: nothing of this winner may be public."
                : $"{row.Organization} has not given publishing consent yet: nothing of a winner may be public without it. The winner signs the terms in the portal, or staff record a signed paper on the Winners page.";
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (now < row.Cycle.Dates.WinnersAnnouncedByUtc)
        {
            return $"The {row.Cycle.Year} winners are under embargo until {row.Cycle.Format(row.Cycle.Dates.WinnersAnnouncedByUtc)}. Schedule the story to publish at that time instead.";
        }

        return null;
    }
}
