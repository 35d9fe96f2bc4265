namespace SqmSite.Cms.Forms;

/// <summary>
/// A form definition as the form editor posts it: every value a string or a flag as typed, so that nothing typed is
/// lost while pages and fields are moved around. <see cref="FormDraftEditor"/> edits it and turns it into a <see cref="FormDefinition"/>.
/// </summary>
public sealed class FormDraft
{
    public string Name { get; set; } = "";
    public string Alias { get; set; } = "";
    public string? Description { get; set; }
    public string? SubmitLabel { get; set; }
    public string? SuccessMessage { get; set; }
    public bool Confidential { get; set; }
    public bool SaveForLater { get; set; }
    public List<FormDraftPage> Pages { get; set; } = [];
}

/// <summary>A page of a <see cref="FormDraft"/>.</summary>
public sealed class FormDraftPage
{
    public string? Title { get; set; }
    public List<FormDraftField> Fields { get; set; } = [];
}

/// <summary>A field of a <see cref="FormDraft"/>; numbers stay text until the draft is built, so a wrong one can be reported.</summary>
public sealed class FormDraftField
{
    public string Alias { get; set; } = "";
    public string Label { get; set; } = "";
    public FormFieldType Type { get; set; }
    public string? HelpText { get; set; }
    public bool Required { get; set; }
    public string? Pattern { get; set; }
    public string? PatternMessage { get; set; }
    public string? MaxLength { get; set; }
    public string? Min { get; set; }
    public string? Max { get; set; }
    public string? Options { get; set; }
    public string? ConsentText { get; set; }
    public string? Autocomplete { get; set; }
    public string? ConditionField { get; set; }
    public FormConditionAction ConditionAction { get; set; }
    public FormConditionOperator ConditionOperator { get; set; }
    public string? ConditionValue { get; set; }

    /// <summary>Shown unfolded: just added, or has a problem.</summary>
    public bool Open { get; set; }
}
