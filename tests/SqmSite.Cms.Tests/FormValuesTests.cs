using System.Text.Json.Nodes;
using SqmSite.Cms.Forms;

namespace SqmSite.Cms.Tests;

/// <summary>The server-side rules of answers, without a database.</summary>
public sealed class FormValuesTests
{
    private static FormField Field(FormFieldType type, string alias = "a", bool required = false, int? max = null, string? pattern = null,
        string? patternMessage = null, decimal? min = null, decimal? maxNumber = null, params string[] options) => new()
    {
        Alias = alias, Label = "Answer", Type = type, Required = required, MaxLength = max, Pattern = pattern, PatternMessage = patternMessage,
        Min = min, Max = maxNumber, Options = options, ConsentText = type == FormFieldType.DataConsent ? "I agree." : null,
    };

    private static (JsonNode? Value, string? Error) Parse(FormField field, params string[] raw) => FormValues.Parse(field, raw);

    [Fact]
    public void Text_length_is_counted_as_a_person_counts_it()
    {
        var field = Field(FormFieldType.LongText, max: 5);

        // Five family emoji are 5 characters to a person (and 55 UTF-16 units).
        var family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
        Assert.Null(Parse(field, string.Concat(Enumerable.Repeat(family, 5))).Error);
        Assert.Equal("Answer may have at most 5 characters; it has 6.", Parse(field, "éééééé").Error);
        Assert.Null(Parse(field, "e\u0301e\u0301e\u0301e\u0301e\u0301").Error);
    }

    [Fact]
    public void Short_text_is_one_line_and_matches_its_whole_pattern()
    {
        var field = Field(FormFieldType.ShortText, pattern: "[0-9]{5}", patternMessage: "Enter a five-digit ZIP code.");
        Assert.Equal("12345", Parse(field, " 12345 ").Value!.ToString());
        Assert.Equal("Enter a five-digit ZIP code.", Parse(field, "123456").Error);
        Assert.Equal("Enter a five-digit ZIP code.", Parse(field, "x12345").Error);
        Assert.Equal("Answer must be a single line.", Parse(field, "123\n45").Error);
        Assert.Equal($"Answer may have at most {FormDefinition.DefaultShortTextMax} characters; it has 501.",
            Parse(Field(FormFieldType.ShortText), new string('x', 501)).Error);
    }

    [Theory]
    [InlineData(FormFieldType.Number, "42", "42", null)]
    [InlineData(FormFieldType.Number, "-3.50", "-3.5", null)]
    [InlineData(FormFieldType.Number, "1,000", null, "Answer must be a number, such as 42 or 3.5.")]
    [InlineData(FormFieldType.Number, "1e5", null, "Answer must be a number, such as 42 or 3.5.")]
    [InlineData(FormFieldType.Percentage, "85%", "85", null)]
    [InlineData(FormFieldType.Percentage, "100", "100", null)]
    [InlineData(FormFieldType.Percentage, "100.5", null, "Answer must be from 0 to 100.")]
    [InlineData(FormFieldType.Percentage, "-1", null, "Answer must be from 0 to 100.")]
    [InlineData(FormFieldType.Percentage, "lots", null, "Answer must be a percentage from 0 to 100, such as 85 or 92.5.")]
    [InlineData(FormFieldType.Date, "2027-09-30", "2027-09-30", null)]
    [InlineData(FormFieldType.Date, "2027-02-30", null, "Answer must be a date such as 2027-09-30.")]
    [InlineData(FormFieldType.Date, "30/09/2027", null, "Answer must be a date such as 2027-09-30.")]
    public void Numbers_percentages_and_dates_are_parsed_strictly(FormFieldType type, string raw, string? stored, string? error)
    {
        var (value, message) = Parse(Field(type), raw);
        Assert.Equal(stored, value?.ToString());
        Assert.Equal(error, message);
    }

    [Fact]
    public void Numbers_respect_their_own_range()
    {
        var field = Field(FormFieldType.Number, min: 1);
        Assert.Equal("Answer must be at least 1.", Parse(field, "0").Error);
        Assert.Null(Parse(field, "1").Error);
        Assert.Equal("Answer must be from 1 to 10.", Parse(Field(FormFieldType.Number, min: 1, maxNumber: 10), "11").Error);
    }

