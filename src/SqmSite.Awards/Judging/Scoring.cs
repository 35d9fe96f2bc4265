namespace SqmSite.Awards.Judging;

/// <summary>
/// A cycle's judging set-up: its score set (criteria), and the settings that shape what judges and entrants see. The
/// criteria can change until the first score is saved; after that every sheet must stay comparable, so they are locked.
/// </summary>
public sealed class JudgingSetup
{
    public const int CriterionNameMaxLength = 200;

    public const int GuidanceMaxLength = 2_000;

    public const int MaxCriteria = 20;

    private List<Criterion> _criteria = [];

    private JudgingSetup()
    {
    }

    public JudgingSetup(int cycleId, IEnumerable<Criterion> criteria)
    {
        CycleId = cycleId;
        _criteria = [.. criteria];
    }

    public int Id { get; private set; }

    public int CycleId { get; private set; }

    public IReadOnlyList<Criterion> Criteria => _criteria;

    /// <summary>Judges see neither the organization's name nor its logo, and its name is masked in the story.</summary>
    public bool BlindJudging { get; private set; }

    /// <summary>After the announcement each finalist sees its averages per criterion and the comments marked shareable.</summary>
    public bool EntrantFeedback { get; private set; }

    /// <summary>When the first score of the cycle was saved: from then on the criteria are fixed.</summary>
    public DateTime? LockedUtc { get; private set; }

    public bool IsLocked => LockedUtc is not null;

    /// <summary>
    /// An entry's name as judges see it: under blind judging a number, never the organization's name; otherwise the
    /// name. Every judge's page (their list, the score page, the lead judge's results) names entries through this.
    /// </summary>
    public string EntryNameForJudges(int nominationId, string organizationName) => BlindJudging ? $"Entry {nominationId}" : organizationName;

    public void Lock(DateTime utcNow) => LockedUtc ??= utcNow;

    public void UpdateSettings(bool blindJudging, bool entrantFeedback)
    {
        BlindJudging = blindJudging;
        EntrantFeedback = entrantFeedback;
    }

    /// <summary>Replaces the criteria; refused once locked. The caller validated them (<see cref="ScoreSetRules.Check"/>).</summary>
    public bool ReplaceCriteria(IEnumerable<Criterion> criteria)
    {
        if (IsLocked)
        {
            return false;
        }

        _criteria = [.. criteria];
        return true;
    }

    /// <summary>
    /// The default score set, from what the sources ask a nomination story to show: impact on FCR, Csat and Esat; data
    /// linked to the practice with its samples and method; what sets it apart from peers; people, process and
    /// technology; and results that last.
    /// </summary>
    public static IReadOnlyList<Criterion> DefaultCriteria() =>
    [
        new(new Guid("6f0d3d1e-4b0a-4d7e-9a51-1f3c2d9b0a01"), "Impact on customer experience",
            "How far the practice improved or kept first-contact resolution (FCR), customer satisfaction (Csat) and employee satisfaction (Esat).", 30, 10, true),
        new(new Guid("6f0d3d1e-4b0a-4d7e-9a51-1f3c2d9b0a02"), "Data linked to the practice",
            "FCR and Csat for both ratings years, each with its sample size and method; Csat measured by the customer; the link between the practice and the figures.", 25, 10, true),
        new(new Guid("6f0d3d1e-4b0a-4d7e-9a51-1f3c2d9b0a03"), "Differentiation",
            "What the practice does that peers in the industry do not, and why it matters to customers.", 15, 10, false),
        new(new Guid("6f0d3d1e-4b0a-4d7e-9a51-1f3c2d9b0a04"), "People, process and technology",
            "How the practice works day to day: who does what, the steps, the tools, and how they fit together.", 20, 10, false),
        new(new Guid("6f0d3d1e-4b0a-4d7e-9a51-1f3c2d9b0a05"), "Sustained results",
            "Whether the results hold over both years and the practice is built to last (ownership, review, improvement).", 10, 10, false),
    ];
}

/// <summary>Checks a score set as staff typed it.</summary>
public static class ScoreSetRules
{
    /// <summary>Errors by field ("Criteria[2].Weight"), empty when the set is valid.</summary>
    public static IReadOnlyDictionary<string, string> Check(IReadOnlyList<Criterion> criteria)
    {
        var errors = new Dictionary<string, string>();
        if (criteria.Count == 0)
        {
            errors[""] = "A score set needs at least one criterion.";
        }

        if (criteria.Count > JudgingSetup.MaxCriteria)
        {
            errors[""] = $"A score set has at most {JudgingSetup.MaxCriteria} criteria.";
        }

        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            if (Nominations.TextLength.Check(c.Name, "The name", JudgingSetup.CriterionNameMaxLength, "Give the criterion a name.") is { IsValid: false } name)
            {
                errors[$"Criteria[{i}].Name"] = name.Error!;
            }

            if (Nominations.TextLength.Check(c.Guidance, "The guidance", JudgingSetup.GuidanceMaxLength) is { IsValid: false } guidance)
            {
                errors[$"Criteria[{i}].Guidance"] = guidance.Error!;
            }

            if (c.Weight is <= 0 or > 1000)
            {
                errors[$"Criteria[{i}].Weight"] = "The weight must be more than 0 and at most 1000.";
            }

            if (c.Maximum is < 1 or > 100)
            {
                errors[$"Criteria[{i}].Maximum"] = "The maximum score must be between 1 and 100.";
            }
        }

