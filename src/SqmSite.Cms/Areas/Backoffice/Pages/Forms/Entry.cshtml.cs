using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Forms;

/// <summary>One entry, every answer under its page, and its uploaded files as downloads.</summary>
public sealed class EntryModel(FormEntryService entries, IFormFileStore files, IOptions<CmsOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public FormEntry Entry { get; private set; } = null!;

    public FormDefinition Form => Entry.Form.Definition;

    public string LocalTime(DateTime utc) => BackofficeTime.Format(utc, options.Value);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetFileAsync(string field, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Entry.File(field) is not { } file || await files.OpenAsync(file.Id, ct) is not { } stream)
        {
            return NotFound();
        }

        // Always a download, never shown inline: the file came from a visitor.
        return File(stream, file.ContentType, file.FileName);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var entry = await entries.GetEntryAsync(Id, ct);
        if (entry is null)
        {
            return NotFound();
        }

        Entry = entry;
        // Entries of a confidential form are administrators' only; to others they do not exist (as in the nominee portal).
        return Form.Confidential && !User.IsInRole(BackofficeRoles.Administrator) ? NotFound() : null;
    }
}
