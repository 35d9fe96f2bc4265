namespace SqmSite.Cms.Forms;

/// <summary>What the person pressed.</summary>
public enum FormAction
{
    Next,
    Back,
    SaveForLater,
    Submit,
}
