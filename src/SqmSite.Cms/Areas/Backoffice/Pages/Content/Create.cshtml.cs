using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Content;

/// <summary>Picks the kind of page to create: only the types the parent allows.</summary>
public sealed class CreateModel(ContentService content, IContentTypeService contentTypes) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? ParentId { get; set; }

    public string? ParentName { get; private set; }

    public IReadOnlyList<ContentType> Types { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ParentId is { } id)
        {
            var parent = await content.GetNodeAsync(id, ct);
            if (parent is null || contentTypes.Get(parent.ContentTypeAlias) is not { } parentType)
            {
                return NotFound();
            }

            ParentName = (await content.GetLatestVersionAsync(parent, ct))?.Name;
            Types = [.. parentType.AllowedChildren.Select(contentTypes.Get).OfType<ContentType>()];
        }
        else
        {
            Types = [.. contentTypes.All.Where(t => t.AllowedAtRoot)];
        }

        return Page();
    }
}
