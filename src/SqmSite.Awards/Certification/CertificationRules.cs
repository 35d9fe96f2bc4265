namespace SqmSite.Awards.Certification;

/// <summary>The figures a validation decides on: the onsite score and the employee survey.</summary>
/// <param name="OnsiteScore">The weighted percentage of the onsite checklist, 0 to 100.</param>
/// <param name="Employees">Employees in scope of the practice.</param>
/// <param name="Responses">Frontline survey responses received.</param>
/// <param name="Esat">The share of respondents satisfied with the practice, 0 to 100.</param>
public sealed record CertificationFigures(decimal OnsiteScore, int Employees, int Responses, decimal Esat);

/// <summary>One rule's outcome: what was required, what the figures gave, and by how much they fell short (0 when passed).</summary>
public sealed record RuleResult(string Rule, bool Passed, decimal Required, decimal Actual, string Explanation)
{
    public decimal Shortfall => Passed ? 0 : Required - Actual;
}

/// <summary>The system's decision: certified when every rule passed; the rule version is stored with it.</summary>
public sealed record CertificationDecision(string RuleVersion, bool Certified, IReadOnlyList<RuleResult> Results)
{
    public IEnumerable<RuleResult> Failed => Results.Where(r => !r.Passed);
}

/// <summary>
/// The pass rules of the certification (the firm's published standard): an onsite score of at least 80%, at least 50%
/// of respondents satisfied with the practice, and a survey sample of at least 100 responses, or where fewer than 100
/// people work in scope, at least 90% of them (rounded up: 89 of 99 is not enough, 90 is).
/// </summary>
public static class CertificationRules
{
    /// <summary>Stored with every decision, so a later change of the rules never rewrites an old one.</summary>
    public const string Version = "2026.1";

    public const decimal MinimumOnsiteScore = 80m;

    public const decimal MinimumEsat = 50m;

    public const int FullSample = 100;

    public const decimal SmallTeamShare = 0.9m;

    /// <summary>The responses needed from <paramref name="employees"/> people in scope.</summary>
    public static int RequiredResponses(int employees) =>
        employees >= FullSample ? FullSample : (int)Math.Ceiling(employees * SmallTeamShare);

    public static CertificationDecision Decide(CertificationFigures figures)
    {
        var needed = RequiredResponses(figures.Employees);
        var results = new List<RuleResult>
        {
            new("Onsite score", figures.OnsiteScore >= MinimumOnsiteScore, MinimumOnsiteScore, figures.OnsiteScore,
                $"The onsite evaluation must score at least {MinimumOnsiteScore:0}%; it scored {figures.OnsiteScore:0.#}%."),
            new("Employee satisfaction", figures.Esat >= MinimumEsat, MinimumEsat, figures.Esat,
                $"At least {MinimumEsat:0}% of frontline respondents must be satisfied with the practice; {figures.Esat:0.#}% were."),
            new("Survey sample", figures.Responses >= needed, needed, figures.Responses,
                figures.Employees >= FullSample
                    ? $"At least {FullSample} frontline employees must answer the survey; {figures.Responses} did."
                    : $"With {figures.Employees} employees in scope, at least 90% of them ({needed}) must answer the survey; {figures.Responses} did."),
        };
        return new CertificationDecision(Version, results.All(r => r.Passed), results);
    }
}
