using Microsoft.Playwright;

namespace SqmSite.E2E.Pages;

/// <summary>
/// The sign-in form, as the backoffice (<c>/backoffice/login</c>) and the portal (<c>/portal/login</c>) both show it:
/// a person types their address and password and presses "Sign in".
/// </summary>
public static class SignInPage
{
    /// <summary>Fills the form on the page that shows it now and presses the button; the caller reads what follows.</summary>
    public static async Task SubmitAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Opens <paramref name="path"/> (a login page), then signs in there.</summary>
    public static async Task OpenAndSubmitAsync(IPage page, string path, string email, string password)
    {
        await page.GotoAsync(path);
        await SubmitAsync(page, email, password);
    }
}
