namespace SqmSite.Cms.Forms;

/// <summary>A filter over a form's entries for the backoffice and exports.</summary>
public sealed record FormEntryQuery(int FormId, FormEntryState? State = null, DateTime? FromUtc = null, DateTime? ToUtc = null, string? Search = null,
    int Skip = 0, int Take = 50);
