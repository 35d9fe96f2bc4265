namespace SqmSite.Awards.Judging;

/// <summary>
/// A judge: a backoffice user with the Judge role, and what staff need to keep them impartial: their employer and the
/// organizations they must never judge (the employer itself, clients, competitors). Automatic assignment never gives a
/// judge an entry of an organization on that list.
/// </summary>
public sealed class JudgeProfile
{
    public const int NameMaxLength = 100;

    public const int EmployerMaxLength = 200;

    private List<int> _neverJudge = [];

    private JudgeProfile()
    {
    }

    public JudgeProfile(string userId, string name, string employer, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        UserId = userId;
        Name = name;
        Employer = employer;
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    /// <summary>The judge's backoffice account.</summary>
    public string UserId { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Employer { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    /// <summary>Organizations (ids) this judge never judges.</summary>
    public IReadOnlyList<int> NeverJudge => _neverJudge;

    public void Update(string name, string employer, IEnumerable<int> neverJudge)
    {
        Name = name;
        Employer = employer;
        _neverJudge = [.. neverJudge.Distinct().Order()];
    }
}

/// <summary>
/// Staff's invitation to a new judge. As with colleague invitations, the link's token is random and only its SHA-256
/// hash is stored (made by <see cref="Organizations.OrganizationInvitation.NewToken"/>); it works once, for fourteen days (judges are busy people), unless revoked.
/// </summary>
public sealed class JudgeInvitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public const string LifetimeText = "14 days";

    public const int MaxEmailLength = 256;

    private JudgeInvitation()
    {
    }

    public JudgeInvitation(string email, string normalizedEmail, string name, string employer, string invitedBy, string tokenHash, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        Email = email;
        NormalizedEmail = normalizedEmail;
        Name = name;
        Employer = employer;
        InvitedBy = invitedBy;
        TokenHash = tokenHash;
        CreatedUtc = utcNow;
        ExpiresUtc = utcNow + Lifetime;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public string Email { get; private set; } = "";

    public string NormalizedEmail { get; private set; } = "";

    /// <summary>The judge's name and employer as staff gave them; they become the profile and can be corrected there.</summary>
    public string Name { get; private set; } = "";

    public string Employer { get; private set; } = "";

    public string InvitedBy { get; private set; } = "";

    public string TokenHash { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime ExpiresUtc { get; private set; }

    public DateTime? AcceptedUtc { get; private set; }

    public DateTime? RevokedUtc { get; private set; }

    public bool IsPending(DateTime utcNow) => AcceptedUtc is null && RevokedUtc is null && utcNow < ExpiresUtc;

    public bool Accept(DateTime utcNow)
    {
        if (!IsPending(utcNow))
        {
            return false;
        }

        AcceptedUtc = utcNow;
        return true;
    }

    public bool Revoke(DateTime utcNow)
    {
        if (AcceptedUtc is not null || RevokedUtc is not null)
        {
            return false;
        }

        RevokedUtc = utcNow;
        return true;
    }
}
