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

        // The zip may hold many files: it is built in a temporary file, deleted when the response is done, not in memory.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            await privacy.ExportAsync(subject, file, ct);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return File(file, "application/zip", $"cx-awards-your-data-{day}.zip");
    }
}
