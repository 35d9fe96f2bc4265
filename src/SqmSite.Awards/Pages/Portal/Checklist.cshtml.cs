using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Forms.Web;
using SqmSite.Cms.Security;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>Step 2: the category's eligibility checklist (a form of the forms module), kept as a draft until submitted.</summary>
public sealed class ChecklistModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, ChecklistForms checklists,
    ChecklistSubmissions submissions, FormService forms, UserManager<BackofficeUser> users) : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle NominationCycle { get; private set; } = null!;

    public string FormAlias { get; private set; } = "";

    public FormOwner Owner => FormOwner.User(users.GetUserId(User)!);

    public string Action => $"/portal/nominations/{Key}/checklist";

    /// <summary>The submitted answers, shown read-only once the checklist is in (empty while it can still be answered).</summary>
    public IReadOnlyList<(string Question, string Answer)> Answers { get; private set; } = [];

    public bool Submitted => !Nomination.CanAnswerChecklist;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Nomination.CanAnswerChecklist)
        {
            return Page();
        }

        // After submitting, the nominee reads what they sent and what happens next (it was a 404).
        Answers = await checklists.SubmittedAnswersAsync(Nomination, ct);
        return Nomination.ChecklistSubmittedUtc is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await FormPostReader.ReadAsync(Request, ct) is not { } request)
        {
            return BadRequest();
        }

        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var result = await submissions.PostAsync(Key, Organization.Id, FormAlias, Owner, request.Post, ct);
        if (result.Status == NominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result is { Status: NominationOperationStatus.ValidationFailed, Value: { } refused })
        {
            var form = await forms.GetFormAsync(FormAlias, ct);
            HttpContext.Items[SqmFormViewComponent.StateKey(FormAlias)] = FormViewModel.AfterFailedPost(form!, Action, null, request.Post, refused.Form, null);
            return Page();
        }

        if (!result.Succeeded)
        {
            TempData.Alert(result);
            return Redirect($"/portal/nominations/{Key}");
        }

        if (result.Value!.Submitted)
        {
            TempData.Notice("Thank you: your checklist was submitted. Our staff will review it.");
            return Redirect($"/portal/nominations/{Key}");
        }

        if (request.Post.Action == FormAction.SaveForLater)
        {
            TempData.Notice("Your answers were saved; come back any time before the due date.");
        }

        return Redirect(Action);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await FindNominationAsync(nominations, Key, ct) is not { } found)
        {
            return false;
        }

        (Nomination, NominationCycle) = found;
        FormAlias = await checklists.EnsureAsync(NominationCycle, Nomination.CategoryKey, ct) ?? "";
        return FormAlias.Length > 0;
    }
}
