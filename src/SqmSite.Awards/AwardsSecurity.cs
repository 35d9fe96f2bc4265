using SqmSite.Cms.Security;

namespace SqmSite.Awards;

/// <summary>The package's backoffice policies and the role of nominees (who never enter the backoffice).</summary>
public static class AwardsPolicies
{
    /// <summary>Award cycles: staff and editors.</summary>
    public const string Cycles = "Awards.Cycles";

    /// <summary>Nominations and their steps: awards staff.</summary>
    public const string Nominations = "Awards.Nominations";

    /// <summary>Judging pages: judges (their own entries), and staff (who also see every panel's results).</summary>
    public const string Judging = "Awards.Judging";

    /// <summary>The judges' own section (their entries): the Judge role only.</summary>
    public const string JudgeOnly = "Awards.JudgeOnly";

    /// <summary>The nominee portal: people acting for an organization.</summary>
    public const string Nominee = "Awards.Nominee";

    public static readonly string[] CycleRoles = [BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff, BackofficeRoles.Editor];

    public static readonly string[] NominationRoles = [BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff];

    public static readonly string[] JudgingRoles = [BackofficeRoles.Judge, BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff];
}

public static class AwardsRoles
{
    public const string Nominee = "Nominee";
}
