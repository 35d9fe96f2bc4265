using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Tests;

/// <summary>The category kinds' rules: what an entry names, which steps apply, the story's limit.</summary>
public sealed class CategoryKindTests
{
    private static readonly DateTime DuringApplications = new(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static AwardCycle Cycle(Guid category)
    {
        var cycle = NominationStateMachineTests.Cycle();
        cycle.Update(cycle.Name, cycle.Year, cycle.FirstRatingsYear, cycle.TimeZoneId, cycle.Dates, [category]);
        return cycle;
    }

    private static (Nomination? Nomination, SqmSite.Cms.Attempt<NominationOperationStatus> Result) Apply(CategoryKind kind, EntrySubject? subject = null,
        string? certificate = null)
    {
        var key = Guid.NewGuid();
        return Nomination.Apply(Cycle(key), 1, key, "An award", "Why this entry stands out.", false, "nominee", DuringApplications, kind, subject, certificate);
    }

    [Theory]
    [InlineData("Practice", CategoryKind.Practice)]
    [InlineData("individual", CategoryKind.Individual)]
    [InlineData(" Team ", CategoryKind.Team)]
    [InlineData("Employee satisfaction", CategoryKind.EmployeeSatisfaction)]
    [InlineData(null, CategoryKind.Practice)]
    [InlineData("", CategoryKind.Practice)]
    [InlineData("Gold medal", CategoryKind.Practice)]
    public void A_category_page_names_its_kind(string? value, CategoryKind kind) => Assert.Equal(kind, CategoryKinds.Parse(value));

    [Fact]
    public void Only_a_practice_answers_the_eligibility_checklist()
    {
        Assert.Equal([CategoryKind.Practice], CategoryKinds.All.Where(k => k.HasChecklist).Select(k => k.Kind));
        Assert.Equal([CategoryKind.EmployeeSatisfaction], CategoryKinds.All.Where(k => k.NeedsCertificate).Select(k => k.Kind));
        Assert.True(CategoryKinds.Individual.StoryMaxLength < CategoryKinds.Practice.StoryMaxLength);
        Assert.True(CategoryKinds.Team.StoryMaxLength < CategoryKinds.Practice.StoryMaxLength);
    }

    [Fact]
    public void A_practice_waits_for_its_checklist_and_an_individual_is_eligible_on_application()
    {
        var (practice, _) = Apply(CategoryKind.Practice);
        Assert.Equal(NominationState.Applied, practice!.State);
        Assert.Null(practice.SubjectName);
        Assert.Equal("", practice.SubjectKey);

        var (person, result) = Apply(CategoryKind.Individual, new EntrySubject("  Dana   Whitfield ", "Senior CSR", []));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(NominationState.Eligible, person!.State);
        Assert.Equal(("Dana Whitfield", "Senior CSR", "dana whitfield"), (person.SubjectName, person.SubjectJobTitle, person.SubjectKey));
        Assert.Equal("An award: Dana Whitfield (Senior CSR)", person.Title);
        Assert.Contains("no eligibility checklist", person.Events[^1].Reason);
        Assert.Equal(NominationEventKind.ChecklistReviewed, person.TakeRecordedEvents()[^1].Kind);
    }

    [Fact]
    public void A_team_names_its_members_once_each()
    {
        var (team, result) = Apply(CategoryKind.Team, new EntrySubject("Night shift", null, ["Ana Ruiz", " ", "Ben Okafor"]));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["Ana Ruiz", "Ben Okafor"], team!.TeamMembers);
        Assert.Null(team.SubjectJobTitle);
        Assert.Equal(NominationState.Eligible, team.State);

        var (_, repeated) = Apply(CategoryKind.Team, new EntrySubject("Night shift", null, ["Ana Ruiz", "ana ruiz"]));
        Assert.Equal(NominationOperationStatus.ValidationFailed, repeated.Status);
        Assert.Contains("listed twice", repeated.Errors["TeamMembers"]);

        var (_, alone) = Apply(CategoryKind.Team, new EntrySubject("Night shift", null, ["Ana Ruiz"]));
        Assert.Contains("at least 2", alone.Errors["TeamMembers"]);

        var (_, crowd) = Apply(CategoryKind.Team, new EntrySubject("Night shift", null, [.. Enumerable.Range(1, 51).Select(i => $"Member {i}")]));
        Assert.Contains("at most 50", crowd.Errors["TeamMembers"]);
    }

    [Theory]
    [InlineData(null, "Senior CSR", "SubjectName")]
    [InlineData("Dana Whitfield", null, "JobTitle")]
    [InlineData("Dana Whitfield", "   ", "JobTitle")]
    public void An_individual_entry_needs_the_persons_name_and_job_title(string? name, string? title, string field)
    {
        var (nomination, result) = Apply(CategoryKind.Individual, new EntrySubject(name, title, []));
        Assert.Null(nomination);
        Assert.Equal(NominationOperationStatus.ValidationFailed, result.Status);
        Assert.True(result.Errors.ContainsKey(field), string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_name_past_its_limit_is_refused_with_its_length()
    {
        var (subject, errors) = CategoryKinds.CheckSubject(CategoryKinds.Individual, new string('a', CategoryKinds.PersonNameMaxLength + 1), "CSR", null);
        Assert.Contains("at most 200 characters; it has 201", errors["SubjectName"]);
        Assert.Null(subject.Name);
    }

    [Fact]
    public void A_practice_ignores_a_subject_sent_with_it()
    {
        var (practice, result) = Apply(CategoryKind.Practice, new EntrySubject("Someone", "CSR", ["A", "B"]));
        Assert.True(result.Succeeded);
        Assert.Equal((null, null, "", 0), (practice!.SubjectName, practice.SubjectJobTitle, practice.SubjectKey, practice.TeamMembers.Count));
    }

    [Fact]
    public void The_employee_satisfaction_award_takes_only_a_certified_organization()
    {
        var (none, refused) = Apply(CategoryKind.EmployeeSatisfaction);
        Assert.Null(none);
        Assert.Equal(NominationOperationStatus.NotCertified, refused.Status);
        Assert.Contains("certificate in force", refused.Message);

        var (certified, result) = Apply(CategoryKind.EmployeeSatisfaction, certificate: "CX-AAAA-BBBB-CCCC");
        Assert.True(result.Succeeded);
        Assert.Equal((NominationState.Eligible, "CX-AAAA-BBBB-CCCC"), (certified!.State, certified.CertificateNumber));
        Assert.Contains("CX-AAAA-BBBB-CCCC", certified.EligibleWithoutChecklist);
    }

    [Fact]
    public void An_individuals_story_has_the_shorter_limit()
    {
        var cycle = NominationStateMachineTests.Cycle();
        var draft = NominationStateMachineTests.CompleteStory(cycle) with { Text = new string('x', CategoryKinds.Individual.StoryMaxLength + 1) };
        Assert.Contains("at most 15,000", draft.Check(cycle, complete: true, CategoryKinds.Individual.StoryMaxLength)["Text"]);
        Assert.False(draft.Check(cycle, complete: true, CategoryKinds.Practice.StoryMaxLength).ContainsKey("Text"));
    }

    [Theory]
    [InlineData("Dana Whitfield", "dana whitfield")]
    [InlineData("  DANA   whitfield ", "dana whitfield")]
    [InlineData(null, "")]
    public void The_same_person_is_recognized_whatever_the_spacing_and_case(string? name, string key) =>
        Assert.Equal(key, new EntrySubject(name, null, []).Key);
}