    [Fact]
    public void Choices_come_only_from_the_options_and_are_stored_as_the_form_spells_them()
    {
        var single = Field(FormFieldType.SingleChoice, options: ["Yes", "No"]);
        Assert.Equal("Yes", Parse(single, "yes").Value!.ToString());
        Assert.NotNull(Parse(single, "Maybe").Error);
        Assert.Equal("Answer takes one answer.", Parse(single, "Yes", "No").Error);

        var multiple = Field(FormFieldType.MultipleChoice, options: ["People", "Process", "Technology"]);
        var picked = Parse(multiple, "technology", "People", "People").Value!.AsArray();
        Assert.Equal(["People", "Technology"], picked.Select(v => v!.ToString()));
        Assert.NotNull(Parse(multiple, "People", "Magic").Error);
    }

    [Fact]
    public void Checkboxes_and_consent_store_what_was_agreed()
    {
        var box = Field(FormFieldType.Checkbox);
        Assert.True(Parse(box, "true", "false").Value!.GetValue<bool>());
        Assert.False(Parse(box, "false").Value!.GetValue<bool>());
        Assert.NotNull(Parse(box, "maybe").Error);

        var consent = Field(FormFieldType.DataConsent);
        Assert.True(consent.IsRequired);
        var agreed = Parse(consent, "true").Value!.AsObject();
        Assert.True(agreed["agreed"]!.GetValue<bool>());
        Assert.Equal("I agree.", agreed["text"]!.ToString());
        Assert.Null(Parse(consent, "false").Value);
    }

    [Fact]
    public void A_field_hidden_by_its_condition_is_neither_required_nor_stored()
    {
        var form = Sample();
        var values = new JsonObject();
        var input = FormInput.From([new("topic", "Eligibility"), new("other", "Left over from before")]);
        var (errors, _) = FormValues.ParsePage(form, 0, input, values, enforceRequired: true);

        Assert.Empty(errors);
        Assert.Equal("Eligibility", values["topic"]!.ToString());
        Assert.False(values.ContainsKey("other"));

        var shown = new JsonObject();
        var (missing, _) = FormValues.ParsePage(form, 0, FormInput.From([new("topic", "Something else")]), shown, enforceRequired: true);
        Assert.Equal("Tell us more is required.", missing["other"]);
    }

    [Fact]
    public void A_later_answer_that_hides_an_earlier_field_drops_its_value()
    {
        var form = Sample() with
        {
            Pages = [.. Sample().Pages, new FormPage { Fields = [new FormField { Alias = "late", Label = "Late", Type = FormFieldType.ShortText }] }],
        };
        var values = new JsonObject { ["topic"] = "Something else", ["other"] = "Details" };
        FormValues.ParsePage(form, 0, FormInput.From([new("topic", "Eligibility")]), values, enforceRequired: false);
        Assert.False(values.ContainsKey("other"));
    }

    [Fact]
    public void Definitions_are_checked_before_they_are_stored()
    {
        var broken = Sample() with
        {
            Alias = "Not An Alias",
            Pages =
            [
                new FormPage
                {
                    Fields =
                    [
                        new FormField { Alias = "a", Label = "A", Type = FormFieldType.SingleChoice },
                        new FormField { Alias = "a", Label = "Again", Type = FormFieldType.ShortText, Pattern = "([" },
                        new FormField { Alias = "c", Label = "Consent", Type = FormFieldType.DataConsent },
                        new FormField { Alias = "d", Label = "D", Type = FormFieldType.ShortText, Condition = new FormFieldCondition { Field = "later" } },
                        new FormField { Alias = "later", Label = "Later", Type = FormFieldType.ShortText },
                    ],
                },
            ],
        };
        var errors = broken.Check();
        Assert.Contains("alias", errors.Keys);
        Assert.Contains("pages[0].fields[0].options", errors.Keys);
        Assert.Contains("pages[0].fields[1].alias", errors.Keys);
        Assert.Contains("pages[0].fields[1].pattern", errors.Keys);
        Assert.Contains("pages[0].fields[2].consentText", errors.Keys);
        Assert.Contains("pages[0].fields[3].condition", errors.Keys);
        Assert.Empty(Sample().Check());
    }

    internal static FormDefinition Sample() => new()
    {
        Key = Guid.NewGuid(),
        Alias = "sample",
        Name = "Sample",
        Pages =
        [
            new FormPage
            {
                Fields =
                [
                    new FormField { Alias = "topic", Label = "Topic", Type = FormFieldType.SingleChoice, Required = true, Options = ["Eligibility", "Something else"] },
                    new FormField
                    {
                        Alias = "other", Label = "Tell us more", Type = FormFieldType.ShortText, Required = true,
                        Condition = new FormFieldCondition { Field = "topic", Value = "Something else" },
                    },
                ],
            },
        ],
    };
}
