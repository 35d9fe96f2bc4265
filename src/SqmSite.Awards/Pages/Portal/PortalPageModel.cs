using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The base of every signed-in portal page: finds the organization the person acts for (or refuses), and the
/// current cycle. Everything a page shows or changes is scoped to that organization.
/// </summary>
public abstract class PortalPageModel(NomineeAccounts accounts, CycleCatalog catalog) : PageModel
{
    public Organization Organization { get; private set; } = null!;

    public AwardCycle? Cycle => Catalog.Current;

    protected CycleCatalog Catalog { get; } = catalog;

    /// <summary>"December 20, 2026, 11:59 PM Eastern Time": in the cycle's zone (the current one unless given), named as people say it.</summary>
    public string Local(DateTime utc, AwardCycle? cycle = null) => SqmSite.Cms.Web.SiteTime.Format(utc, (cycle ?? Cycle)?.TimeZone ?? TimeZoneInfo.Utc);

    /// <summary>"December 20, 2026", in the cycle's zone.</summary>
    public string LocalDate(DateTime utc, AwardCycle? cycle = null) => SqmSite.Cms.Web.SiteTime.FormatDate(utc, (cycle ?? Cycle)?.TimeZone ?? TimeZoneInfo.Utc);

    /// <summary>"Deadline extended to {date}: {reason}" when staff extended the nomination's current step; null otherwise.</summary>
    public string? ExtensionNote(Nominations.Nomination nomination) => nomination.VisibleExtension is { } extension
        ? $"Deadline extended to {Local(extension.UntilUtc)}" + (string.IsNullOrWhiteSpace(extension.Reason) ? "." : ": " + extension.Reason)
        : null;

    /// <summary>A nomination of this organization with its cycle; null for anyone else's (it answers like a missing one).</summary>
    protected async Task<(Nominations.Nomination Nomination, AwardCycle Cycle)?> FindNominationAsync(Nominations.NominationService nominations, Guid key,
        CancellationToken ct)
    {
        var nomination = await nominations.FindForOrganizationAsync(Organization.Id, key, ct);
        var cycle = nomination is null ? null : Catalog.All.FirstOrDefault(c => c.Id == nomination.CycleId);
        return nomination is null || cycle is null ? null : (nomination, cycle);
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var organization = await accounts.OrganizationOfAsync(User, HttpContext.RequestAborted);
        if (organization is null)
        {
            context.Result = Forbid();
            return;
        }

        Organization = organization;
        await next();
    }
}
