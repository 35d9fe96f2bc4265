using System.Globalization;

namespace SqmSite.Awards.Judging;

/// <summary>An entry to be judged: a finalist's submitted story, with the organization that never-judge lists name.</summary>
/// <param name="Label">What staff read in a problem, for example "Acme Support — Email Channel".</param>
public sealed record AssignmentEntry(int NominationId, int OrganizationId, string Label)
{
    /// <summary>
    /// The organization's name, for the reasons staff read ("never judges Acme Support"); without it a reason says
    /// "this organization". Optional so that callers holding only the label still get a plan.
    /// </summary>
    public string? OrganizationName { get; init; }
}

/// <summary>A judge of the panel, with the organizations they must never judge (employer, clients, competitors).</summary>
public sealed record AssignmentJudge(int JudgeId, string Name, IReadOnlySet<int> NeverJudgeOrganizationIds);

/// <summary>
/// An assignment already saved. <paramref name="Conflict"/>: the judge declared a conflict on it; it stays as a record,
/// never counts toward the judges an entry needs, and that judge never gets that entry again.
/// </summary>
public sealed record ExistingAssignment(int NominationId, int JudgeId, bool HasScores, bool Conflict);

/// <summary>A new assignment the plan proposes, with the sentence that tells staff why this judge.</summary>
public sealed record PlannedAssignment(int NominationId, int JudgeId, string Reason);

/// <summary>
/// What pressing "Assign automatically" would do, shown before anything is saved. Every existing assignment is in
/// exactly one of <see cref="Remove"/> and <see cref="Keep"/> (conflict records are kept: they are the history of the
/// declaration), so saving the plan is: delete <see cref="Remove"/>, insert <see cref="Add"/>.
/// </summary>
/// <param name="Problems">One plain sentence per entry that cannot get its judges, or one about the input itself.</param>
/// <param name="LoadAfter">Judge id to the entries they would have after the plan (conflicts not counted); every
/// panel judge is present, with 0 when they get nothing.</param>
public sealed record AssignmentPlan(
    IReadOnlyList<PlannedAssignment> Add,
    IReadOnlyList<ExistingAssignment> Remove,
    IReadOnlyList<ExistingAssignment> Keep,
    IReadOnlyList<string> Problems,
    IReadOnlyDictionary<int, int> LoadAfter)
{
    public bool CanBeMet => Problems.Count == 0;
}

/// <summary>
/// Automatic assignment of a panel's judges to a category's entries: each entry gets the panel's N judges, no judge
/// gets an organization on their never-judge list or an entry they declared a conflict on, and loads stay even.
/// Pure and deterministic (the same input gives the same plan, whatever the order of entries and judges), so the dry
/// run staff see is exactly what saving does, and re-running after a save changes nothing.
/// </summary>
/// <remarks>
/// Greedy rather than an optimal matching: an entry's choices never limit another's (a judge has no capacity), so
/// each entry always gets every judge it can; only balance is at stake, and least-load-first keeps it within one
/// entry when nothing is constrained. Handling the entries with the fewest eligible judges first lets their few
/// judges take them before the free entries raise those judges' loads.
/// </remarks>
public static class AutoAssignment
{
    /// <summary>
    /// The plan for one panel's entries. Kept: every scored assignment (scores are never thrown away), every conflict
    /// record, and the unscored assignments of judges still on the panel that still obey the rules, up to
    /// <paramref name="judgesPerEntry"/> per entry. Removed: the other unscored ones (judge off the panel, entry no
    /// longer judged, organization now on the judge's never-judge list, or over N after N was lowered). Added: the
    /// least loaded eligible judges, until each entry has N or no eligible judge is left.
    /// </summary>
    /// <param name="existing">Every assignment saved for these entries and this panel, scored or not, conflicts included.</param>
    public static AssignmentPlan Plan(IReadOnlyList<AssignmentEntry> entries, IReadOnlyList<AssignmentJudge> panelJudges, int judgesPerEntry,
        IReadOnlyList<ExistingAssignment> existing)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(panelJudges);
        ArgumentNullException.ThrowIfNull(existing);

