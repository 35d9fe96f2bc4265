using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Cms.Media;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Organizations;

/// <summary>A person acting for an organization, as its members see them.</summary>
public sealed record OrganizationMemberView(string Name, string Email, bool IsPrimaryContact, DateTime JoinedUtc);

/// <summary>An organization's profile and its people. Every call is scoped to one organization.</summary>
public sealed class OrganizationService(AwardsDbContext db, UserManager<BackofficeUser> users, IPrivateMediaService media)
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

    /// <summary>
    /// Sets the organization's logo: a picture checked by the media pipeline and kept as the organization's private
    /// file (published only with a winner's consent). The previous logo is deleted. Returns an error message, or null.
    /// </summary>
    public async Task<string?> SetLogoAsync(int organizationId, Stream content, string fileName, string actor, CancellationToken ct = default)
    {
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == organizationId, ct);
        var owner = Organization.MediaOwner(organization.Key);
        var stored = await media.UploadPrivateAsync(content, fileName, $"{organization.OfficialName} logo", owner, actor, ct);
        if (!stored.Succeeded)
        {
            return stored.Errors.TryGetValue("File", out var message) ? message : stored.Message;
        }

        if (stored.Value!.Kind != MediaKind.Image)
        {
            await media.DeletePrivateAsync(stored.Value.Key, owner, actor, ct);
            return "The logo must be a picture: PNG (best, with a transparent background), JPEG, WebP or GIF.";
        }

        // Set only if nobody changed the logo meanwhile (two uploads at once): the loser's file is removed, never left behind.
        var previous = organization.LogoMediaKey;
        var changed = await db.Organizations.Where(o => o.Id == organizationId && o.LogoMediaKey == previous)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.LogoMediaKey, stored.Value.Key), ct);
        if (changed == 0)
        {
            await media.DeletePrivateAsync(stored.Value.Key, owner, actor, CancellationToken.None);
            return "The logo was changed at the same moment by someone else; look at it and try again if needed.";
        }

        if (previous is { } old)
        {
            await media.DeletePrivateAsync(old, owner, actor, ct);
        }

        return null;
    }

    public async Task RemoveLogoAsync(int organizationId, string actor, CancellationToken ct = default)
    {
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == organizationId, ct);
        if (organization.LogoMediaKey is { } old
            && await db.Organizations.Where(o => o.Id == organizationId && o.LogoMediaKey == old)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.LogoMediaKey, (Guid?)null), ct) == 1)
        {
            await media.DeletePrivateAsync(old, Organization.MediaOwner(organization.Key), actor, ct);
        }
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
