using FsCheck;
using FsCheck.Fluent;
using SqmSite.Awards.Judging;

namespace SqmSite.Awards.Tests.Judging;

/// <summary>
/// The rules of automatic assignment (<see cref="AutoAssignment"/>) over generated panels: small categories, judges
/// with and without never-judge lists, earlier assignments scored, unscored and declared as conflicts, judges who
/// left the panel and entries no longer judged. Each property restates one rule of the issue independently of how the
/// plan is worked out.
/// </summary>
public sealed class AutoAssignmentPropertyTests
{
    /// <summary>Judge ids 1..9: the panel is a subset, the rest are judges who left it.</summary>
    private static readonly int[] JudgeIds = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static readonly int[] Organizations = [1, 2, 3, 4, 5];

    /// <summary>A nomination with assignments that is no longer among the entries (withdrawn, or left the category).</summary>
    private const int Gone = 999;

    public sealed record Scenario(IReadOnlyList<AssignmentEntry> Entries, IReadOnlyList<AssignmentJudge> Judges, int N, IReadOnlyList<ExistingAssignment> Existing)
    {
        public AssignmentPlan Plan() => AutoAssignment.Plan(Entries, Judges, N, Existing);

        public override string ToString() =>
            $"N={N}; entries: {string.Join(", ", Entries.Select(e => $"{e.NominationId}@org{e.OrganizationId}"))}; "
            + $"judges: {string.Join(", ", Judges.Select(j => $"{j.JudgeId}(never {string.Join("/", j.NeverJudgeOrganizationIds)})"))}; "
            + $"existing: {string.Join(", ", Existing.Select(a => $"{a.NominationId}-{a.JudgeId}{(a.HasScores ? "s" : "")}{(a.Conflict ? "c" : "")}"))}";
    }

    private static Gen<AssignmentJudge> Judge(int id) =>
        Gen.Frequency((3, Gen.Constant(new HashSet<int>())), (1, Gen.SubListOf(Organizations).Select(o => o.ToHashSet())))
            .Select(never => new AssignmentJudge(id, $"Judge {id}", never));

    /// <summary>Per pair: usually nothing, otherwise unscored, scored, a conflict, or a conflict declared after scoring.</summary>
    private static Gen<ExistingAssignment?> Existing(int nominationId, int judgeId) =>
        Gen.Frequency(
            (12, Gen.Constant<ExistingAssignment?>(null)),
            (2, Gen.Constant<ExistingAssignment?>(new(nominationId, judgeId, false, false))),
            (2, Gen.Constant<ExistingAssignment?>(new(nominationId, judgeId, true, false))),
            (1, Gen.Constant<ExistingAssignment?>(new(nominationId, judgeId, false, true))),
            (1, Gen.Constant<ExistingAssignment?>(new(nominationId, judgeId, true, true))));

    private static Gen<Scenario> Scenarios(bool constrained) =>
        from entryCount in Gen.Choose(0, 12)
        from organizations in Gen.Elements(Organizations).ArrayOf(entryCount)
        from panelIds in Gen.SubListOf(JudgeIds).Where(ids => ids.Count > 0)
        from judges in Gen.CollectToList(panelIds, id => constrained ? Judge(id) : Gen.Constant(new AssignmentJudge(id, $"Judge {id}", new HashSet<int>())))
        from n in Gen.Choose(1, 4)
        let entries = organizations.Select((org, i) => new AssignmentEntry(100 + i, org, $"Entry {100 + i}")).ToList()
        from existing in constrained
            ? Gen.CollectToList(entries.Select(e => e.NominationId).Append(Gone).SelectMany(id => JudgeIds.Select(j => (id, j))), p => Existing(p.id, p.j))
            : Gen.Constant(new List<ExistingAssignment?>())
        select new Scenario(entries, [.. judges], n, [.. existing.OfType<ExistingAssignment>()]);

    private static Arbitrary<Scenario> Constrained => Scenarios(true).ToArbitrary();

    /// <summary>The non-conflict judges of each nomination after the plan: kept records and additions.</summary>
    private static Dictionary<int, HashSet<int>> JudgesAfter(AssignmentPlan plan) =>
        plan.Keep.Where(a => !a.Conflict).Select(a => (a.NominationId, a.JudgeId))
            .Concat(plan.Add.Select(a => (a.NominationId, a.JudgeId)))
            .GroupBy(p => p.NominationId).ToDictionary(g => g.Key, g => g.Select(p => p.JudgeId).ToHashSet());

    private static bool BreaksARule(Scenario s, int nominationId, int judgeId)
    {
        var judge = s.Judges.FirstOrDefault(j => j.JudgeId == judgeId);
        var entry = s.Entries.FirstOrDefault(e => e.NominationId == nominationId);
        return judge is null || entry is null || judge.NeverJudgeOrganizationIds.Contains(entry.OrganizationId)
            || s.Existing.Any(a => a.Conflict && a.NominationId == nominationId && a.JudgeId == judgeId);
    }

