using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Cms.Content;

namespace SqmSite.Awards.Winners;

/// <summary>Beside a winner story's editor: whether it may go live (consent, embargo) and the comparison with the submission.</summary>
internal sealed class WinnerStoryEditorApp(AwardsDbContext db, WinnerPublishingGuard guard) : IContentEditorApp
{
    public async Task<ContentEditorCard?> CardAsync(ContentNode node, CancellationToken cancellationToken)
    {
        if (!string.Equals(node.ContentTypeAlias, WinnerContentTypes.Story, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var refusal = await guard.RefusalAsync(node.Key, cancellationToken);
        var linked = await db.Set<WinnerStoryLink>().AsNoTracking().AnyAsync(l => l.ContentKey == node.Key, cancellationToken);
        var lines = new List<string> { refusal ?? "Publishing consent is in force and the winners are announced: this story may be published." };
        List<ContentEditorLink> links = linked ? [new("Compare with the submission", $"/backoffice/awards/winnerstories/compare/{node.Id}")] : [];
        return new ContentEditorCard("Winner story", lines, links, Warning: refusal is not null);
    }
}
