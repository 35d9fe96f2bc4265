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

    public string Local(DateTime utc) => Cycle is null ? utc.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture)
        : Cycle.Local(utc).ToString("MMMM d, yyyy h:mm tt", System.Globalization.CultureInfo.InvariantCulture);

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
