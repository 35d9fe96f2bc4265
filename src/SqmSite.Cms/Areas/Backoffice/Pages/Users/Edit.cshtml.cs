using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Users;

public sealed class EditUserModel(UserManager<BackofficeUser> users, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    public string DisplayName { get; private set; } = "";

    public string Email { get; private set; } = "";

    public bool LockedOut { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.FindByIdAsync(Id);
        if (user is null)
        {
            return NotFound();
        }

        await ShowAsync(user, loadRoles: true);
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync()
    {
        var user = await users.FindByIdAsync(Id);
        if (user is null)
        {
            return NotFound();
        }

        var wanted = Roles.Where(BackofficeRoles.All.Contains).Distinct().ToList();
        var current = await users.GetRolesAsync(user);
        if (current.Contains(BackofficeRoles.Administrator) && !wanted.Contains(BackofficeRoles.Administrator)
            && (await users.GetUsersInRoleAsync(BackofficeRoles.Administrator)).Count == 1)
        {
            ModelState.AddModelError(string.Empty, "This is the only administrator: give another user the Administrator role first.");
            await ShowAsync(user, loadRoles: false);
            return Page();
        }

        await users.RemoveFromRolesAsync(user, current.Except(wanted));
        await users.AddToRolesAsync(user, wanted.Except(current));

        // Role changes take effect at the user's next request, not at their next sign-in.
        await users.UpdateSecurityStampAsync(user);
        TempData.Notice("Roles saved.");
        return Redirect($"/backoffice/users/edit/{Id}");
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? newPassword)
    {
        var user = await users.FindByIdAsync(Id);
        if (user is null)
        {
            return NotFound();
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            ModelState.AddModelError("Password", "Enter the new password.");
        }
        else
        {
            // A reset token makes the change one validated step: a refused password leaves the old one in place.
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var result = await users.ResetPasswordAsync(user, token, newPassword);
            if (result.Succeeded)
            {
                TempData.Notice("The password was changed.");
                return Redirect($"/backoffice/users/edit/{Id}");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Password", error.Description);
            }
        }

        await ShowAsync(user, loadRoles: true);
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync()
    {
        var user = await users.FindByIdAsync(Id);
        if (user is null)
        {
            return NotFound();
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        TempData.Notice("The account is unlocked.");
        return Redirect($"/backoffice/users/edit/{Id}");
    }

    private async Task ShowAsync(BackofficeUser user, bool loadRoles)
    {
        DisplayName = user.DisplayName;
        Email = user.Email ?? "";
        LockedOut = user.LockoutEnd is { } end && end > clock.GetUtcNow();
        if (loadRoles)
        {
            Roles = [.. await users.GetRolesAsync(user)];
        }
    }
}
