using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>The engine's authorization policies of the backoffice, each a set of roles. Packages add their own.</summary>
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

    /// <summary>The email outbox: what was sent to whom, and retrying what failed.</summary>
    public const string Outbox = "Backoffice.Outbox";

    /// <summary>Webhooks: receivers, their secrets and the delivery log (administrators only).</summary>
    public const string Webhooks = "Backoffice.Webhooks";
}

/// <summary>A backoffice policy: the roles that may pass it. Registered with <c>AddBackofficePolicy</c>.</summary>
public sealed record BackofficePolicy(string Name, IReadOnlyList<string> Roles);

public static class BackofficePolicyServiceCollectionExtensions
{
    /// <summary>Adds a role-based policy that requires a signed-in user in one of <paramref name="roles"/>.</summary>
    public static IServiceCollection AddBackofficePolicy(this IServiceCollection services, string name, params string[] roles)
    {
        services.AddSingleton(new BackofficePolicy(name, roles));
        services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(o =>
            o.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles)));
        return services;
    }
}
