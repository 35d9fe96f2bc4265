using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Nominations;

/// <summary>What a post of the checklist form did: the forms module's own result (for the page to show the form again).</summary>
public sealed record ChecklistPosted(Attempt<FormProgress, FormOperationStatus> Form)
{
    public bool Submitted => Form.Value?.Submitted ?? false;
}

/// <summary>
/// Step 2 as the portal takes it: the nominee's checklist answers go to the forms module, and the hand-off to the
/// nomination happens in this package's handlers of the forms module's notifications (<see cref="ChecklistSubmittingHandler"/>
/// refuses a submit the nomination cannot take, <see cref="ChecklistSubmittedHandler"/> moves the nomination on). So an entry
/// submitted any other way moves its nomination too, and the page only calls <see cref="PostAsync"/>.
/// </summary>
public sealed class ChecklistSubmissions(AwardsDbContext db, CycleCatalog catalog, IPublishedContentCache content, FormEntryService entries,
    NominationService nominations, TimeProvider clock)
{
    /// <summary>
    /// Posts the nominee's answers (save for later, or submit). Refused before anything is saved when the checklist
    /// cannot be answered any more; NotFound when the nomination is not this organization's.
    /// <see cref="NominationOperationStatus.ValidationFailed"/> carries the forms module's result to show beside the answers.
    /// </summary>
    public async Task<Attempt<ChecklistPosted, NominationOperationStatus>> PostAsync(Guid nominationKey, int organizationId, string formAlias,
        FormOwner owner, FormPost post, CancellationToken ct = default)
    {
        if (await nominations.FindForOrganizationAsync(organizationId, nominationKey, ct) is not { } nomination
            || catalog.All.FirstOrDefault(c => c.Id == nomination.CycleId) is not { } cycle)
        {
            return Attempt<ChecklistPosted, NominationOperationStatus>.Fail(NominationOperationStatus.NotFound, "That nomination does not exist.");
        }

        if (nomination.CanSubmitChecklist(cycle, clock.GetUtcNow().UtcDateTime) is { Succeeded: false } closed)
        {
            return Attempt<ChecklistPosted, NominationOperationStatus>.Fail(closed.Status, closed.Message!, closed.Errors);
        }

        var posted = await entries.PostAsync(formAlias, owner, post, ct);
        if (!posted.Succeeded)
        {
            return Attempt<ChecklistPosted, NominationOperationStatus>.Fail(NominationOperationStatus.ValidationFailed, posted.Message!,
                value: new ChecklistPosted(posted));
        }

        if (posted.Value is not { Submitted: true, Entry: { } entry })
        {
            return Attempt<ChecklistPosted, NominationOperationStatus>.Ok(new ChecklistPosted(posted));
        }

        // The submitted handler has moved the nomination on (or was refused by it in a race with the deadline or a colleague).
        var after = await db.Nominations.AsNoTracking().FirstAsync(n => n.Id == nomination.Id, ct);
        if (after.ChecklistEntryKey == entry.Key)
        {
            return Attempt<ChecklistPosted, NominationOperationStatus>.Ok(new ChecklistPosted(posted));
        }

        var refusal = after.CanSubmitChecklist(cycle, clock.GetUtcNow().UtcDateTime);
        return refusal.Succeeded
            ? Attempt<ChecklistPosted, NominationOperationStatus>.Fail(NominationOperationStatus.WrongState,
                "Your answers were received, but the nomination could not take them. Please contact the awards team.")
            : Attempt<ChecklistPosted, NominationOperationStatus>.Fail(refusal.Status, refusal.Message!, refusal.Errors);
    }

    /// <summary>The nomination whose checklist a form entry answers: the entry owner's organization's nomination in the form's cycle and category.</summary>
    internal async Task<(Nomination Nomination, AwardCycle Cycle)?> NominationOfAsync(FormDefinition form, FormEntry entry, CancellationToken ct)
    {
        if (entry.OwnerUserId is not { } userId || !form.Alias.StartsWith("checklist-", StringComparison.Ordinal))
        {
            return null;
        }

        var organizations = db.OrganizationMembers.Where(m => m.UserId == userId).Select(m => m.OrganizationId);
        var candidates = await db.Nominations.Where(n => organizations.Contains(n.OrganizationId)).ToListAsync(ct);
        var snapshot = content.Snapshot;
        foreach (var nomination in candidates)
        {
            if (catalog.All.FirstOrDefault(c => c.Id == nomination.CycleId) is { } cycle && snapshot.ByKey(nomination.CategoryKey) is { } category
                && ChecklistForms.Alias(cycle, category) == form.Alias)
            {
                return (nomination, cycle);
            }
        }

        return null;
    }

    internal DateTime UtcNow => clock.GetUtcNow().UtcDateTime;
}

/// <summary>Refuses a checklist submit that its nomination cannot take (past the due date, or not waiting for a checklist); the answers stay a draft.</summary>
internal sealed class ChecklistSubmittingHandler(ChecklistSubmissions checklists) : INotificationHandler<FormEntrySubmittingNotification>
{
    public async Task HandleAsync(FormEntrySubmittingNotification notification, CancellationToken cancellationToken)
    {
        if (await checklists.NominationOfAsync(notification.Form, notification.Entry, cancellationToken) is { } found
            && found.Nomination.CanSubmitChecklist(found.Cycle, checklists.UtcNow) is { Succeeded: false } refused)
        {
            notification.Cancel(refused.Message!);
        }
    }
}

/// <summary>A submitted checklist entry moves its nomination on (step 2), with the step's emails, in the nomination's own transaction.</summary>
internal sealed class ChecklistSubmittedHandler(ChecklistSubmissions checklists, NominationService nominations, UserManager<BackofficeUser> users)
    : INotificationHandler<FormEntrySubmittedNotification>
{
    public async Task HandleAsync(FormEntrySubmittedNotification notification, CancellationToken cancellationToken)
    {
        if (await checklists.NominationOfAsync(notification.Form, notification.Entry, cancellationToken) is not { } found)
        {
            return;
        }

        var owner = await users.FindByIdAsync(notification.Entry.OwnerUserId!);
        var entryKey = notification.Entry.Key;
        await nominations.StepAsync(found.Nomination.Key, found.Nomination.OrganizationId,
            (n, c, now) => n.SubmitChecklist(c, entryKey, owner?.UserName ?? "nominee", now), ct: cancellationToken);
    }
}
