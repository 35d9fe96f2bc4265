using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Forms;

/// <summary>
/// Before an entry is submitted; cancel it with a reason the person sees (a deadline passed, the entry is not
/// expected). The entry's answers are kept as a draft. Changes a handler makes to the engine's database context are
/// committed in the same transaction as the submit.
/// </summary>
public sealed class FormEntrySubmittingNotification(FormDefinition form, FormEntry entry) : CancelableNotification
{
    public FormDefinition Form { get; } = form;

    public FormEntry Entry { get; } = entry;
}

/// <summary>After an entry was submitted and committed (workflows: email the team, move a nomination on). Sent once per entry.</summary>
public sealed class FormEntrySubmittedNotification(FormDefinition form, FormEntry entry) : INotification
{
    public FormDefinition Form { get; } = form;

    public FormEntry Entry { get; } = entry;
}
