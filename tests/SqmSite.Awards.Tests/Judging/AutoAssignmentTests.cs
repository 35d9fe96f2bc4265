using SqmSite.Awards.Judging;

namespace SqmSite.Awards.Tests.Judging;

/// <summary>Automatic assignment on small panels worked out by hand: the choices, the reasons and the problems staff read.</summary>
public sealed class AutoAssignmentTests
{
    private static readonly AssignmentJudge Ann = new(1, "Ann Lee", new HashSet<int> { 1 });
    private static readonly AssignmentJudge Bo = new(2, "Bo Chan", new HashSet<int>());
    private static readonly AssignmentJudge Cy = new(3, "Cy Diaz", new HashSet<int>());

    private static readonly AssignmentEntry Acme = new(101, 1, "Acme Support — Email Channel") { OrganizationName = "Acme Support" };
    private static readonly AssignmentEntry Beta = new(102, 2, "Beta Care — Email Channel");
    private static readonly AssignmentEntry Gamma = new(103, 3, "Gamma Help — Email Channel");

    [Fact]
    public void The_most_constrained_entry_is_served_first_and_each_reason_names_the_judges_passed_over()
    {
        var conflict = new ExistingAssignment(101, Bo.JudgeId, false, true);

        var plan = AutoAssignment.Plan([Gamma, Beta, Acme], [Cy, Bo, Ann], 2, [conflict]);

        // Acme has one eligible judge (Ann never judges it, Bo declared a conflict), so it goes first and takes Cy;
        // then Beta and Gamma (ids in order) take the least loaded, lowest id first: Ann and Bo, then Ann and Bo again.
        Assert.Equal(
        [
            new PlannedAssignment(103, 1, "Least loaded free judge (1 entry before this one)."),
            new PlannedAssignment(103, 2, "Least loaded free judge (1 entry before this one)."),
            new PlannedAssignment(102, 1, "Least loaded free judge (no entries before this one)."),
            new PlannedAssignment(102, 2, "Least loaded free judge (no entries before this one)."),
            new PlannedAssignment(101, 3, "Least loaded free judge (no entries before this one); skipped Ann Lee (never judges Acme Support), Bo Chan (declared a conflict)."),
        ], plan.Add);
        Assert.Equal(["Acme Support — Email Channel needs 2 judges but only 1 on the panel is free of conflicts."], plan.Problems);
        Assert.False(plan.CanBeMet);
        Assert.Equal([conflict], plan.Keep);
        Assert.Empty(plan.Remove);
        Assert.Equal(new Dictionary<int, int> { [1] = 2, [2] = 2, [3] = 1 }, plan.LoadAfter);
    }

    [Fact]
    public void The_problem_sentence_uses_the_label_and_says_how_many_judges_are_free()
    {
        var plan = AutoAssignment.Plan([Acme], [Ann, Bo, Cy], 3, []);

        Assert.Equal(["Acme Support — Email Channel needs 3 judges but only 2 on the panel are free of conflicts."], plan.Problems);
        Assert.Equal([2, 3], plan.Add.Select(a => a.JudgeId));
        Assert.Equal("Least loaded free judge (no entries before this one); skipped Ann Lee (never judges Acme Support).", plan.Add[0].Reason);

        var none = AutoAssignment.Plan([Acme with { OrganizationName = null }], [Ann], 1, []);
        Assert.Equal(["Acme Support — Email Channel needs 1 judge but none on the panel is free of conflicts."], none.Problems);
        Assert.Empty(none.Add);
    }

    [Fact]
    public void Lowering_N_drops_the_unscored_extra_of_the_most_loaded_judge()
    {
        // Ann has two entries, Bo one; Acme has both and needs only one now: Ann's goes, which leaves one each.
        var annOnAcme = new ExistingAssignment(101, 1, false, false);
        var boOnAcme = new ExistingAssignment(101, 2, false, false);
        var annOnBeta = new ExistingAssignment(102, 1, false, false);
        var annFree = Ann with { NeverJudgeOrganizationIds = new HashSet<int>() };

        var plan = AutoAssignment.Plan([Acme, Beta], [annFree, Bo], 1, [annOnAcme, boOnAcme, annOnBeta]);

        Assert.Equal([annOnAcme], plan.Remove);
        Assert.Equal([boOnAcme, annOnBeta], plan.Keep);
        Assert.Empty(plan.Add);
        Assert.True(plan.CanBeMet);
        Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 1 }, plan.LoadAfter);
    }

    [Fact]
    public void A_judge_who_left_the_panel_loses_unscored_entries_and_keeps_scored_ones()
    {
        var unscored = new ExistingAssignment(101, 1, false, false);
        var scored = new ExistingAssignment(102, 1, true, false);

        var plan = AutoAssignment.Plan([Acme, Beta], [Bo], 1, [unscored, scored]);

        Assert.Equal([unscored], plan.Remove);
        Assert.Equal([scored], plan.Keep);
        Assert.Equal([new PlannedAssignment(101, 2, "Least loaded free judge (no entries before this one).")], plan.Add);
        Assert.Equal(new Dictionary<int, int> { [2] = 1, [1] = 1 }, plan.LoadAfter);
    }

    [Fact]
    public void A_scored_assignment_stays_even_when_the_judge_now_never_judges_that_organization_and_an_unscored_one_goes()
    {
        var scored = new ExistingAssignment(101, Ann.JudgeId, true, false);
        var unscored = new ExistingAssignment(101, Ann.JudgeId, false, false);

        Assert.Equal([scored], AutoAssignment.Plan([Acme], [Ann, Bo], 1, [scored]).Keep);
        var plan = AutoAssignment.Plan([Acme], [Ann, Bo], 1, [unscored]);
        Assert.Equal([unscored], plan.Remove);
        Assert.Equal([Bo.JudgeId], plan.Add.Select(a => a.JudgeId));
    }

    [Fact]
    public void N_below_one_changes_nothing_and_says_why()
    {
        var existing = new ExistingAssignment(101, 2, false, false);

        var plan = AutoAssignment.Plan([Acme], [Bo], 0, [existing]);

        Assert.Equal(["Each entry needs at least one judge."], plan.Problems);
        Assert.Empty(plan.Add);
        Assert.Empty(plan.Remove);
        Assert.Equal([existing], plan.Keep);
        Assert.Equal(new Dictionary<int, int> { [2] = 1 }, plan.LoadAfter);
    }

    [Fact]
    public void An_empty_panel_is_one_problem_and_unscored_assignments_of_former_judges_go()
    {
        var former = new ExistingAssignment(101, 2, false, false);

        var plan = AutoAssignment.Plan([Acme, Beta], [], 2, [former]);

        Assert.Equal(["The panel has no judges; add judges to it before assigning."], plan.Problems);
        Assert.Equal([former], plan.Remove);
        Assert.Empty(plan.Add);
        Assert.Empty(plan.LoadAfter);
    }
}