        if (criteria.Select(c => c.Name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != criteria.Count && !errors.ContainsKey(""))
        {
            errors[""] = "Two criteria have the same name.";
        }

        return errors;
    }
}

public enum ScoreSheetState
{
    Draft,
    Submitted,
}

/// <summary>One criterion's score on a sheet; Shareable marks a comment the entrant may read (without the judge's name).</summary>
public sealed record CriterionScore(Guid CriterionKey, int? Score, string? Comment, bool Shareable);

/// <summary>
/// A judge's scores for one assigned entry: saved for later as a draft, then submitted (read-only). Every change of a
/// value is kept as a <see cref="ScoreChange"/>, so the history is never overwritten.
/// </summary>
public sealed class ScoreSheet
{
    public const int CommentMaxLength = 4_000;

    private readonly List<ScoreChange> _changes = [];

    private List<CriterionScore> _scores = [];

    private ScoreSheet()
    {
    }

    public ScoreSheet(int assignmentId, DateTime utcNow)
    {
        AssignmentId = assignmentId;
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public int AssignmentId { get; private set; }

    public ScoreSheetState State { get; private set; }

    public IReadOnlyList<CriterionScore> Scores => _scores;

    public DateTime CreatedUtc { get; private set; }

    public DateTime? SubmittedUtc { get; private set; }

    public IReadOnlyList<ScoreChange> Changes => _changes;

    /// <summary>Goes up with every save: a save based on an older revision (another tab) is refused.</summary>
    public int Revision { get; private set; }

    public bool IsSubmitted => State == ScoreSheetState.Submitted;

    public CriterionScore? For(Guid criterionKey) => _scores.FirstOrDefault(s => s.CriterionKey == criterionKey);

    /// <summary>Stores the values, recording a change for each one that differs. The caller checked the sheet is a draft.</summary>
    public void Save(IReadOnlyList<CriterionScore> scores, string actor, DateTime utcNow, string? reason = null)
    {
        foreach (var score in scores)
        {
            var old = For(score.CriterionKey);
            if (old is null ? score.Score is not null || !string.IsNullOrEmpty(score.Comment)
                : old.Score != score.Score || !string.Equals(old.Comment ?? "", score.Comment ?? "", StringComparison.Ordinal) || old.Shareable != score.Shareable)
            {
                _changes.Add(new ScoreChange(score.CriterionKey, old?.Score, score.Score, old?.Comment, score.Comment, actor, utcNow, reason));
            }
        }

        _scores = [.. scores];
        Revision++;
    }

    public void Submit(DateTime utcNow)
    {
        State = ScoreSheetState.Submitted;
        SubmittedUtc = utcNow;
        Revision++;
    }

    /// <summary>The lead judge or staff open a submitted sheet again; the reason is kept in the history.</summary>
    public void Reopen(string actor, string reason, DateTime utcNow)
    {
        State = ScoreSheetState.Draft;
        SubmittedUtc = null;
        _changes.Add(new ScoreChange(null, null, null, null, null, actor, utcNow, "Reopened: " + reason));
        Revision++;
    }
}

/// <summary>One line of a sheet's history: who changed which criterion from what to what, when, and why. A null criterion is an event of the whole sheet (reopened).</summary>
public sealed class ScoreChange
{
    private ScoreChange()
    {
    }

    internal ScoreChange(Guid? criterionKey, int? oldScore, int? newScore, string? oldComment, string? newComment, string actor, DateTime atUtc, string? reason)
    {
        CriterionKey = criterionKey;
        OldScore = oldScore;
        NewScore = newScore;
        OldComment = oldComment;
        NewComment = newComment;
        Actor = actor;
        AtUtc = atUtc;
        Reason = reason;
    }

    public int Id { get; private set; }

    public Guid? CriterionKey { get; private set; }

    public int? OldScore { get; private set; }

    public int? NewScore { get; private set; }

    public string? OldComment { get; private set; }

    public string? NewComment { get; private set; }

    public string Actor { get; private set; } = "";

    public DateTime AtUtc { get; private set; }

    public string? Reason { get; private set; }
}
