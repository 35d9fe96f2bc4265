using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Security;

/// <summary>
/// Checks the sign-in cookie against the account on every request, so a change of roles, a password reset or change,
/// a lockout or a deleted account ends every session at its next request (Identity's own validator looks only every
/// 30 minutes). One indexed read of two columns; anonymous requests (the public pages) never pay it. The cost is
/// measured in bench/README.md ("Checking the session on every request").
/// </summary>
public static class SessionValidation
{
    /// <summary>The cookie's <c>OnValidatePrincipal</c>: rejects the cookie unless its security stamp is the account's and the account is not locked.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal.FindFirstValue(claims.UserIdClaimType);
        var stamp = context.Principal.FindFirstValue(claims.SecurityStampClaimType);
        if (userId is not null && stamp is not null)
        {
            var account = await services.GetRequiredService<CmsDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == userId).Select(u => new { u.SecurityStamp, u.LockoutEnd }).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (account is not null && string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal) && !(account.LockoutEnd > now))
            {
                return;
            }
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }
}

/// <summary>
/// The site's user manager: every change of roles renews the security stamp, so the change reaches signed-in sessions at
/// their next request wherever in the code it is made (Identity itself renews the stamp only for passwords, logins
/// and email changes).
/// </summary>
public sealed class BackofficeUserManager(IUserStore<BackofficeUser> store, IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<BackofficeUser> passwordHasher, IEnumerable<IUserValidator<BackofficeUser>> userValidators,
    IEnumerable<IPasswordValidator<BackofficeUser>> passwordValidators, ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors,
    IServiceProvider services, Microsoft.Extensions.Logging.ILogger<UserManager<BackofficeUser>> logger)
    : UserManager<BackofficeUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AddToRoleAsync(BackofficeUser user, string role) =>
        await RenewStampAsync(user, await base.AddToRoleAsync(user, role));

    public override async Task<IdentityResult> AddToRolesAsync(BackofficeUser user, IEnumerable<string> roles) =>
        await RenewStampAsync(user, await base.AddToRolesAsync(user, roles));

    public override async Task<IdentityResult> RemoveFromRoleAsync(BackofficeUser user, string role) =>
        await RenewStampAsync(user, await base.RemoveFromRoleAsync(user, role));

    public override async Task<IdentityResult> RemoveFromRolesAsync(BackofficeUser user, IEnumerable<string> roles) =>
        await RenewStampAsync(user, await base.RemoveFromRolesAsync(user, roles));

    private async Task<IdentityResult> RenewStampAsync(BackofficeUser user, IdentityResult result) =>
        result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
}
