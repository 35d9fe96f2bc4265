namespace SqmSite.Awards.Judging;

/// <summary>
/// The judges of one category in one cycle: who sits on it, who leads it, and how many of them score each entry.
/// A judge may sit on several panels.
/// </summary>
public sealed class Panel
{
    public const int MaxJudgesPerEntry = 12;

    private List<int> _judgeIds = [];

    private Panel()
    {
    }

    public Panel(int cycleId, Guid categoryKey, string categoryName)
    {
        Key = Guid.NewGuid();
        CycleId = cycleId;
        CategoryKey = categoryKey;
        CategoryName = categoryName;
        JudgesPerEntry = 3;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public int CycleId { get; private set; }

    public Guid CategoryKey { get; private set; }

    /// <summary>The category's name when the panel was formed, for lists.</summary>
    public string CategoryName { get; private set; } = "";

    /// <summary>Judge profile ids.</summary>
    public IReadOnlyList<int> JudgeIds => _judgeIds;

    public int? LeadJudgeId { get; private set; }

    public int JudgesPerEntry { get; private set; }

    public bool Has(int judgeId) => _judgeIds.Contains(judgeId);

    /// <summary>Sets the members; the lead must be one of them. Returns the problem in words, or null.</summary>
    public string? Update(IEnumerable<int> judgeIds, int? leadJudgeId, int judgesPerEntry)
    {
        var members = judgeIds.Distinct().Order().ToList();
        if (judgesPerEntry is < 1 or > MaxJudgesPerEntry)
        {
            return $"Each entry needs between 1 and {MaxJudgesPerEntry} judges.";
        }

        if (leadJudgeId is { } lead && !members.Contains(lead))
        {
            return "The lead judge must sit on the panel.";
        }

        _judgeIds = members;
        LeadJudgeId = leadJudgeId;
        JudgesPerEntry = judgesPerEntry;
        return null;
    }
}

public enum AssignmentSource
{
    Manual,
    Automatic,
}

/// <summary>
/// One judge's assignment to one entry. A declared conflict keeps the row (with its reason) so the judge is never
/// given the entry again and staff see every declaration; the judge's score sheet for it no longer counts.
/// </summary>
public sealed class JudgeAssignment
{
    public const int ConflictReasonMaxLength = 1_000;

    private JudgeAssignment()
    {
    }

    public JudgeAssignment(int panelId, int nominationId, int judgeId, AssignmentSource source, string assignedBy, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        PanelId = panelId;
        NominationId = nominationId;
        JudgeId = judgeId;
        Source = source;
        AssignedBy = assignedBy;
        AssignedUtc = utcNow;
    }

    public int Id { get; private set; }

    /// <summary>How the judge's pages name the entry: unguessable, so a judge cannot walk to others' entries.</summary>
    public Guid Key { get; private set; }

    public int PanelId { get; private set; }

    public int NominationId { get; private set; }

    public int JudgeId { get; private set; }

    public AssignmentSource Source { get; private set; }

    public string AssignedBy { get; private set; } = "";

    public DateTime AssignedUtc { get; private set; }

    public DateTime? ConflictDeclaredUtc { get; private set; }

    public string? ConflictReason { get; private set; }

    public bool IsConflict => ConflictDeclaredUtc is not null;

    public void DeclareConflict(string reason, DateTime utcNow)
    {
        ConflictReason = reason;
        ConflictDeclaredUtc = utcNow;
    }
}

/// <summary>Who won a category in a cycle, or that no award is given this year; one row per category and cycle (a unique index).</summary>
public sealed class WinnerDecision
{
    public const int NoteMaxLength = 2_000;

    private WinnerDecision()
    {
    }

    public WinnerDecision(int cycleId, Guid categoryKey, int? nominationId, string? note, string decidedBy, DateTime utcNow)
    {
        CycleId = cycleId;
        CategoryKey = categoryKey;
        NominationId = nominationId;
        Note = note;
        DecidedBy = decidedBy;
        DecidedUtc = utcNow;
    }

    public int Id { get; private set; }

    public int CycleId { get; private set; }

    public Guid CategoryKey { get; private set; }

    /// <summary>The winning nomination; null means "no award this year".</summary>
    public int? NominationId { get; private set; }

    public string? Note { get; private set; }

    public string DecidedBy { get; private set; } = "";

    public DateTime DecidedUtc { get; private set; }

    /// <summary>When entrants were told the outcome (by email, at the announcement time); null until then.</summary>
    public DateTime? AnnouncedUtc { get; private set; }

    public void MarkAnnounced(DateTime utcNow) => AnnouncedUtc = utcNow;
}
