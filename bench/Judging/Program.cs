using System.Diagnostics;
using System.Globalization;
using SqmSite.Awards.Judging;

// Issue 11: automatic assignment and the leaderboard for a whole cycle, 17 categories x 40 entries x 12 judges (N = 3,
// some never-judge lists), each timed over all 17 categories. Rounds alternate which of the two goes first, so both
// share the machine's ups and downs; the figures are medians. Exits non-zero when a median reaches a second.
// Usage: Judging [rounds=15]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
const int Categories = 17, EntriesPerCategory = 40, JudgesPerPanel = 12, JudgesPerEntry = 3;
var random = new Random(11);

// A pool of 60 judges sits on the 17 panels (a judge may sit on several); one in three never judges 1-3 of the 300
// organizations, which are spread over the categories as they are in a real cycle (one organization, several entries).
var never = Enumerable.Range(1, 60).ToDictionary(id => id, _ => random.Next(3) == 0
    ? Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1, 301)).ToHashSet() : []);
var categories = Enumerable.Range(0, Categories).Select(c => new Category(
    [.. Enumerable.Range(0, EntriesPerCategory).Select(e => c * 1000 + e).Select(id =>
        new AssignmentEntry(id, random.Next(1, 301), $"Entry {id}") { OrganizationName = $"Organization {id}" })],
    [.. Enumerable.Range(1, 60).OrderBy(_ => random.Next()).Take(JudgesPerPanel).Order()
        .Select(id => new AssignmentJudge(id, $"Judge {id}", never[id]))])).ToList();

// The default score set's five criteria (0-10), and for the leaderboard each category's plan scored: one sheet per
// assignment, a judge's own leniency added to every score, and one sheet in 25 excluded after a conflict.
Criterion[] criteria = [.. new[] { 3m, 2m, 2m, 2m, 1m }.Select((weight, i) => new Criterion(Guid.NewGuid(), $"Criterion {i + 1}", "", weight, 10, false))];
var leniency = Enumerable.Range(1, 60).ToDictionary(id => id, _ => random.Next(-2, 3));
var boards = categories.Select(c => AutoAssignment.Plan(c.Entries, c.Judges, JudgesPerEntry, []).Add.Select(a => new SheetInput(a.NominationId, a.JudgeId,
        criteria.ToDictionary(k => k.Key, _ => Math.Clamp(random.Next(3, 11) + leniency[a.JudgeId], 0, 10)), random.Next(25) == 0)).ToList())
    .Select((sheets, i) => (Ids: categories[i].Entries.Select(e => e.NominationId).ToList(), Sheets: sheets)).ToList();

var plans = new List<AssignmentPlan>();
var assignment = new List<double>();
var leaderboard = new List<double>();
for (var round = -3; round < rounds; round++)
{
    // Three warm-up rounds (JIT, tiered compilation) are not counted.
    var assignFirst = round % 2 == 0;
    var first = assignFirst ? TimeAssignment() : TimeLeaderboard();
    var second = assignFirst ? TimeLeaderboard() : TimeAssignment();
    if (round >= 0)
    {
        (assignFirst ? assignment : leaderboard).Add(first);
        (assignFirst ? leaderboard : assignment).Add(second);
    }
}

// What was timed must also be right: every entry has its 3 judges, loads within a panel differ by at most one where
// nothing constrains them (never-judge lists may add one more), and every category has a leaderboard top.
var met = plans.TakeLast(Categories).Count(p => p.CanBeMet);
var widest = plans.TakeLast(Categories).Select((p, i) => categories[i].Judges.Select(j => p.LoadAfter[j.JudgeId]))
    .Max(loads => loads.Max() - loads.Min());
var results = boards.Select(b => Leaderboard.Compute(criteria, b.Ids, b.Sheets)).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Categories} categories x {EntriesPerCategory} entries x {JudgesPerPanel} judges, N = {JudgesPerEntry}, {never.Values.Count(n => n.Count > 0)} of 60 judges with never-judge lists; {rounds} rounds after 3 warm-up, alternating"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"assignment, all {Categories} categories: median {Median(assignment):0.00} ms (fastest {assignment.Min():0.00}, slowest {assignment.Max():0.00}); {met}/{Categories} plans met, widest load gap {widest}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"leaderboard, all {Categories} categories: median {Median(leaderboard):0.00} ms (fastest {leaderboard.Min():0.00}, slowest {leaderboard.Max():0.00}); {boards.Sum(b => b.Sheets.Count)} sheets, {results.Count(r => r.TopDiffers)} categories where the tops differ"));
return met == Categories && widest <= 2 && results.All(r => r.TopBy.Values.All(t => t is not null))
    && Median(assignment) < 1000 && Median(leaderboard) < 1000 ? 0 : 1;

double TimeAssignment()
{
    var clock = Stopwatch.StartNew();
    foreach (var c in categories)
    {
        plans.Add(AutoAssignment.Plan(c.Entries, c.Judges, JudgesPerEntry, []));
    }

    return clock.Elapsed.TotalMilliseconds;
}

double TimeLeaderboard()
{
    var clock = Stopwatch.StartNew();
    foreach (var (ids, sheets) in boards)
    {
        Leaderboard.Compute(criteria, ids, sheets);
    }

    return clock.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record Category(IReadOnlyList<AssignmentEntry> Entries, IReadOnlyList<AssignmentJudge> Judges);
