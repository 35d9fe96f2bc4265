using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Users;

public sealed class UsersModel(UserManager<BackofficeUser> users, TimeProvider clock) : PageModel
{
    public sealed record Row(string Id, string Name, string Email, IReadOnlyList<string> Roles, bool LockedOut);

    public sealed class NewUser
    {
        [Required(ErrorMessage = "Enter the user's name.")]
        [StringLength(100, ErrorMessage = "Name may have at most 100 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter the user's email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256, ErrorMessage = "Email may have at most 256 characters.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose an initial password.")]
        [StringLength(256, ErrorMessage = "Initial password may have at most 256 characters.")]
        public string Password { get; set; } = "";

        public List<string> Roles { get; set; } = [];
    }

    [BindProperty]
    public NewUser Input { get; set; } = new();

    public IReadOnlyList<Row> Users { get; private set; } = [];

    /// <summary>The first message for a field, whether bound ("Input.Email") or added by hand ("Email").</summary>
    public string? Error(string field) =>
        new[] { "Input." + field, field }.Select(k => ModelState.FirstError(k))
            .FirstOrDefault(m => m is not null);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Input.Roles.Count == 0)
        {
            ModelState.AddModelError("Roles", "Give the user at least one role.");
        }

        if (Input.Roles.Except(BackofficeRoles.All).Any())
        {
            ModelState.AddModelError("Roles", "Unknown role.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var user = new BackofficeUser
        {
            UserName = Input.Email, Email = Input.Email, EmailConfirmed = true, DisplayName = Input.Name.Trim(),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, Input.Password);
        if (result.Succeeded)
        {
            result = await users.AddToRolesAsync(user, Input.Roles.Distinct());
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "Password" : "Email", error.Description);
            }

            await LoadAsync();
            return Page();
        }

        TempData.Notice($"{user.DisplayName} can now sign in as {user.Email}.");
        return Redirect("/backoffice/users");
    }

    private async Task LoadAsync()
    {
        var now = clock.GetUtcNow();
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync();
        var rows = new List<Row>();
        foreach (var u in all)
        {
            rows.Add(new Row(u.Id, u.DisplayName, u.Email ?? "", [.. await users.GetRolesAsync(u)], u.LockoutEnd is { } end && end > now));
        }

        Users = rows;
    }
}
