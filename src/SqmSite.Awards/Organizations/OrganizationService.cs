using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Organizations;

/// <summary>A person acting for an organization, as its members see them.</summary>
public sealed record OrganizationMemberView(string Name, string Email, bool IsPrimaryContact, DateTime JoinedUtc);

/// <summary>An organization's profile and its people. Every call is scoped to one organization.</summary>
public sealed class OrganizationService(AwardsDbContext db, UserManager<BackofficeUser> users)
{
    /// <summary>Saves the profile when every field is right; otherwise changes nothing and says what is wrong.</summary>
    public async Task<OrganizationProfileCheck> UpdateProfileAsync(int organizationId, string? officialName, string? website, bool isClient,
        CancellationToken ct = default)
    {
        var check = Organization.CheckProfile(officialName, website);
        if (!check.IsValid)
        {
            return check;
        }

        var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
        organization.UpdateProfile(check.OfficialName, check.Website, isClient);
        await db.SaveChangesAsync(ct);
        return check;
    }

    /// <summary>The organization's people, the primary contact first, then in the order they joined.</summary>
    public async Task<IReadOnlyList<OrganizationMemberView>> MembersAsync(int organizationId, CancellationToken ct = default)
    {
        var members = await db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == organizationId).ToListAsync(ct);
        var ids = members.Select(m => m.UserId).ToList();

        // People live in the engine's user store: read them through Identity, never its tables.
        var people = await users.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
        return [.. members.OrderByDescending(m => m.IsPrimaryContact).ThenBy(m => m.JoinedUtc).ThenBy(m => m.Id)
            .Select(m => people.TryGetValue(m.UserId, out var p)
                ? new OrganizationMemberView(string.IsNullOrWhiteSpace(p.DisplayName) ? p.Email ?? "" : p.DisplayName, p.Email ?? "", m.IsPrimaryContact, m.JoinedUtc)
                : new OrganizationMemberView("(account removed)", "", m.IsPrimaryContact, m.JoinedUtc))];
    }
}
