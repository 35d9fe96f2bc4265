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

    public async Task<IActionResult> OnPostAsync() =>
        ModelState.IsValid ? await SignInAndReturnAsync("/backoffice", RememberMe) : Page();
}
