namespace SqmSite.Cms.Forms;

/// <summary>A post of one page of a form.</summary>
/// <param name="Page">The page the input belongs to (0-based).</param>
/// <param name="SubmissionKey">The idempotency key the rendered form carried: a second submit with it finds the first entry.</param>
/// <param name="EntryKey">A signed-in owner's particular entry; without it, their newest draft of the form (or a new one).</param>
public sealed record FormPost(int Page, FormAction Action, FormInput Input, Guid? SubmissionKey = null, Guid? EntryKey = null);
