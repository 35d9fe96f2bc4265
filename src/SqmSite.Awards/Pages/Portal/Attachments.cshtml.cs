using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms;
using SqmSite.Cms.Media;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// Adds and removes the story's attachments. A page of its own so that the upload gets the media pipeline's size
/// limit (<see cref="MediaUploadAttribute"/>) while the story form keeps the small form limit. Both handlers go back
/// to the story page, with the outcome as the shared notice or alert (shown beside the attachments there).
/// </summary>
[MediaUpload]
public sealed class AttachmentsModel(NomineeAccounts accounts, CycleCatalog catalog, StoryAttachments attachments)
    : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public IActionResult OnGet() => StoryPage();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? description, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            TempData.Alert("Choose a file to attach (PDF, PNG, JPEG, GIF or WebP).");
            return StoryPage();
        }

        await using var content = file.OpenReadStream();
        var result = await attachments.AddAsync(Key, Organization.Id, content, file.FileName, description, User.Identity?.Name ?? "nominee", ct);
        return After(result, $"\"{Path.GetFileName(file.FileName)}\" was attached.");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid file, CancellationToken ct) =>
        After(await attachments.RemoveAsync(Key, Organization.Id, file, User.Identity?.Name ?? "nominee", ct), "The attachment was removed.");

    private IActionResult After(Attempt<NominationOperationStatus> result, string success)
    {
        if (result.Status == NominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice(success);
        }
        else
        {
            // Every refusal here names its one field in the message, so the message alone says it all.
            TempData.Alert(result);
        }

        return StoryPage();
    }

    private RedirectResult StoryPage() => Redirect($"/portal/nominations/{Key}/story#attachments");
}
