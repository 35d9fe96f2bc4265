namespace SqmSite.Cms.Forms;

/// <summary>The outcomes of a form operation that a person or package can cause and should be told about.</summary>
public enum FormOperationStatus
{
    Success,
    NotFound,
    ValidationFailed,
    DuplicateAlias,
    CancelledByNotification,
    Conflict,
    HasEntries,
}
