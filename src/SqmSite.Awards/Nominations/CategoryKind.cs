using SqmSite.Cms;

namespace SqmSite.Awards.Nominations;

/// <summary>What an award category is given for. Stored as text with each nomination (the kind it was entered under).</summary>
public enum CategoryKind
{
    /// <summary>A practice of the organization (the 17 categories of the guidelines).</summary>
    Practice,

    /// <summary>A named person with a job title (best CSR, CX leader of the year).</summary>
    Individual,

    /// <summary>A named team with its members.</summary>
    Team,

    /// <summary>The organization's frontline employee satisfaction; open only to certified organizations.</summary>
    EmployeeSatisfaction,
}

/// <summary>
/// What a kind of category asks of an entry and which steps apply to it. The rules live here; pages and the
/// nomination ask them instead of testing the kind themselves.
/// </summary>
public sealed record CategoryKindRules(
    CategoryKind Kind,
    string Label,
    string EntryIsAbout,
    string OverviewLabel,
    bool HasChecklist,
    bool NeedsCertificate,
    int StoryMaxLength)
{
    /// <summary>The entry names a person (name and job title).</summary>
    public bool NamesPerson => Kind == CategoryKind.Individual;

    /// <summary>The entry names a team and lists its members.</summary>
    public bool NamesTeam => Kind == CategoryKind.Team;

    /// <summary>What a list of categories says beside this kind's names ("for a person"); empty for a practice.</summary>
    public string ShortNote => Kind switch
    {
        CategoryKind.Individual => "for a person",
        CategoryKind.Team => "for a team",
        CategoryKind.EmployeeSatisfaction => "certified organizations only",
        _ => "",
    };

    /// <summary>An organization may enter several people or teams in one category; otherwise one entry per category.</summary>
    public bool ManyEntriesPerOrganization => NamesPerson || NamesTeam;
}

/// <summary>The four kinds' rules, and the kind of a category page (its "kind" property, as editors choose it).</summary>
public static class CategoryKinds
{
    public const int PersonNameMaxLength = 200;

    public const int JobTitleMaxLength = 200;

    public const int TeamNameMaxLength = 200;

    public const int TeamMemberMaxLength = 200;

    public const int MinTeamMembers = 2;

    public const int MaxTeamMembers = 50;

    public static readonly CategoryKindRules Practice = new(CategoryKind.Practice, "Practice", "a practice of your organization",
        "Why the practice is unique", HasChecklist: true, NeedsCertificate: false, StoryMaxLength: 50_000);

    public static readonly CategoryKindRules Individual = new(CategoryKind.Individual, "Individual", "a person: their name and job title",
        "Why this person stands out", HasChecklist: false, NeedsCertificate: false, StoryMaxLength: 15_000);

    public static readonly CategoryKindRules Team = new(CategoryKind.Team, "Team", "a team: its name and its members",
        "Why this team stands out", HasChecklist: false, NeedsCertificate: false, StoryMaxLength: 25_000);

    public static readonly CategoryKindRules EmployeeSatisfaction = new(CategoryKind.EmployeeSatisfaction, "Employee satisfaction",
        "your frontline employees' satisfaction, shown by a certified practice", "What makes your frontline employees satisfied",
        HasChecklist: false, NeedsCertificate: true, StoryMaxLength: 50_000);

    public static IReadOnlyList<CategoryKindRules> All { get; } = [Practice, Individual, Team, EmployeeSatisfaction];

    public static CategoryKindRules Of(CategoryKind kind) => kind switch
    {
        CategoryKind.Individual => Individual,
        CategoryKind.Team => Team,
        CategoryKind.EmployeeSatisfaction => EmployeeSatisfaction,
        _ => Practice,
    };

    /// <summary>The rules of the kind a category page names.</summary>
    public static CategoryKindRules Of(SqmSite.Cms.Published.PublishedContent categoryPage) => Of(Parse(categoryPage.Value("kind")));

    /// <summary>The kind a category page's "kind" value names ("Practice", "Individual", "Team", "Employee satisfaction"); Practice when blank.</summary>
    public static CategoryKind Parse(string? pageValue) =>
        All.FirstOrDefault(r => string.Equals(r.Label, pageValue?.Trim(), StringComparison.OrdinalIgnoreCase))?.Kind ?? CategoryKind.Practice;

    /// <summary>
    /// Checks who or what an entry is about against the kind: a person's name and job title, a team's name and 2 to 50
    /// members (one per line, blank lines dropped, repeats refused), nothing for a practice. Errors by field
    /// ("SubjectName", "JobTitle", "TeamMembers").
    /// </summary>
    public static (EntrySubject Subject, Dictionary<string, string> Errors) CheckSubject(CategoryKindRules rules, string? name, string? jobTitle, string? members)
    {
        var errors = new Dictionary<string, string>();
        if (!rules.ManyEntriesPerOrganization)
        {
            return (EntrySubject.None, errors);
        }

        name = OneLine(name);
        var checkedName = rules.NamesPerson
            ? TextLength.Check(name, "The person's name", PersonNameMaxLength, "Give the name of the person you enter.")
            : TextLength.Check(name, "The team's name", TeamNameMaxLength, "Give the name of the team you enter.");
        if (!checkedName.IsValid)
        {
            errors["SubjectName"] = checkedName.Error!;
        }

        string? title = null;
        List<string> list = [];
        if (rules.NamesPerson)
        {
            var checkedTitle = TextLength.Check(jobTitle, "The job title", JobTitleMaxLength, "Give the person's job title.");
            if (!checkedTitle.IsValid)
            {
                errors["JobTitle"] = checkedTitle.Error!;
            }

            title = checkedTitle.Value;
        }
        else
        {
            var lines = (members ?? "").Split('\n').Select(l => TextLength.Clean(OneLine(l))).Where(l => !TextLength.IsBlank(l)).ToList();
            var repeated = lines.GroupBy(l => l, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;
            var tooLong = lines.FirstOrDefault(l => TextLength.Of(l) > TeamMemberMaxLength || l.Length > TeamMemberMaxLength * TextLength.StorageFactor);
            if (lines.Count < MinTeamMembers)
            {
                errors["TeamMembers"] = $"List the team's members, one per line: at least {MinTeamMembers}.";
            }
            else if (lines.Count > MaxTeamMembers)
            {
                errors["TeamMembers"] = $"A team may list at most {MaxTeamMembers} members; this list has {lines.Count}.";
            }
            else if (tooLong is not null)
            {
                errors["TeamMembers"] = $"A member's line may have at most {TeamMemberMaxLength} characters.";
            }
            else if (repeated is not null)
            {
                errors["TeamMembers"] = $"{repeated} is listed twice.";
            }

            list = lines;
        }

        return (new EntrySubject(checkedName.Value, title, list), errors);
    }

    /// <summary>A name as one line: runs of spaces, tabs and line breaks become one space.</summary>
    internal static string? OneLine(string? text) =>
        text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>Who an entry is about, beyond the organization: a person (name, job title) or a team (name, members); <see cref="None"/> for a practice.</summary>
public sealed record EntrySubject(string? Name, string? JobTitle, IReadOnlyList<string> Members)
{
    public static readonly EntrySubject None = new(null, null, []);

    /// <summary>The name as compared for "the same person or team in the same category": trimmed, spaces collapsed, case folded.</summary>
    public string Key => CategoryKinds.OneLine(Name)?.ToLowerInvariant() ?? "";
}
