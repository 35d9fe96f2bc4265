namespace SqmSite.Awards.Organizations;

/// <summary>An organization that enters the awards; any may, client of the firm or not.</summary>
public sealed class Organization
{
    private Organization()
    {
    }

    public Organization(string officialName, string? website, bool isClient, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        OfficialName = officialName.Trim();
        Website = website?.Trim();
        IsClient = isClient;
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    /// <summary>The name published if the organization wins (with its consent).</summary>
    public string OfficialName { get; private set; } = "";

    public string? Website { get; private set; }

    public bool IsClient { get; private set; }

    /// <summary>The logo in the media library, when one was uploaded.</summary>
    public Guid? LogoMediaKey { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public void UpdateProfile(string officialName, string? website, bool isClient)
    {
        OfficialName = officialName.Trim();
        Website = string.IsNullOrWhiteSpace(website) ? null : website.Trim();
        IsClient = isClient;
    }

    public void SetLogo(Guid? mediaKey) => LogoMediaKey = mediaKey;
}

/// <summary>A person (a site user) who acts for an organization.</summary>
public sealed class OrganizationMember
{
    private OrganizationMember()
    {
    }

    public OrganizationMember(int organizationId, string userId, bool isPrimaryContact, DateTime utcNow)
    {
        OrganizationId = organizationId;
        UserId = userId;
        IsPrimaryContact = isPrimaryContact;
        JoinedUtc = utcNow;
    }

    public int Id { get; private set; }

    public int OrganizationId { get; private set; }

    public string UserId { get; private set; } = "";

    public bool IsPrimaryContact { get; private set; }

    public DateTime JoinedUtc { get; private set; }
}
