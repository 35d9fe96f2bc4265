using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Portal;
using SqmSite.Cms;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The signed-in person's own organization: its profile, its people and the invitations to colleagues. There is no
/// organization in the address: the page is always the one the person acts for.
/// </summary>
public sealed class OrganizationProfileModel(NomineeAccounts accounts, CycleCatalog catalog, OrganizationService organizations,
    InvitationService invitations, UserManager<BackofficeUser> users, IOptions<CmsOptions> options) : PortalPageModel(accounts, catalog)
{
    [BindProperty]
    public string? OfficialName { get; set; }

    [BindProperty]
    public string? Website { get; set; }

    [BindProperty]
    public bool IsClient { get; set; }

    [BindProperty]
    public string? InviteName { get; set; }

    [BindProperty]
    public string? InviteEmail { get; set; }

    public IReadOnlyList<OrganizationMemberView> Members { get; private set; } = [];

    public IReadOnlyList<InvitationView> Invitations { get; private set; } = [];

    /// <summary>A date in the current cycle's time zone (UTC when there is no cycle).</summary>
    public string Day(DateTime utc) => SqmSite.Cms.Web.SiteTime.FormatDate(utc, Cycle?.TimeZone ?? TimeZoneInfo.Utc);

    public string? Error(string key) => ModelState.FirstError(key);

    public async Task OnGetAsync(CancellationToken ct)
    {
        FillProfile();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var check = await organizations.UpdateProfileAsync(Organization.Id, OfficialName, Website, IsClient, ct);
        if (!check.IsValid)
        {
            AddError(nameof(OfficialName), check.OfficialNameError);
            AddError(nameof(Website), check.WebsiteError);
            await LoadAsync(ct);
            return Page();
        }

        TempData.Notice("The organization's profile was saved.");
        return Redirect("/portal/organization");
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var result = await invitations.InviteAsync(Organization, users.GetUserId(User)!, InviteName, InviteEmail, BaseUrl(), ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result, field => field switch { "Name" => nameof(InviteName), "Email" => nameof(InviteEmail), _ => "" });

            FillProfile();
            await LoadAsync(ct);
            return Page();
        }

        TempData.Notice($"We sent an invitation to {InviteEmail!.Trim()}. The link in it works for {OrganizationInvitation.LifetimeText}.");
        return Redirect("/portal/organization");
    }

    public async Task<IActionResult> OnPostResendAsync(Guid key, CancellationToken ct)
    {
        var result = await invitations.ResendAsync(Organization, users.GetUserId(User)!, key, BaseUrl(), ct);
        return Done(result, "The invitation was sent again with a new link; the earlier link no longer works.");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid key, CancellationToken ct)
    {
        var result = await invitations.RevokeAsync(Organization.Id, key, ct);
        return Done(result, "The invitation was revoked; its link no longer works.");
    }

    private IActionResult Done(Attempt<InvitationOperationStatus> result, string message)
    {
        if (result.Status == InvitationOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice(message);
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect("/portal/organization#invitations");
    }

    private void FillProfile()
    {
        OfficialName = Organization.OfficialName;
        Website = Organization.Website;
        IsClient = Organization.IsClient;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Members = await organizations.MembersAsync(Organization.Id, ct);
        Invitations = await invitations.OpenAsync(Organization.Id, ct);
    }

    private void AddError(string key, string? message)
    {
        if (message is not null)
        {
            ModelState.AddModelError(key, message);
        }
    }

    private string BaseUrl() => PublicUrls.BaseUrl(Request, options.Value);
}
