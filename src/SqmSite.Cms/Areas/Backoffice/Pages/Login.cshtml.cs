using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Areas.Backoffice.Pages;

[EnableRateLimiting(DependencyInjection.LoginRateLimit)]
public sealed class LoginModel(SignInManager<BackofficeUser> signIn) : SignInPageModel(signIn)
{
    [BindProperty]
    public bool RememberMe { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.TryGetValue(nameof(RememberMe), out var remember) && remember.Errors.Count > 0)
        {
            // The framework's "The value 'x' is not valid for RememberMe." names a property, not the visible box.
            remember.Errors.Clear();
            ModelState.AddModelError(nameof(RememberMe), "“Keep me signed in” is a tick box: tick it or leave it empty.");
        }

        return ModelState.IsValid ? await SignInAndReturnAsync("/backoffice", RememberMe) : Page();
    }
}
