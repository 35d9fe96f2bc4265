using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Forms.Web;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Forms;

/// <summary>
/// The form editor: pages and fields are added, removed and moved on the server, each button posting the whole
/// editor so nothing typed is lost; nothing is stored until "Save form". Works without script. What the buttons do is
/// <see cref="FormDraftEditor"/>'s; this page binds the draft, saves it and shows it.
/// </summary>
public sealed class EditFormModel(FormService forms) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public FormDraft Input { get; set; } = new();

    [BindProperty]
    public string? Command { get; set; }

    public Guid Key { get; private set; }

    public int EntryCount { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool Unsaved { get; private set; }

    /// <summary>The working definition rendered as the public sees it, one model per page.</summary>
    public IReadOnlyList<FormViewModel> Preview { get; private set; } = [];

    public string? Error(string key) => Errors.GetValueOrDefault(key);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var stored = await forms.GetStoredFormAsync(Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        Key = stored.Key;
        Input = FormDraftEditor.FromDefinition(stored.Definition);
        BuildPreview(stored.Definition);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var stored = await forms.GetStoredFormAsync(Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        Key = stored.Key;
        ModelState.Clear(); // the editor shows Input as posted; messages come from Errors
        var command = FormEditCommand.Parse(Command);
        if (command.EditsDraft)
        {
            // A command that cannot apply (a stale page) changes nothing; the editor shows the draft as it is.
            FormDraftEditor.Apply(Input, command);
            Unsaved = true;
            return Page();
        }

        var built = FormDraftEditor.Build(Input, Key);
        Errors.AddAttempt(built);
        if (built.Succeeded && command.Verb == FormEditCommand.Preview)
        {
            BuildPreview(built.Value!);
            Unsaved = true;
            return Page();
        }

        if (built.Succeeded)
        {
            var result = await forms.SaveFormAsync(built.Value!, ct);
            if (result.Succeeded)
            {
                TempData.Notice("The form was saved.");
                return Redirect($"/backoffice/forms/edit/{Id}");
            }

            Errors.AddAttempt(result);
        }

        FormDraftEditor.OpenFieldsWithErrors(Input, Errors.Keys);
        Unsaved = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        var stored = await forms.GetStoredFormAsync(Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        var result = await forms.DeleteFormAsync(stored.Key, ct);
        if (!result.Succeeded)
        {
            TempData.Alert(result);
            return Redirect($"/backoffice/forms/edit/{Id}");
        }

        TempData.Notice($"The form '{stored.Name}' was deleted.");
        return Redirect("/backoffice/forms");
    }

    private void BuildPreview(FormDefinition definition) =>
        Preview = [.. definition.Pages.Select((_, index) => new FormViewModel { Form = definition, Action = "", Page = index, Preview = true })];
}
