using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Content;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.WinnerStories;

/// <summary>
/// Marketing's comparison: the submitted story (never changed) beside the winner story's latest draft, paragraph by
/// paragraph, the changed words marked. Read-only.
/// </summary>
public sealed class CompareModel(AwardsDbContext db, ContentService content) : PageModel
{
    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public int VersionNumber { get; private set; }

    public SideBySideDiffModel Diff { get; private set; } = null!;

    public int Changed { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var node = await content.GetNodeAsync(id, ct);
        if (node is null || await content.GetLatestVersionAsync(node, ct) is not { } latest)
        {
            return NotFound();
        }

        var link = await db.WinnerStories.AsNoTracking().FirstOrDefaultAsync(l => l.ContentKey == node.Key, ct);
        var nomination = link is null ? null : await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Id == link.NominationId, ct);
        if (nomination is null)
        {
            return NotFound();
        }

        Id = node.Id;
        Name = latest.Name;
        VersionNumber = latest.Number;
        var edited = WinnerStoryService.PlainText(latest.Values["story"]?.GetValue<string>());
        Diff = Build(WinnerStoryService.SubmittedText(nomination), edited);
        Changed = Diff.NewText.Lines.Count(l => l.Type is ChangeType.Inserted or ChangeType.Modified)
            + Diff.OldText.Lines.Count(l => l.Type == ChangeType.Deleted);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>Paragraphs are the lines; a changed paragraph is compared word by word.</summary>
    public static SideBySideDiffModel Build(string submitted, string edited)
    {
        static string Paragraphs(string text) => string.Join("\n", text.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Replace('\n', ' ')));
        var builder = new SideBySideDiffBuilder(new Differ(), LineChunker.Instance, WordChunker.Instance);
        return builder.BuildDiffModel(Paragraphs(submitted), Paragraphs(edited), ignoreWhitespace: false);
    }
}
