using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Media;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Media;

/// <summary>The media library: one folder's subfolders and items, folder upkeep, and the upload queue.</summary>
public sealed class MediaLibraryModel(MediaService media, IMediaCatalog catalog, MediaUrls urls) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? FolderId { get; set; }

    [BindProperty]
    public string? FolderName { get; set; }

    public MediaFolderInfo? Folder { get; private set; }

    public IReadOnlyList<MediaFolder> Path { get; private set; } = [];

    public IReadOnlyList<MediaFolderInfo> Subfolders { get; private set; } = [];

    public IReadOnlyList<MediaEntry> Items { get; private set; } = [];

    public long MaxUploadBytes => media.MaxUploadBytes;

    public MediaUrls Urls => urls;

    /// <summary>
    /// The address a folder form posts to. Explicit, because a tag helper given the top level's empty folder id
    /// fails the route's int constraint and renders an empty action.
    /// </summary>
    public string HandlerUrl(string handler) => (FolderId is { } id ? $"/backoffice/media/{id}" : "/backoffice/media") + "?handler=" + handler;

    public string? Error(string key) => ModelState.FirstError(key);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCreateFolderAsync(CancellationToken ct)
    {
        var result = await media.CreateFolderAsync(FolderId, FolderName, ct);
        if (result.Status == MediaOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(FolderName), result.Message!);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData.Notice($"The folder \"{result.Value!.Name}\" was created.");
        return Redirect($"/backoffice/media/{result.Value.Id}");
    }

    public async Task<IActionResult> OnPostRenameFolderAsync(CancellationToken ct)
    {
        if (FolderId is not { } id)
        {
            return NotFound();
        }

        var result = await media.RenameFolderAsync(id, FolderName, ct);
        if (result.Status == MediaOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("RenameTo", result.Message!);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData.Notice("The folder was renamed.");
        return Redirect($"/backoffice/media/{id}");
    }

    public async Task<IActionResult> OnPostDeleteFolderAsync(CancellationToken ct)
    {
        if (FolderId is not { } id)
        {
            return NotFound();
        }

        var result = await media.DeleteFolderAsync(id, ct);
        if (result.Status == MediaOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            TempData.Alert(result);
            return Redirect($"/backoffice/media/{id}");
        }

        TempData.Notice($"The folder \"{result.Value!.Name}\" was deleted.");
        return Redirect(result.Value.ParentId is { } parent ? $"/backoffice/media/{parent}" : "/backoffice/media");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var folders = await media.GetFoldersAsync(ct);
        if (FolderId is { } id)
        {
            Folder = folders.FirstOrDefault(f => f.Id == id);
            if (Folder is null)
            {
                return false;
            }
        }

        Path = await media.GetFolderPathAsync(FolderId, ct);
        Subfolders = [.. folders.Where(f => f.ParentId == FolderId)];
        var snapshot = await catalog.GetAsync(ct);
        Items = [.. (await media.ListAsync(FolderId, ct)).Select(i => snapshot.ByKey(i.Key) ?? MediaEntry.From(i))];
        return true;
    }
}
