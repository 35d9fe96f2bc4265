namespace SqmSite.Cms.Forms;

/// <summary>Where a post left the person.</summary>
/// <param name="Entry">The saved entry; null when nothing was saved (going back on a form never saved).</param>
/// <param name="Page">The page to show now.</param>
/// <param name="NewResumeToken">For an anonymous visitor's first save: the secret of the resume link. Shown once, stored only as a hash.</param>
/// <param name="AlreadySubmitted">The entry had been submitted before this post (a double submit): nothing changed.</param>
public sealed record FormProgress(FormEntry? Entry, int Page, string? NewResumeToken = null, bool AlreadySubmitted = false)
{
    public bool Submitted => Entry?.IsSubmitted == true;
}
