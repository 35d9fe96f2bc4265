using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Pages.Portal;

public sealed class DashboardModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, Gala.RsvpService rsvps,
    OutsideNominationService outside, TimeProvider clock) : PortalPageModel(accounts, catalog)
{
    public IReadOnlyList<Nomination> Nominations { get; private set; } = [];

    /// <summary>Nominations by others that staff accepted and sent to this person's address, still open to take up.</summary>
    public IReadOnlyList<OutsideNomination> Invitations { get; private set; } = [];

    public bool ApplicationsOpen { get; private set; }

    /// <summary>The organization's gala invitation of this cycle, with the gala and how many of its people have a seat.</summary>
    public (Gala.GalaEvent Gala, Gala.GalaInvitation Invitation, int Seated, bool Open)? GalaInvitation { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Cycle is null)
        {
            return;
        }

        Nominations = await nominations.ForOrganizationAsync(Organization.Id, Cycle.Id, ct);
        Invitations = await outside.InvitationsForAsync(User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? User.Identity?.Name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        ApplicationsOpen = now >= Cycle.Dates.ApplicationsOpenUtc && now < Cycle.Dates.ApplicationsCloseUtc;
        if (await rsvps.ForOrganizationAsync(Organization.Id, Cycle.Id, ct) is { } invitation && await rsvps.GalaAsync(invitation.GalaId, ct) is { } gala)
        {
            var seated = (await rsvps.PeopleAsync(invitation.Id, ct)).Count(p => p.Status == Gala.AttendeeStatus.Accepted);
            GalaInvitation = (gala, invitation, seated, gala.RsvpOpen(now));
        }
    }
}