        var panel = panelJudges.DistinctBy(j => j.JudgeId).OrderBy(j => j.JudgeId).ToList();
        if (judgesPerEntry < 1)
        {
            // Nothing sensible follows from N < 1 (it would drop every unscored assignment): change nothing.
            var unchanged = existing.Where(a => !a.Conflict).Select(a => (a.NominationId, a.JudgeId)).ToHashSet();
            return new([], [], [.. existing], ["Each entry needs at least one judge."], LoadAfter(panel, unchanged));
        }

        var state = new State(entries.DistinctBy(e => e.NominationId).ToList(), panel, existing);
        state.Settle();
        state.DropExtras(judgesPerEntry);
        var (add, shortOf) = state.Fill(judgesPerEntry);

        List<string> problems = panel.Count == 0
            ? ["The panel has no judges; add judges to it before assigning."]
            : [.. state.Entries.Where(e => shortOf.ContainsKey(e.NominationId)).Select(e => Shortfall(e, judgesPerEntry, shortOf[e.NominationId]))];
        var keep = existing.Where((_, i) => !state.Removed[i]).ToList();
        var remove = existing.Where((_, i) => state.Removed[i]).ToList();
        return new(add, remove, keep, problems, LoadAfter(panel, state.Held));
    }

    private static Dictionary<int, int> LoadAfter(IEnumerable<AssignmentJudge> panel, HashSet<(int NominationId, int JudgeId)> held)
    {
        var load = panel.ToDictionary(j => j.JudgeId, _ => 0);
        foreach (var (_, judgeId) in held)
        {
            load[judgeId] = load.GetValueOrDefault(judgeId) + 1;
        }

        return load;
    }

    private static string Shortfall(AssignmentEntry entry, int needed, int got) =>
        string.Create(CultureInfo.InvariantCulture, $"{entry.Label} needs {Judges(needed)} but ")
        + (got == 0 ? "none on the panel is free of conflicts." : string.Create(CultureInfo.InvariantCulture, $"only {got} on the panel {(got == 1 ? "is" : "are")} free of conflicts."));

    private static string Judges(int n) => n == 1 ? "1 judge" : string.Create(CultureInfo.InvariantCulture, $"{n} judges");

    private static string Entries(int n) => n switch
    {
        0 => "no entries",
        1 => "1 entry",
        _ => string.Create(CultureInfo.InvariantCulture, $"{n} entries"),
    };

    /// <summary>The plan being worked out: which existing records go, which pairs are held, and each judge's load.</summary>
    private sealed class State(List<AssignmentEntry> entries, List<AssignmentJudge> panel, IReadOnlyList<ExistingAssignment> existing)
    {
        private readonly Dictionary<int, AssignmentEntry> entryById = entries.ToDictionary(e => e.NominationId);
        private readonly Dictionary<int, AssignmentJudge> judgeById = panel.ToDictionary(j => j.JudgeId);
        private readonly HashSet<(int NominationId, int JudgeId)> conflicts =
            existing.Where(a => a.Conflict).Select(a => (a.NominationId, a.JudgeId)).ToHashSet();
        private readonly Dictionary<int, int> load = panel.ToDictionary(j => j.JudgeId, _ => 0);
        private readonly Dictionary<int, int> judgesOf = [];

        public List<AssignmentEntry> Entries { get; } = entries;

        /// <summary>Per existing record (same index): whether the plan removes it.</summary>
        public bool[] Removed { get; } = new bool[existing.Count];

        /// <summary>Non-conflict pairs the plan keeps or adds: what counts toward N and toward a judge's load.</summary>
        public HashSet<(int NominationId, int JudgeId)> Held { get; } = [];

        /// <summary>
        /// Scored records are held whatever else (scores are never thrown away), before the unscored ones so that a
        /// duplicate of a scored pair is the one removed. An unscored record goes when its judge left the panel, its
        /// entry is no longer judged, the judge's never-judge list now names the organization, or it repeats a pair.
        /// </summary>
        public void Settle()
        {
            for (var i = 0; i < existing.Count; i++)
            {
                if (existing[i] is { Conflict: false, HasScores: true } scored)
                {
                    Hold((scored.NominationId, scored.JudgeId));
                }
            }

            for (var i = 0; i < existing.Count; i++)
            {
                if (existing[i] is not { Conflict: false, HasScores: false } a)
                {
                    continue;
                }

                var pair = (a.NominationId, a.JudgeId);
                var fits = judgeById.TryGetValue(a.JudgeId, out var judge) && entryById.TryGetValue(a.NominationId, out var entry)
                    && !judge.NeverJudgeOrganizationIds.Contains(entry.OrganizationId) && !conflicts.Contains(pair) && !Held.Contains(pair);
                if (fits)
                {
                    Hold(pair);
                }
                else
                {
                    Removed[i] = true;
                }
            }
        }

        /// <summary>
        /// When N was lowered, an entry may hold more than N: unscored extras go, from the most-loaded judge first (the
        /// higher id on a tie), which is the choice that keeps loads most even.
        /// </summary>
        public void DropExtras(int needed)
        {
            foreach (var entry in Entries.OrderBy(e => e.NominationId))
            {
                while (Count(entry.NominationId) > needed)
                {
                    var extra = Enumerable.Range(0, existing.Count)
                        .Where(i => !Removed[i] && existing[i] is { Conflict: false, HasScores: false } a && a.NominationId == entry.NominationId)
                        .OrderByDescending(i => load[existing[i].JudgeId]).ThenByDescending(i => existing[i].JudgeId)
                        .Select(i => (int?)i).FirstOrDefault();
                    if (extra is not { } index)
                    {
                        break;
                    }

                    Removed[index] = true;
                    Release((existing[index].NominationId, existing[index].JudgeId));
                }
            }
        }

        /// <summary>
        /// Fills each entry up to N with its eligible judges of least load (lowest id on a tie), the entries with
        /// fewest eligible judges first; returns the additions in the caller's entry order, and the entries left short
        /// with the judges they end up with.
        /// </summary>
        public (List<PlannedAssignment> Add, Dictionary<int, int> ShortOf) Fill(int needed)
        {
            var added = new Dictionary<int, List<PlannedAssignment>>();
            var shortOf = new Dictionary<int, int>();
            var work = Entries.Select(e => (Entry: e, Eligible: panel.Where(j => IsEligible(e, j)).ToList()))
                .OrderBy(w => w.Eligible.Count).ThenBy(w => w.Entry.NominationId).ToList();
            foreach (var (entry, eligible) in work)
            {
                var picks = added[entry.NominationId] = [];
                var skipped = Skipped(entry);
                while (Count(entry.NominationId) < needed && eligible.Count > 0)
                {
                    var judge = eligible.MinBy(j => (load[j.JudgeId], j.JudgeId))!;
                    eligible.Remove(judge);
                    picks.Add(new(entry.NominationId, judge.JudgeId, $"Least loaded free judge ({Entries(load[judge.JudgeId])} before this one){skipped}."));
                    Hold((entry.NominationId, judge.JudgeId));
                }

                if (Count(entry.NominationId) < needed)
                {
                    shortOf[entry.NominationId] = Count(entry.NominationId);
                }
            }

            return ([.. Entries.SelectMany(e => added[e.NominationId])], shortOf);
        }

        private bool IsEligible(AssignmentEntry entry, AssignmentJudge judge) =>
            !judge.NeverJudgeOrganizationIds.Contains(entry.OrganizationId)
            && !conflicts.Contains((entry.NominationId, judge.JudgeId))
            && !Held.Contains((entry.NominationId, judge.JudgeId));

        /// <summary>The panel judges passed over for a rule, so staff see why a less loaded judge was not chosen.</summary>
        private string Skipped(AssignmentEntry entry)
        {
            var reasons = panel.Select(j => j.NeverJudgeOrganizationIds.Contains(entry.OrganizationId)
                    ? $"{j.Name} (never judges {entry.OrganizationName ?? "this organization"})"
                    : conflicts.Contains((entry.NominationId, j.JudgeId)) ? $"{j.Name} (declared a conflict)" : null)
                .OfType<string>().ToList();
            return reasons.Count == 0 ? "" : "; skipped " + string.Join(", ", reasons);
        }

        private int Count(int nominationId) => judgesOf.GetValueOrDefault(nominationId);

        private void Hold((int NominationId, int JudgeId) pair)
        {
            if (Held.Add(pair))
            {
                load[pair.JudgeId] = load.GetValueOrDefault(pair.JudgeId) + 1;
                judgesOf[pair.NominationId] = Count(pair.NominationId) + 1;
            }
        }

        private void Release((int NominationId, int JudgeId) pair)
        {
            Held.Remove(pair);
            load[pair.JudgeId]--;
            judgesOf[pair.NominationId]--;
        }
    }
}