    [Fact]
    public void No_addition_and_no_unscored_assignment_kept_is_a_never_judge_or_conflicted_pair_or_off_the_panel() =>
        Prop.ForAll(Constrained, s =>
        {
            var plan = s.Plan();
            var addedTwice = plan.Add.GroupBy(a => (a.NominationId, a.JudgeId)).Any(g => g.Count() > 1);
            var addedOverExisting = plan.Add.Any(a => plan.Keep.Any(k => !k.Conflict && k.NominationId == a.NominationId && k.JudgeId == a.JudgeId));
            return !addedTwice && !addedOverExisting
                && plan.Add.All(a => !BreaksARule(s, a.NominationId, a.JudgeId))
                && plan.Keep.Where(k => k is { Conflict: false, HasScores: false }).All(k => !BreaksARule(s, k.NominationId, k.JudgeId));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Each_entry_gets_as_many_judges_as_it_can_up_to_N_and_a_problem_exactly_when_short() =>
        Prop.ForAll(Constrained, s =>
        {
            var plan = s.Plan();
            var after = JudgesAfter(plan);
            return s.Entries.All(e =>
            {
                // Scored judges stay whatever else; the free ones are panel judges allowed to judge it.
                var scored = s.Existing.Where(a => a is { Conflict: false, HasScores: true } && a.NominationId == e.NominationId).Select(a => a.JudgeId).ToHashSet();
                var free = s.Judges.Where(j => !BreaksARule(s, e.NominationId, j.JudgeId)).Select(j => j.JudgeId);
                var expected = Math.Max(scored.Count, Math.Min(s.N, scored.Union(free).Count()));
                var got = after.GetValueOrDefault(e.NominationId)?.Count ?? 0;
                var problem = plan.Problems.Any(p => p.StartsWith($"{e.Label} needs", StringComparison.Ordinal));
                return got == expected && got <= Math.Max(s.N, scored.Count) && problem == (got < s.N);
            }) && plan.Problems.Count == plan.Problems.Distinct().Count() && plan.CanBeMet == (plan.Problems.Count == 0);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Without_never_judge_lists_conflicts_or_earlier_assignments_loads_differ_by_at_most_one() =>
        Prop.ForAll(Scenarios(false).ToArbitrary(), s =>
        {
            var plan = s.Plan();
            var loads = s.Judges.Select(j => plan.LoadAfter[j.JudgeId]).ToList();
            var perEntry = Math.Min(s.N, s.Judges.Count);
            return loads.Max() - loads.Min() <= 1
                && loads.Sum() == s.Entries.Count * perEntry
                && s.Entries.All(e => plan.Add.Count(a => a.NominationId == e.NominationId) == perEntry)
                && plan.CanBeMet == (s.N <= s.Judges.Count || s.Entries.Count == 0);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Scored_assignments_and_conflict_records_are_always_kept_and_only_unscored_ones_are_removed() =>
        Prop.ForAll(Constrained, s =>
        {
            var plan = s.Plan();
            var partition = plan.Keep.Count + plan.Remove.Count == s.Existing.Count
                && s.Existing.All(a => plan.Keep.Contains(a) != plan.Remove.Contains(a));
            return partition
                && s.Existing.Where(a => a.HasScores || a.Conflict).All(plan.Keep.Contains)
                && plan.Remove.All(a => a is { HasScores: false, Conflict: false });
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Unscored_assignments_of_judges_who_left_the_panel_or_of_entries_no_longer_judged_are_removed() =>
        Prop.ForAll(Constrained, s =>
        {
            var plan = s.Plan();
            var panel = s.Judges.Select(j => j.JudgeId).ToHashSet();
            var entries = s.Entries.Select(e => e.NominationId).ToHashSet();
            return s.Existing.Where(a => a is { HasScores: false, Conflict: false } && (!panel.Contains(a.JudgeId) || !entries.Contains(a.NominationId)))
                .All(plan.Remove.Contains);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Load_after_counts_every_panel_judges_kept_and_added_entries() =>
        Prop.ForAll(Constrained, s =>
        {
            var plan = s.Plan();
            var counted = JudgesAfter(plan).SelectMany(p => p.Value).GroupBy(j => j).ToDictionary(g => g.Key, g => g.Count());
            return s.Judges.All(j => plan.LoadAfter.ContainsKey(j.JudgeId))
                && plan.LoadAfter.All(l => l.Value == counted.GetValueOrDefault(l.Key))
                && counted.All(c => plan.LoadAfter.GetValueOrDefault(c.Key) == c.Value);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_same_input_in_any_order_gives_the_same_plan() =>
        Prop.ForAll((from s in Scenarios(true)
                     from entries in Gen.Shuffle(s.Entries.ToArray())
                     from judges in Gen.Shuffle(s.Judges.ToArray())
                     select (s, Shuffled: s with { Entries = entries, Judges = judges })).ToArbitrary(), pair =>
        {
            var first = pair.s.Plan();
            var again = pair.s.Plan();
            var shuffled = pair.Shuffled.Plan();
            return Describe(first) == Describe(again)
                && first.Add.ToHashSet().SetEquals(shuffled.Add)
                && first.Problems.ToHashSet().SetEquals(shuffled.Problems)
                && first.Keep.SequenceEqual(shuffled.Keep) && first.Remove.SequenceEqual(shuffled.Remove)
                && first.LoadAfter.OrderBy(l => l.Key).SequenceEqual(shuffled.LoadAfter.OrderBy(l => l.Key));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Saving_the_plan_and_running_it_again_changes_nothing() =>
        Prop.ForAll(Constrained, s =>
        {
            var plan = s.Plan();
            var saved = plan.Keep.Concat(plan.Add.Select(a => new ExistingAssignment(a.NominationId, a.JudgeId, false, false))).ToList();
            var again = (s with { Existing = saved }).Plan();
            return again.Add.Count == 0 && again.Remove.Count == 0
                && again.Problems.ToHashSet().SetEquals(plan.Problems)
                && again.LoadAfter.OrderBy(l => l.Key).SequenceEqual(plan.LoadAfter.OrderBy(l => l.Key));
        }).QuickCheckThrowOnFailure();

    private static string Describe(AssignmentPlan plan) =>
        string.Join("|", plan.Add) + "#" + string.Join("|", plan.Remove) + "#" + string.Join("|", plan.Keep) + "#"
        + string.Join("|", plan.Problems) + "#" + string.Join("|", plan.LoadAfter.OrderBy(l => l.Key));
}
