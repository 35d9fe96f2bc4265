using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Content;

public sealed class ContentTreeModel(ContentService content, IContentTypeService contentTypes) : PageModel
{
    public sealed record Node(ContentTreeItem Item, string TypeName, IReadOnlyList<Node> Children);

    public IReadOnlyList<Node> Roots { get; private set; } = [];

    public IReadOnlyList<ContentType> RootTypes { get; private set; } = [];

    public async Task<IActionResult> OnPostMoveAsync(int id, int direction, CancellationToken ct)
    {
        var result = await content.MoveAsync(id, direction, ct);
        if (!result.Succeeded)
        {
            TempData.Alert(result);
        }

        return Redirect("/backoffice/content#node-" + id);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var tree = await content.GetTreeAsync(ct);
        var byParent = tree.ToLookup(i => i.ParentId);
        Roots = Build(null);
        RootTypes = [.. contentTypes.All.Where(t => t.AllowedAtRoot)];

        IReadOnlyList<Node> Build(int? parentId) =>
            [.. byParent[parentId].Select(i => new Node(i, contentTypes.Get(i.ContentTypeAlias)?.Name ?? i.ContentTypeAlias, Build(i.Id)))];
    }
}
