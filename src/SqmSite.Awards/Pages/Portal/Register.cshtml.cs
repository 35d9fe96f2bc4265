using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

[EnableRateLimiting(SqmSite.Cms.DependencyInjection.PublicPostRateLimit)]
public sealed class RegisterModel(NomineeAccounts accounts, Microsoft.Extensions.Options.IOptions<SqmSite.Cms.CmsOptions> options,
    UserManager<BackofficeUser> users) : PageModel
{
    // Messages name the fields by their visible labels; without them, a non-nullable property reads "The OrganizationName field is required."
    [BindProperty]
    [Required(ErrorMessage = "Official name is required.")]
    public string OrganizationName { get; set; } = "";

    [BindProperty]
    public string? Website { get; set; }

    /// <summary>The "client of the research team" box as posted: a tick or nothing; text, so a forged value gets a message, not a 500.</summary>
    [BindProperty(Name = "IsClient")]
    public string? ClientAnswer { get; set; }

    public bool IsClient => ClientAnswer is not null && (ClientAnswer.Equals("true", StringComparison.OrdinalIgnoreCase) || ClientAnswer.Equals("on", StringComparison.OrdinalIgnoreCase));

    [BindProperty]
    [Required(ErrorMessage = "Your name is required.")]
    public string Name { get; set; } = "";

    /// <summary>Every rule a password must meet, listed on the page before anyone types one (the same rules Identity applies).</summary>
    public static readonly string[] PasswordRules =
        ["at least 10 characters", "an upper case letter (A–Z)", "a lower case letter (a–z)", "a digit (0–9)"];

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(256)]
    public string Password { get; set; } = "";

    /// <summary>Shown after a registration: the next step is the link in the email.</summary>
    public bool Registered { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ClientAnswer is not null && !IsClient && !ClientAnswer.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("IsClient", "\u201cWe are a client of the research team\u201d is a tick box: tick it or leave it empty.");
        }

        // Every password rule that fails is listed at once (Identity's own check, run here because the service stops at the first field).
        var passwordErrors = new List<string>();
        if (!string.IsNullOrEmpty(Password))
        {
            foreach (var validator in users.PasswordValidators)
            {
                var checkedPassword = await validator.ValidateAsync(users, new BackofficeUser(), Password);
                passwordErrors.AddRange(checkedPassword.Errors.Select(e => e.Description));
            }
        }

        foreach (var message in passwordErrors)
        {
            ModelState.AddModelError(nameof(Password), message);
        }

        // The profile's own rules too, so one round lists every problem (the service checks them again).
        var profile = SqmSite.Awards.Organizations.Organization.CheckProfile(OrganizationName, Website);
        if (profile.OfficialNameError is { } nameError && !ModelState.ContainsKey(nameof(OrganizationName)))
        {
            ModelState.AddModelError(nameof(OrganizationName), nameError);
        }

        if (profile.WebsiteError is { } websiteError)
        {
            ModelState.AddModelError(nameof(Website), websiteError);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await accounts.RegisterAsync(OrganizationName, Website, IsClient, Name, Email, Password, ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);

            return Page();
        }

        var baseUrl = SqmSite.Cms.Web.PublicUrls.BaseUrl(Request, options.Value);
        if (result.Value!.ExistingAccount is { } existing)
        {
            // The same words as a new registration: the page must not tell who has an account.
            await accounts.SendAccountExistsAsync(existing, baseUrl, ct);
        }
        else
        {
            await accounts.SendConfirmationAsync(result.Value.User!, baseUrl, ct);
        }

        Registered = true;
        return Page();
    }
}
