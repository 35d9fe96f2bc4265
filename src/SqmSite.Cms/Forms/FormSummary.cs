namespace SqmSite.Cms.Forms;

/// <summary>A stored form as lists show it.</summary>
public sealed record FormSummary(int Id, Guid Key, string Alias, string Name, int Pages, int Fields, bool Confidential, int Drafts, int Submitted, DateTime UpdatedUtc);
