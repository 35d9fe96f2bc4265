using Microsoft.AspNetCore.Identity;

namespace SqmSite.Cms.Security;

/// <summary>A person who signs in to the backoffice.</summary>
public sealed class BackofficeUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

/// <summary>The backoffice roles. A user may hold several.</summary>
public static class BackofficeRoles
{
    public const string Administrator = "Administrator";
    public const string Editor = "Editor";
    public const string Marketing = "Marketing";
    public const string AwardsStaff = "AwardsStaff";
    public const string Judge = "Judge";

    public static readonly IReadOnlyList<string> All = [Administrator, Editor, Marketing, AwardsStaff, Judge];
}

/// <summary>Authorization policies of the backoffice, each a set of roles.</summary>
public static class BackofficePolicies
{
    /// <summary>Any signed-in backoffice user.</summary>
    public const string Backoffice = "Backoffice";

    /// <summary>Site content: the tree, editing, publishing, preview.</summary>
    public const string Content = "Backoffice.Content";

    /// <summary>Users, roles and settings.</summary>
    public const string Users = "Backoffice.Users";

    /// <summary>Forms: definitions, entries and their exports (entries of confidential forms: administrators only).</summary>
    public const string Forms = "Backoffice.Forms";

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [Backoffice] = [.. BackofficeRoles.All],
        [Content] = [BackofficeRoles.Administrator, BackofficeRoles.Editor, BackofficeRoles.Marketing],
        [Users] = [BackofficeRoles.Administrator],
        [Forms] = [BackofficeRoles.Administrator, BackofficeRoles.Editor],
    };
}
