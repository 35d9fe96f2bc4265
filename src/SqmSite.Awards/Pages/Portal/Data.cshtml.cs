using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Privacy;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>"Download your data": everything the site holds about the person and their organization, as one zip.</summary>
public sealed class PortalDataModel(NomineeAccounts accounts, CycleCatalog catalog, PrivacyService privacy, UserManager<BackofficeUser> users)
    : PortalPageModel(accounts, catalog)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await privacy.FindByIdAsync(users.GetUserId(User)!) is not { } subject)
        {
            return Forbid();
        }

        var file = await privacy.ExportToTemporaryFileAsync(subject, ct);
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return File(file, "application/zip", $"cx-awards-your-data-{day}.zip");
    }
}
