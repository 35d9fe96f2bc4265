using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Tests;

/// <summary>The rules of a nomination by others: the form's checks, who counts as the same candidate, and the screening steps.</summary>
public sealed class OutsideNominationRulesTests
{
    private static readonly DateTime Now = new(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static OutsideNomination Make(CategoryKind kind = CategoryKind.Practice, string organization = "Northwind Energy", string? person = null,
        Guid? category = null)
    {
        var (nomination, token, result) = OutsideNomination.Create(1, category ?? Guid.NewGuid(), "Email Channel", kind, "Pat Peer", "pat@example.org", "peer",
            organization, person, "cx@northwind.example", "They answer every email completely.", Now);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.False(string.IsNullOrEmpty(token));
        Assert.NotEqual(token, nomination!.ConfirmTokenHash);
        return nomination;
    }

    [Fact]
    public void The_form_names_every_field_that_is_wrong()
    {
        var (nomination, _, result) = OutsideNomination.Create(1, Guid.NewGuid(), "Best CSR", CategoryKind.Individual, " ", "pat@", "friend",
            "Contoso", null, "boss@contoso", new string('x', 1001), Now);
        Assert.Null(nomination);
        Assert.Equal(OutsideNominationOperationStatus.ValidationFailed, result.Status);
        Assert.Equal(["ContactEmail", "NominatorEmail", "NominatorName", "Reason", "Relationship", "SubjectName"], result.Errors.Keys.Order());
        Assert.Contains("Give the name of the person you nominate.", result.Errors["SubjectName"]);
        var (_, _, noContact) = OutsideNomination.Create(1, Guid.NewGuid(), "Best CSR", CategoryKind.Individual, "Pat", "pat@example.org", "Customer",
            "Contoso", "Dana", null, "Why.", Now);
        Assert.Contains("at their employer", noContact.Errors["ContactEmail"]);
    }

    [Theory]
    [InlineData("Northwind Energy", null, "northwind  energy", null, true)]
    [InlineData("Northwind Energy Inc.", null, "northwind energy inc", null, true)]
    [InlineData("Contoso", "Dana Whitfield", "CONTOSO", " dana whitfield ", true)]
    [InlineData("Contoso", "Dana Whitfield", "Contoso", "Sam Ortiz", false)]
    [InlineData("Contoso", null, "Fabrikam", null, false)]
    public void The_same_candidate_is_recognized_across_spelling(string org1, string? person1, string org2, string? person2, bool same) =>
        Assert.Equal(same, OutsideNomination.CandidateKeyOf(org1, person1) == OutsideNomination.CandidateKeyOf(org2, person2));

    [Fact]
    public void A_practice_nomination_names_no_person_even_if_one_is_sent()
    {
        var nomination = Make(person: "Someone");
        Assert.Null(nomination.SubjectName);
        Assert.Equal("northwind energy", nomination.CandidateKey);
    }

    [Fact]
    public void Confirming_works_for_seven_days_and_staff_screen_only_what_is_confirmed()
    {
        var late = Make();
        Assert.Equal(OutsideNominationOperationStatus.LinkNotValid, late.Confirm(Now.AddDays(8)).Status);
        Assert.Equal(OutsideNominationState.Unconfirmed, late.State);
        Assert.Equal(OutsideNominationOperationStatus.WrongState, late.Accept("hash", "staff", Now).Status);

        var n = Make();
        Assert.True(n.Confirm(Now.AddDays(6)).Succeeded);
        Assert.True(n.Confirm(Now.AddDays(6)).Succeeded); // opened twice: nothing changes
        Assert.Equal(OutsideNominationOperationStatus.ValidationFailed, n.Refuse("  ", "staff", Now).Status);
        Assert.True(n.Accept("hash", "staff", Now).Succeeded);
        Assert.Equal(OutsideNominationState.Invited, n.State);
        Assert.Equal(OutsideNominationOperationStatus.WrongState, n.Refuse("Too late.", "staff", Now).Status);
    }

    [Fact]
    public void A_duplicate_merges_only_into_an_open_nomination_of_the_same_category()
    {
        var category = Guid.NewGuid();
        var a = Make(category: category);
        var b = Make(category: category);
        var elsewhere = Make();
        foreach (var n in new[] { a, b, elsewhere })
        {
            Assert.True(n.Confirm(Now).Succeeded);
        }

        Assert.Equal(OutsideNominationOperationStatus.WrongState, elsewhere.MergeInto(a, "staff", Now).Status);
        Assert.True(b.MergeInto(a, "staff", Now).Succeeded);
        Assert.Equal(OutsideNominationState.Merged, b.State);
        Assert.Equal(OutsideNominationOperationStatus.WrongState, b.MergeInto(a, "staff", Now).Status); // merged already

        // Taken up: the merged one goes with it to the same entry.
        a.TakeUp(42, Now);
        b.TakeUp(42, Now);
        Assert.Equal((OutsideNominationState.TakenUp, 42, OutsideNominationState.Merged, 42), (a.State, a.NominationId, b.State, b.NominationId));
        Assert.Null(a.InviteTokenHash);
    }
}
