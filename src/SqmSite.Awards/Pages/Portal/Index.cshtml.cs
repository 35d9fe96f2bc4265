using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Pages.Portal;

public sealed class DashboardModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, TimeProvider clock)
    : PortalPageModel(accounts, catalog)
{
    public IReadOnlyList<Nomination> Nominations { get; private set; } = [];

    public bool ApplicationsOpen { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Cycle is null)
        {
            return;
        }

        Nominations = await nominations.ForOrganizationAsync(Organization.Id, Cycle.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        ApplicationsOpen = now >= Cycle.Dates.ApplicationsOpenUtc && now < Cycle.Dates.ApplicationsCloseUtc;
    }
}
