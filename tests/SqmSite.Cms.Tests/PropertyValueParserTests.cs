using SqmSite.Cms.ContentTypes;

namespace SqmSite.Cms.Tests;

public sealed class PropertyValueParserTests
{
    private readonly PropertyValueParser _parser = new(new RichTextSanitizer());

    private static PropertyType Prop(PropertyEditor editor, bool required = false, int? max = null, string? pattern = null) =>
        new() { Alias = "p", Name = "Field", Editor = editor, Required = required, MaxLength = max, Pattern = pattern };

    [Theory]
    [InlineData("2027-09-30T23:59", "2027-09-30T23:59")]
    [InlineData("2027-09-30 23:59", "2027-09-30T23:59")]
    [InlineData("2027-09-30", "2027-09-30T00:00")]
    public void Dates_are_stored_in_one_form(string input, string stored)
    {
        var (value, error) = _parser.Parse(Prop(PropertyEditor.DateTime), input);
        Assert.Null(error);
        Assert.Equal(stored, value!.GetValue<string>());
    }

    [Theory]
    [InlineData("2027-02-30T10:00")]
    [InlineData("next tuesday")]
    [InlineData("30/09/2027")]
    public void Invalid_dates_get_a_clear_message(string input)
    {
        var (value, error) = _parser.Parse(Prop(PropertyEditor.DateTime), input);
        Assert.Null(value);
        Assert.Equal("Field must be a date and time such as 2027-09-30 23:59.", error);
    }

    [Fact]
    public void Text_length_counts_what_a_person_sees()
    {
        // Four flags are eight UTF-16 pairs but four characters to a reader.
        var (value, error) = _parser.Parse(Prop(PropertyEditor.Text, max: 4), "🇨🇦🇺🇸🇲🇽🇫🇷");
        Assert.Null(error);
        Assert.NotNull(value);
        Assert.Equal("Field may have at most 4 characters; it has 5.", _parser.Parse(Prop(PropertyEditor.Text, max: 4), "🇨🇦🇺🇸🇲🇽🇫🇷!").Error);
    }

    [Fact]
    public void Single_line_text_refuses_line_breaks_and_respects_its_pattern()
    {
        Assert.Equal("Field must be a single line.", _parser.Parse(Prop(PropertyEditor.Text), "a\nb").Error);
        Assert.NotNull(_parser.Parse(Prop(PropertyEditor.Text, pattern: "^(Practice|Team)$"), "Other").Error);
        Assert.Null(_parser.Parse(Prop(PropertyEditor.Text, pattern: "^(Practice|Team)$"), "Team").Error);
    }

    [Fact]
    public void Lists_keep_non_empty_lines_in_order()
    {
        var (value, _) = _parser.Parse(Prop(PropertyEditor.TextList), " FCR \r\n\r\nCsat\nEsat ");
        Assert.Equal("FCR\nCsat\nEsat", PropertyValueParser.ToRaw(value));
    }

    [Theory]
    [InlineData(PropertyEditor.Number, "12.5", "12.5")]
    [InlineData(PropertyEditor.Boolean, "on", "true")]
    [InlineData(PropertyEditor.Boolean, "false", "false")]
    public void Numbers_and_booleans_parse(PropertyEditor editor, string input, string stored) =>
        Assert.Equal(stored, _parser.Parse(Prop(editor), input).Value!.GetValue<string>());

    [Fact]
    public void Required_values_and_pickers_are_checked()
    {
        Assert.Equal("Field is required.", _parser.Parse(Prop(PropertyEditor.LongText, required: true), "   ").Error);
        Assert.Equal("Field is required.", _parser.Parse(Prop(PropertyEditor.RichText, required: true), "<p><script>x</script></p>").Error);
        Assert.Equal("Field must be a number, such as 42 or 3.5.", _parser.Parse(Prop(PropertyEditor.Number), "12,5,1").Error);
        Assert.Equal("Field must be picked from the list.", _parser.Parse(Prop(PropertyEditor.ContentPicker), "not-a-guid").Error);
        Assert.Equal("Field points at a page that does not exist.",
            _parser.Parse(Prop(PropertyEditor.ContentPicker), Guid.NewGuid().ToString(), _ => false).Error);
    }

    [Fact]
    public void An_emptied_rich_text_editor_stores_no_value()
    {
        var (value, error) = _parser.Parse(Prop(PropertyEditor.RichText), "<div><br></div><p>&nbsp;</p>");
        Assert.Null(value);
        Assert.Null(error);
    }

    [Fact]
    public void External_links_get_rel_noopener_and_unsafe_schemes_are_dropped()
    {
        var html = new RichTextSanitizer().Sanitize("<p><a href=\"https://example.org\" target=\"_blank\">a</a><a href=\"/local/\">b</a><a href=\"data:text/html,x\">c</a></p>");
        Assert.Equal("<p><a href=\"https://example.org\" rel=\"noopener nofollow\">a</a><a href=\"/local/\">b</a><a>c</a></p>", html);
    }

    [Fact]
    public void A_media_picker_must_point_at_a_media_item_that_exists()
    {
        var known = Guid.NewGuid();
        var picker = Prop(PropertyEditor.MediaPicker);
        Assert.Null(_parser.Parse(picker, known.ToString(), mediaExists: k => k == known).Error);
        Assert.Equal("Field points at a media item that does not exist (it may have been deleted); pick another.",
            _parser.Parse(picker, Guid.NewGuid().ToString(), mediaExists: k => k == known).Error);
        Assert.Equal("Field must be picked from the list.", _parser.Parse(picker, "not-a-key", mediaExists: _ => true).Error);
    }
}
