using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Portal;

/// <summary>How a registration ended. An address that already has an account succeeds too (see <see cref="Registration.ExistingAccount"/>).</summary>
public enum RegistrationOperationStatus
{
    Success,
    ValidationFailed,
}

/// <summary>
/// A registration's two possible accounts: the new one, or (with the same answer on the page, so that it does not
/// tell who has an account) the one the address already had, whose holder is emailed instead.
/// </summary>
public sealed record Registration(BackofficeUser? User, BackofficeUser? ExistingAccount = null);

/// <summary>
/// Nominee accounts: people acting for one organization. They share the site's user store with the backoffice
/// but hold only the Nominee role, so no backoffice policy lets them in.
/// </summary>
public sealed class NomineeAccounts(UserManager<BackofficeUser> users, RoleManager<IdentityRole> roles, AwardsDbContext db, IEmailQueue emails, TimeProvider clock)
{
    /// <summary>The organization the signed-in person acts for, or null.</summary>
    public async Task<Organization?> OrganizationOfAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var userId = users.GetUserId(principal);
        if (userId is null)
        {
            return null;
        }

        return await db.OrganizationMembers.Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => o)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Sends (again) the link that confirms a nominee's email address. It works once and expires with Identity's token.</summary>
    public async Task<bool> SendConfirmationAsync(BackofficeUser user, string baseUrl, CancellationToken ct = default)
    {
        var code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var organization = await db.OrganizationMembers.Where(m => m.UserId == user.Id)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => o.OfficialName).FirstOrDefaultAsync(ct);
        var request = EmailRequest.FromTemplate("confirm-email", user.Email!, new Dictionary<string, string?>
        {
            ["contactName"] = user.DisplayName,
            ["organizationName"] = organization,
            ["confirmUrl"] = $"{baseUrl}/portal/confirm?userId={Uri.EscapeDataString(user.Id)}&code={code}",
            ["expiresIn"] = "one day",
        }) with { Confidential = true };
        return (await emails.EnqueueAsync(request, ct)).Succeeded;
    }

    /// <summary>
    /// Sends a password-reset link to a nominee. Says nothing about whether the address exists: the page shows the
    /// same words either way.
    /// </summary>
    public async Task SendPasswordResetAsync(string email, string baseUrl, CancellationToken ct = default)
    {
        if (await users.FindByEmailAsync(email.Trim()) is not { } user || !await users.IsInRoleAsync(user, AwardsRoles.Nominee))
        {
            return;
        }

        var code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var request = EmailRequest.FromTemplate("password-reset", user.Email!, new Dictionary<string, string?>
        {
            ["contactName"] = user.DisplayName,
            ["resetUrl"] = $"{baseUrl}/portal/reset?userId={Uri.EscapeDataString(user.Id)}&code={code}",
            ["expiresIn"] = "one day",
        }) with { Confidential = true };
        await emails.EnqueueAsync(request, ct);
    }

    /// <summary>Sets a new password from the emailed link; Identity's validators and the token decide.</summary>
    public async Task<IdentityResult> ResetPasswordAsync(string? userId, string? code, string password)
    {
        var invalid = IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "This reset link is not valid any more. Ask for a new one." });
        if (userId is null || code is null || await users.FindByIdAsync(userId) is not { } user)
        {
            return invalid;
        }

        try
        {
            var token = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(code));
            var result = await users.ResetPasswordAsync(user, token, password);
            if (result.Errors.Any(e => e.Code == "InvalidToken"))
            {
                // Used once already (the security stamp changed) or expired: the same plain words either way.
                return invalid;
            }

            if (result.Succeeded && !user.EmailConfirmed)
            {
                // The link arrived at the address, which confirms it as well.
                user.EmailConfirmed = true;
                await users.UpdateAsync(user);
            }

            return result;
        }
        catch (FormatException)
        {
            return invalid;
        }
    }

    /// <summary>
    /// Tells the holder of an address that someone tried to register with it, with where to sign in or reset the
    /// password: what registration does instead of saying "already taken".
    /// </summary>
    public async Task SendAccountExistsAsync(BackofficeUser user, string baseUrl, CancellationToken ct = default)
    {
        var nominee = await users.IsInRoleAsync(user, AwardsRoles.Nominee);
        var request = EmailRequest.FromTemplate("account-exists", user.Email!, new Dictionary<string, string?>
        {
            ["contactName"] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName,
            ["signInUrl"] = nominee ? $"{baseUrl}/portal/login" : $"{baseUrl}/backoffice/login",
            ["resetHelp"] = nominee
                ? $"If you have forgotten your password, choose a new one here: {baseUrl}/portal/forgot"
                : "If you have forgotten your password, ask an administrator of the site to set a new one.",
        }) with { Confidential = true };
        await emails.EnqueueAsync(request, ct);
    }

    /// <summary>
    /// Confirms the address from the emailed link, once: it never signs anyone in (signing in is the next, separate
    /// step), and once the address is confirmed the same link is refused, so a forwarded or leaked link is worth nothing.
    /// </summary>
    public async Task<BackofficeUser?> ConfirmAsync(string? userId, string? code)
    {
        if (userId is null || code is null || await users.FindByIdAsync(userId) is not { EmailConfirmed: false } user)
        {
            return null;
        }

        string token;
        try
        {
            token = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }

        if (!(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            return null;
        }

        // The token carries the security stamp: a new stamp makes every confirmation link sent so far invalid.
        await users.UpdateSecurityStampAsync(user);
        return user;
    }

    /// <summary>Registers an organization with its first contact. The email address is confirmed by a link afterwards.</summary>
    public async Task<Attempt<Registration, RegistrationOperationStatus>> RegisterAsync(string organizationName, string? website, bool isClient, string name, string email, string password,
        CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var profile = Organization.CheckProfile(organizationName, website);
        if (profile.OfficialNameError is { } nameError)
        {
            errors["OrganizationName"] = nameError;
        }

        if (profile.WebsiteError is { } websiteError)
        {
            errors["Website"] = websiteError;
        }

        if (!Nominations.TextLength.Check(name, "Your name", 100, "", storage: 256).IsValid)
        {
            errors["Name"] = "Enter your name (at most 100 characters).";
        }

        if (errors.Count > 0)
        {
            return Attempt<Registration, RegistrationOperationStatus>.Fail(RegistrationOperationStatus.ValidationFailed, "Please correct the fields marked.", errors);
        }

        if (!await roles.RoleExistsAsync(AwardsRoles.Nominee))
        {
            await roles.CreateAsync(new IdentityRole(AwardsRoles.Nominee));
        }

        var user = new BackofficeUser { UserName = email.Trim(), Email = email.Trim(), DisplayName = name.Trim(), CreatedUtc = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            // An address with an account (a nominee's or staff's) gets the answer of a new registration; the holder
            // is told by email. Identity checks the password before the address, so a weak password reads the same too.
            if (created.Errors.All(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                && await users.FindByEmailAsync(email.Trim()) is { } existing)
            {
                return Attempt<Registration, RegistrationOperationStatus>.Ok(new Registration(null, existing));
            }

            foreach (var error in created.Errors.Where(e => e.Code is not ("DuplicateEmail" or "DuplicateUserName")))
            {
                errors[error.Code.Contains("Password", StringComparison.Ordinal) ? "Password" : "Email"] = error.Description;
            }

            return Attempt<Registration, RegistrationOperationStatus>.Fail(RegistrationOperationStatus.ValidationFailed, "Please correct the fields marked.", errors);
        }

        try
        {
            await users.AddToRoleAsync(user, AwardsRoles.Nominee);
            var organization = new Organization(profile.OfficialName, profile.Website, isClient, clock.GetUtcNow().UtcDateTime);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(ct);
            db.OrganizationMembers.Add(new OrganizationMember(organization.Id, user.Id, isPrimaryContact: true, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            // The account lives in the engine's store and the organization in the package's: undo the first if the second fails.
            await users.DeleteAsync(user);
            throw;
        }

        return Attempt<Registration, RegistrationOperationStatus>.Ok(new Registration(user));
    }
}
