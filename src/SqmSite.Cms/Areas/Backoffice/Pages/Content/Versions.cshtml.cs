using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Content;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Content;

public sealed class VersionsModel(ContentService content, Microsoft.Extensions.Options.IOptions<CmsOptions> options) : PageModel
{
    public SqmSite.Cms.Backoffice.EngineTime Time { get; } = new(options);

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public string Name { get; private set; } = "";

    public int? PublishedVersionId { get; private set; }

    public int? LatestVersionId { get; private set; }

    public IReadOnlyList<ContentVersion> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var node = await content.GetNodeAsync(Id, ct);
        if (node is null)
        {
            return NotFound();
        }

        Versions = await content.GetVersionsAsync(Id, ct);
        Name = Versions.First(v => v.Id == node.LatestVersionId).Name;
        PublishedVersionId = node.PublishedVersionId;
        LatestVersionId = node.LatestVersionId;
        return Page();
    }

    public async Task<IActionResult> OnPostRollbackAsync(int versionId, CancellationToken ct)
    {
        var result = await content.RollbackAsync(Id, versionId, User.Identity?.Name, ct);
        if (result.Status == ContentOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice("The old version is now the draft. Review it, then publish to make it live.");
        }
        else
        {
            TempData.Alert("The rollback was not saved: " + string.Join(" ", result.Errors.Values.DefaultIfEmpty(result.Message ?? "")));
        }

        return Redirect($"/backoffice/content/edit/{Id}");
    }
}
