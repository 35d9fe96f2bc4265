using SqmSite.Cms.Forms;

namespace SqmSite.Cms.Tests;

/// <summary>The form editor's buttons, without HTTP: each verb, and commands that cannot apply.</summary>
public sealed class FormDraftEditorTests
{
    /// <summary>Pages given as their fields' aliases: <c>Draft(["a", "b"], ["c"])</c>.</summary>
    private static FormDraft Draft(params string[][] pages) => new()
    {
        Name = "Contact",
        Alias = "contact",
        Pages = [.. pages.Select((fields, p) => new FormDraftPage
        {
            Title = $"Page {p + 1}",
            Fields = [.. fields.Select(a => new FormDraftField { Alias = a, Label = a.ToUpperInvariant(), Type = FormFieldType.ShortText })],
        })],
    };

    private static string[][] Shape(FormDraft draft) => [.. draft.Pages.Select(p => p.Fields.Select(f => f.Alias).ToArray())];

    private static Attempt<FormEditStatus> Apply(FormDraft draft, string command) => FormDraftEditor.Apply(draft, FormEditCommand.Parse(command));

    [Theory]
    [InlineData(null, "save", -1, -1)]
    [InlineData("preview", "preview", -1, -1)]
    [InlineData("addField:2", "addField", 2, -1)]
    [InlineData("fieldUp:1:3", "fieldUp", 1, 3)]
    [InlineData("fieldUp:x:y", "fieldUp", -1, -1)]
    public void A_command_reads_as_verb_page_and_index(string? posted, string verb, int page, int index)
    {
        var command = FormEditCommand.Parse(posted);
        Assert.Equal(new FormEditCommand(verb, page, index), command);
        Assert.Equal(verb is not ("save" or "preview"), command.EditsDraft);
    }

    [Fact]
    public void AddPage_adds_a_page_with_one_new_open_question()
    {
        var draft = Draft(["question1"], ["b"]);
        Assert.True(Apply(draft, "addPage").Succeeded);
        Assert.Equal(3, draft.Pages.Count);
        var added = Assert.Single(draft.Pages[2].Fields);
        Assert.Equal("question3", added.Alias); // question1 is taken, and two fields exist
        Assert.Equal("Question 3", added.Label);
        Assert.True(added.Open);
    }

    [Fact]
    public void RemovePage_removes_that_page_but_never_the_only_one()
    {
        var draft = Draft(["a"], ["b"], ["c"]);
        Assert.True(Apply(draft, "removePage:1").Succeeded);
        Assert.Equal([["a"], ["c"]], Shape(draft));

        var single = Draft(["a"]);
        var refused = Apply(single, "removePage:0");
        Assert.Equal(FormEditStatus.NotPossible, refused.Status);
        Assert.Equal([["a"]], Shape(single));
    }

    [Fact]
    public void PageUp_and_PageDown_swap_neighbours_and_stop_at_the_ends()
    {
        var draft = Draft(["a"], ["b"], ["c"]);
        Assert.True(Apply(draft, "pageUp:2").Succeeded);
        Assert.Equal([["a"], ["c"], ["b"]], Shape(draft));
        Assert.True(Apply(draft, "pageDown:0").Succeeded);
        Assert.Equal([["c"], ["a"], ["b"]], Shape(draft));

        Assert.Equal(FormEditStatus.NotPossible, Apply(draft, "pageUp:0").Status);
        Assert.Equal(FormEditStatus.NotPossible, Apply(draft, "pageDown:2").Status);
        Assert.Equal([["c"], ["a"], ["b"]], Shape(draft));
    }

    [Fact]
    public void AddField_adds_a_question_with_a_free_alias_to_that_page()
    {
        var draft = Draft(["a"], ["question3"]);
        Assert.True(Apply(draft, "addField:0").Succeeded);
        Assert.Equal([["a", "question4"], ["question3"]], Shape(draft));
        Assert.True(draft.Pages[0].Fields[1].Open);
    }

    [Fact]
    public void RemoveField_removes_that_field()
    {
        var draft = Draft(["a", "b"], ["c"]);
        Assert.True(Apply(draft, "removeField:0:1").Succeeded);
        Assert.Equal([["a"], ["c"]], Shape(draft));
    }

    [Fact]
    public void FieldUp_moves_within_a_page_then_to_the_end_of_the_page_before()
    {
        var draft = Draft(["a", "b"], ["c", "d"]);
        Assert.True(Apply(draft, "fieldUp:1:1").Succeeded);
        Assert.Equal([["a", "b"], ["d", "c"]], Shape(draft));
        Assert.True(Apply(draft, "fieldUp:1:0").Succeeded);
        Assert.Equal([["a", "b", "d"], ["c"]], Shape(draft));

        Assert.Equal(FormEditStatus.NotPossible, Apply(draft, "fieldUp:0:0").Status);
        Assert.Equal([["a", "b", "d"], ["c"]], Shape(draft));
    }

