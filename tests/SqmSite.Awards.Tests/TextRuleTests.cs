using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;

namespace SqmSite.Awards.Tests;

/// <summary>
/// The awards' one text rule (<see cref="TextLength"/>): lengths counted as a person counts, blank after removing
/// invisible characters, a server-side limit on every field. Properties over generated text, then each field.
/// </summary>
public sealed class TextRuleTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    /// <summary>Characters that show nothing: spaces, controls, zero-width and other format characters.</summary>
    private static readonly char[] Invisible = [' ', '\t', '\n', '\r', '\u0000', '\u0007', '\u001F', '\u007F', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00A0', '\u3000', '\u180E', '\u034F'];

    /// <summary>What people type: letters, accents typed as two code points, emoji and flags (each one character).</summary>
    private static readonly string[] Visible = ["a", "Z", "é", "e\u0301", "ß", "中", "😀", "🇨🇦", "👩‍💻", "-", "1"];

    private static Gen<string> InvisibleText => Gen.Elements(Invisible).ListOf().Select(cs => new string([.. cs]));

    private static Gen<(string Text, int Count)> VisibleText =>
        Gen.Elements(Visible).NonEmptyListOf().Select(parts => (string.Concat(parts), parts.Count));

    [Fact]
    public void Input_made_only_of_invisible_characters_is_blank_and_fails_required() =>
        Prop.ForAll(InvisibleText.ToArbitrary(), text =>
        {
            var check = TextLength.Check(text, "The reason", 100, "Give the reason.");
            return TextLength.IsBlank(text) && check.Value is null && check.Error == "Give the reason.";
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Length_counts_each_character_once_whatever_its_code_units_and_ignores_invisible_padding() =>
        Prop.ForAll(VisibleText.ToArbitrary(), InvisibleText.ToArbitrary(), (visible, padding) =>
        {
            // Characters could join across the boundary (a combining mark after the last letter); none of ours do.
            // The column guard refuses only text averaging more than StorageFactor code units per character.
            var typed = padding + visible.Text + padding;
            var check = TextLength.Check(typed, "The name", visible.Count, "x");
            var tooShort = TextLength.Check(typed, "The name", visible.Count - 1, "x");
            var fits = visible.Text.Length <= visible.Count * TextLength.StorageFactor;
            return (fits ? check.IsValid && check.Value == visible.Text : check.Error!.Contains("too many accents", StringComparison.Ordinal))
                && TextLength.Of(TextLength.Clean(typed)) == visible.Count
                && (visible.Count == 1 ? tooShort.Error is not null : tooShort.Error == $"The name may have at most {visible.Count - 1:N0} characters; it has {visible.Count:N0}.");
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_accepted_value_fits_its_column() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var check = TextLength.Check(text, "The notes", 50);
            return !check.IsValid || check.Value is null || check.Value.Length <= 50 * TextLength.StorageFactor;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Control_characters_are_removed_and_line_breaks_kept()
    {
        Assert.Equal("one\ntwo\tthree", TextLength.Clean("\u200B one\r\ntwo\u0000\tthree \uFEFF"));
        var zalgo = "a" + new string('\u0301', 500);
        Assert.Equal(1, TextLength.Of(zalgo));
        Assert.Equal("The notes uses too many accents or symbols per character to be stored; shorten it.",
            TextLength.Check(zalgo, "The notes", 10).Error);
    }

    private Guid Category => fixture.Cycle.CategoryKeys[0];

    private async Task<Guid> ApplyAsync(string organization)
    {
        var id = await fixture.NewOrganizationAsync(organization);
        var (nomination, result) = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>()
            .ApplyAsync(fixture.Cycle.Id, id, Category, "Email Channel", "Unique practice.", false, "nominee@example.org"));
        Assert.True(result.Succeeded, result.Message);
        return nomination!.Key;
    }

    private Task<Attempt<NominationOperationStatus>> StepAsync(Guid key, Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
        fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, null, step));

    private Task<Nomination?> LoadAsync(Guid key) => fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));

    [Fact]
    public async Task The_withdraw_reason_has_a_server_limit_and_an_invisible_one_is_none()
    {
        var key = await ApplyAsync("Withdrawing Co");
        var huge = new string('x', 1_900_000);
        var refused = await StepAsync(key, (n, c, now) => n.Withdraw(huge, "staff", now));
        Assert.Equal(NominationOperationStatus.ValidationFailed, refused.Status);
        Assert.Equal("The reason may have at most 1,000 characters; it has 1,900,000.", refused.Errors["Reason"]);
        Assert.Equal(NominationState.Applied, (await LoadAsync(key))!.State);

        Assert.True((await StepAsync(key, (n, c, now) => n.Withdraw("\u200B\u2060 \u0007", "staff", now))).Succeeded);
        var stored = await LoadAsync(key);
        Assert.Equal(NominationState.Withdrawn, stored!.State);
        Assert.Null(stored.Events[^1].Reason);
    }

    [Fact]
    public async Task Staff_reasons_interviewer_and_notes_are_checked_on_the_server()
    {
        var key = await ApplyAsync("Reviewed Co");
        Assert.True((await StepAsync(key, (n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), "nominee", now))).Succeeded);

        var invisible = await StepAsync(key, (n, c, now) => n.ReviewChecklist(false, "\u200B\u200C\u200D", "staff", now));
        Assert.Equal("Give the reason the nomination is not eligible; the nominee receives it.", invisible.Errors["Reason"]);
        var longReason = await StepAsync(key, (n, c, now) => n.ReviewChecklist(false, new string('r', 1_001), "staff", now));
        Assert.Equal("The reason may have at most 1,000 characters; it has 1,001.", longReason.Errors["Reason"]);
        Assert.True((await StepAsync(key, (n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);

        var at = fixture.Cycle.Dates.InterviewsStartUtc.AddHours(2);
        var nobody = await StepAsync(key, (n, c, now) => n.ScheduleInterview(c, at, "\uFEFF\u00A0", null, "staff", now));
        Assert.Equal("Name the interviewer.", nobody.Errors["Interviewer"]);
        var longName = await StepAsync(key, (n, c, now) => n.ScheduleInterview(c, at, new string('i', 201), null, "staff", now));
        Assert.Equal("The interviewer may have at most 200 characters; it has 201.", longName.Errors["Interviewer"]);
        var longNotes = await StepAsync(key, (n, c, now) => n.ScheduleInterview(c, at, "Ivy", new string('n', 4_001), "staff", now));
        Assert.Equal("The private notes may have at most 4,000 characters; it has 4,001.", longNotes.Errors["Notes"]);
        Assert.Null((await LoadAsync(key))!.InterviewUtc);

        // 200 characters as a person counts them, each two code points: accepted and stored whole.
        var accented = string.Concat(Enumerable.Repeat("e\u0301", 200));
        Assert.True((await StepAsync(key, (n, c, now) => n.ScheduleInterview(c, at, accented, "\u200B", "staff", now))).Succeeded);
        var stored = await LoadAsync(key);
        Assert.Equal((accented, (string?)null), (stored!.Interviewer, stored.InterviewNotes));
    }

    [Fact]
    public async Task The_overview_and_the_extension_reason_refuse_invisible_input()
    {
        var id = await fixture.NewOrganizationAsync("Invisible Co");
        var (_, applied) = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>()
            .ApplyAsync(fixture.Cycle.Id, id, Category, "Email Channel", "\u200B\u200B\u0000", false, "nominee@example.org"));
        Assert.Equal("Write a short overview of why the practice is unique.", applied.Errors["Overview"]);

        var key = await ApplyAsync("Extended Co");
        var until = fixture.Cycle.Dates.ChecklistDueUtc.AddDays(3);
        var refused = await StepAsync(key, (n, c, now) => n.ExtendDeadline(c, until, "\u2060\t\u200B", "staff", now));
        Assert.Equal("Say why the deadline is extended; the nominee sees the reason.", refused.Errors["Reason"]);
    }

    [Fact]
    public void Organization_names_and_person_names_count_as_a_person_counts()
    {
        var accented = string.Concat(Enumerable.Repeat("e\u0301", Organization.MaxOfficialNameLength));
        Assert.Null(Organization.CheckProfile(accented, null).OfficialNameError);
        Assert.Equal("The official name may have at most 200 characters; it has 201.",
            Organization.CheckProfile(accented + "x", null).OfficialNameError);
        Assert.Equal("Enter the organization's official name.", Organization.CheckProfile("\u200B\u200D", null).OfficialNameError);
    }

    [Fact]
    public void An_attachment_description_of_300_flags_is_300_characters_and_fits_its_column()
    {
        var flags = string.Concat(Enumerable.Repeat("🇨🇦", StoryAttachment.DescriptionMaxLength));
        Assert.True(TextLength.Check(flags, "The description", StoryAttachment.DescriptionMaxLength).IsValid);
        Assert.Equal(StoryAttachment.DescriptionMaxLength * TextLength.StorageFactor, flags.Length);
    }
}
