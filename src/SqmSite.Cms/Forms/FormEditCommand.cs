namespace SqmSite.Cms.Forms;

/// <summary>
/// A button of the form editor, posted as <c>verb</c>, <c>verb:page</c> or <c>verb:page:index</c> (zero-based), such as
/// <c>fieldUp:1:0</c>. A missing or unreadable position is -1, which no page or field has.
/// </summary>
public readonly record struct FormEditCommand(string Verb, int Page, int Index)
{
    public const string Save = "save";
    public const string Preview = "preview";
    public const string AddPage = "addPage";
    public const string RemovePage = "removePage";
    public const string PageUp = "pageUp";
    public const string PageDown = "pageDown";
    public const string AddField = "addField";
    public const string RemoveField = "removeField";
    public const string FieldUp = "fieldUp";
    public const string FieldDown = "fieldDown";

    /// <summary>Save and preview build the whole draft; every other verb only rearranges it.</summary>
    public bool EditsDraft => Verb is not (Save or Preview);

    /// <summary>Reads a posted command; none at all is "save" (the form submitted with Enter).</summary>
    public static FormEditCommand Parse(string? command)
    {
        var parts = (command ?? Save).Split(':');
        var page = parts.Length > 1 && int.TryParse(parts[1], out var p) ? p : -1;
        var index = parts.Length > 2 && int.TryParse(parts[2], out var i) ? i : -1;
        return new FormEditCommand(parts[0], page, index);
    }
}

/// <summary>What a form editor command did to the draft.</summary>
public enum FormEditStatus
{
    Success,

    /// <summary>No such verb; the draft is unchanged.</summary>
    UnknownVerb,

    /// <summary>The command names a page the draft does not have (a stale editor, a hand-made post); the draft is unchanged.</summary>
    NoSuchPage,

    /// <summary>The command names a field its page does not have; the draft is unchanged.</summary>
    NoSuchField,

    /// <summary>The move is not possible where the page is (the first page up, the last one down, the only page removed).</summary>
    NotPossible,

    /// <summary>The draft does not make a valid form yet; the errors say where.</summary>
    Invalid,
}
