namespace SqmSite.Awards.Organizations;

/// <summary>An organization that enters the awards; any may, client of the firm or not.</summary>
public sealed class Organization
{
    public const int MaxOfficialNameLength = 200;

    public const int MaxWebsiteLength = 500;

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

    /// <summary>The owner tag of the organization's private media (its logo, its story attachments).</summary>
    public static string MediaOwner(Guid organizationKey) => $"awards:organization:{organizationKey:N}";

    /// <summary>
    /// Checks a profile as a person entered it. The website is optional; a bare <c>example.org</c> becomes
    /// <c>https://example.org</c>, and only absolute http or https addresses with a host name are kept.
    /// </summary>
    public static OrganizationProfileCheck CheckProfile(string? officialName, string? website)
    {
        // The awards' one text rule: counted as a person counts, blank when only invisible characters were typed.
        var checkedName = SqmSite.Awards.Nominations.TextLength.Check(officialName, "The official name", MaxOfficialNameLength,
            "Enter the organization's official name.");
        var name = checkedName.Value ?? "";
        var nameError = checkedName.Error;

        var address = website?.Trim();
        string? websiteError = null;
        if (string.IsNullOrEmpty(address))
        {
            address = null;
        }
        else
        {
            if (!address.Contains("://", StringComparison.Ordinal))
            {
                address = "https://" + address;
            }

            if (address.Length > MaxWebsiteLength)
            {
                websiteError = $"The website address may have at most {MaxWebsiteLength} characters.";
            }
            else if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !uri.Host.Contains('.', StringComparison.Ordinal) || uri.UserInfo.Length > 0)
            {
                websiteError = "Enter the website as a web address, such as https://example.org.";
            }
        }

        return new OrganizationProfileCheck(name, address, nameError, websiteError);
    }
}

/// <summary>A profile as entered, cleaned up, with a message per field that is not right.</summary>
public sealed record OrganizationProfileCheck(string OfficialName, string? Website, string? OfficialNameError, string? WebsiteError)
{
    public bool IsValid => OfficialNameError is null && WebsiteError is null;
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

    /// <summary>When the primary contact leaves (an erasure), the longest-standing colleague takes over.</summary>
    internal void MakePrimaryContact() => IsPrimaryContact = true;
}
