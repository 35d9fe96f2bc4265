using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SqmSite.Cms.Security;

/// <summary>
/// Creates the first administrator: unattended from settings, or through a one-time setup link that the
/// console shows. There is no default password anywhere.
/// </summary>
public sealed class InstallService(
    UserManager<BackofficeUser> users,
    RoleManager<Microsoft.AspNetCore.Identity.IdentityRole> roles,
    InstallToken token,
    IOptions<CmsOptions> options,
    TimeProvider clock,
    ILogger<InstallService> logger)
{
    public bool IsInstalled => users.Users.Any();

    public async Task EnsureRolesAsync()
    {
        foreach (var role in BackofficeRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new Microsoft.AspNetCore.Identity.IdentityRole(role));
            }
        }
    }

    /// <summary>At start-up: creates the administrator from settings, or issues a setup token.</summary>
    public async Task RunAsync()
    {
        await EnsureRolesAsync();
        if (IsInstalled)
        {
            return;
        }

        var install = options.Value.Install;
        if (!string.IsNullOrWhiteSpace(install.AdminEmail) && !string.IsNullOrWhiteSpace(install.AdminPassword))
        {
            var result = await CreateAdministratorAsync(install.AdminEmail, install.AdminName, install.AdminPassword);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Unattended install failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            logger.LogInformation("Unattended install: administrator {Email} created.", install.AdminEmail);
            return;
        }

        var value = token.Issue();
        var message = $"SqmSite has no administrator yet. Open /backoffice/install?token={value} on this site to create one. The link works once.";
        logger.LogWarning("{Message}", message);
        Console.WriteLine(message);
    }

    public async Task<IdentityResult> CreateAdministratorAsync(string email, string name, string password)
    {
        if (IsInstalled)
        {
            return IdentityResult.Failed(new IdentityError { Code = "Installed", Description = "An administrator already exists." });
        }

        var user = new BackofficeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedUtc = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, BackofficeRoles.Administrator);
            token.Revoke();
        }

        return result;
    }
}

/// <summary>The one-time setup token, held in memory only: a restart issues a new one.</summary>
public sealed class InstallToken
{
    private string? _value;

    public string Issue() => _value = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public bool Matches(string? candidate) =>
        _value is { } v && candidate is not null &&
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(v), System.Text.Encoding.UTF8.GetBytes(candidate));

    public void Revoke() => _value = null;
}
