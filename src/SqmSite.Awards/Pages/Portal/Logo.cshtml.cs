using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Media;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>Uploads and removes the organization's logo (a page of its own for the media pipeline's size limit).</summary>
[MediaUpload]
public sealed class LogoModel(NomineeAccounts accounts, CycleCatalog catalog, OrganizationService organizations) : PortalPageModel(accounts, catalog)
{
    public IActionResult OnGet() => Back();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            TempData.Alert("Choose a picture of the logo to upload.");
            return Back();
        }

        await using var content = file.OpenReadStream();
        var error = await organizations.SetLogoAsync(Organization.Id, content, file.FileName, User.Identity?.Name ?? "nominee", ct);
        if (error is null)
        {
            TempData.Notice("The logo was saved.");
        }
        else
        {
            TempData.Alert(error);
        }

        return Back();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        await organizations.RemoveLogoAsync(Organization.Id, User.Identity?.Name ?? "nominee", ct);
        TempData.Notice("The logo was removed.");
        return Back();
    }

    private RedirectResult Back() => Redirect("/portal/organization#logo");
}