    [Fact]
    public void FieldDown_moves_within_a_page_then_to_the_top_of_the_next()
    {
        var draft = Draft(["a", "b"], ["c"]);
        Assert.True(Apply(draft, "fieldDown:0:0").Succeeded);
        Assert.Equal([["b", "a"], ["c"]], Shape(draft));
        Assert.True(Apply(draft, "fieldDown:0:1").Succeeded);
        Assert.Equal([["b"], ["a", "c"]], Shape(draft));

        Assert.Equal(FormEditStatus.NotPossible, Apply(draft, "fieldDown:1:1").Status);
        Assert.Equal([["b"], ["a", "c"]], Shape(draft));
    }

    [Theory]
    [InlineData("explode:0:0", FormEditStatus.UnknownVerb)]
    [InlineData("save", FormEditStatus.UnknownVerb)]
    [InlineData("", FormEditStatus.UnknownVerb)]
    [InlineData("removePage:5", FormEditStatus.NoSuchPage)]
    [InlineData("pageUp:-1", FormEditStatus.NoSuchPage)]
    [InlineData("addField", FormEditStatus.NoSuchPage)]
    [InlineData("addField:2", FormEditStatus.NoSuchPage)]
    [InlineData("removeField:0:9", FormEditStatus.NoSuchField)]
    [InlineData("fieldUp:1:-1", FormEditStatus.NoSuchField)]
    [InlineData("fieldDown:1", FormEditStatus.NoSuchField)]
    [InlineData("fieldDown:9:0", FormEditStatus.NoSuchPage)]
    public void A_command_that_cannot_apply_changes_nothing_and_says_why(string command, FormEditStatus expected)
    {
        var draft = Draft(["a", "b"], ["c"]);
        var result = Apply(draft, command);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Status);
        Assert.Contains("nothing was changed", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([["a", "b"], ["c"]], Shape(draft));
    }

    [Fact]
    public void A_draft_builds_the_definition_it_shows_and_back()
    {
        var key = Guid.NewGuid();
        var draft = Draft(["name", "age"]);
        draft.Description = "  For editors  ";
        draft.SubmitLabel = " ";
        draft.Pages[0].Fields[1].Type = FormFieldType.Number;
        draft.Pages[0].Fields[1].Min = " 0 ";
        draft.Pages[0].Fields[1].Max = "12.5";
        draft.Pages[0].Fields[0].Type = FormFieldType.SingleChoice;
        draft.Pages[0].Fields[0].Options = "one\r\n  two \n\n";
        draft.Pages[0].Fields[1].ConditionField = " name ";
        draft.Pages[0].Fields[1].ConditionValue = " two ";

        var built = FormDraftEditor.Build(draft, key);

        Assert.True(built.Succeeded, string.Join(" ", built.Errors.Values));
        var definition = built.Value!;
        Assert.Equal(key, definition.Key);
        Assert.Equal("For editors", definition.Description);
        Assert.Null(definition.SubmitLabel);
        Assert.Equal(0m, definition.Pages[0].Fields[1].Min);
        Assert.Equal(12.5m, definition.Pages[0].Fields[1].Max);
        Assert.Equal(["one", "two"], definition.Pages[0].Fields[0].Options);
        Assert.Equal("name", definition.Pages[0].Fields[1].Condition!.Field);
        Assert.Equal("two", definition.Pages[0].Fields[1].Condition!.Value);

        var again = FormDraftEditor.FromDefinition(definition);
        Assert.Equal([["name", "age"]], Shape(again));
        Assert.Equal("12.5", again.Pages[0].Fields[1].Max);
        Assert.Equal("one\ntwo", again.Pages[0].Fields[0].Options);
    }

    [Fact]
    public void A_number_that_is_not_one_is_reported_beside_its_field_with_the_definitions_own_problems()
    {
        var draft = Draft(["a", "b"]);
        draft.Name = "";
        draft.Pages[0].Fields[1].MaxLength = "ten";
        draft.Pages[0].Fields[1].Min = "abc";

        var built = FormDraftEditor.Build(draft, Guid.NewGuid());

        Assert.Equal(FormEditStatus.Invalid, built.Status);
        Assert.Equal("'B': the maximum must be a whole number.", built.Errors["pages[0].fields[1].maxLength"]);
        Assert.Equal("'B': enter a number such as 0 or 12.5.", built.Errors["pages[0].fields[1].min"]);
        Assert.Equal("Give the form a name.", built.Errors["name"]);

        FormDraftEditor.OpenFieldsWithErrors(draft, built.Errors.Keys);
        Assert.False(draft.Pages[0].Fields[0].Open);
        Assert.True(draft.Pages[0].Fields[1].Open);
    }
}
