using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Awards.Portal;

/// <summary>The nominee portal: nominees' accounts; in a running site, its pages, their sign-in and their policy.</summary>
internal static class PortalRegistration
{
    public static IServiceCollection AddAwardsPortal(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<NomineeAccounts>();
        return services;
    }

    public static IServiceCollection AddAwardsPortalWeb(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(AwardsPolicies.Nominee, p => p.RequireAuthenticatedUser().RequireRole(AwardsRoles.Nominee));

        // Nominees who need to sign in are sent to the portal's sign-in page, not the backoffice's.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var inner = o.Events.OnRedirectToLogin;
            o.Events.OnRedirectToLogin = context =>
            {
                if (!context.Request.Path.StartsWithSegments("/portal"))
                {
                    return inner(context);
                }

                context.Response.Redirect("/portal/login?ReturnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                return Task.CompletedTask;
            };
        });
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Portal", AwardsPolicies.Nominee);

            // Portal pages show an organization's confidential entries: no browser or proxy keeps a copy.
            o.Conventions.AddFolderApplicationModelConvention("/Portal", m => m.Filters.Add(
                new ResponseCacheAttribute { NoStore = true, Location = ResponseCacheLocation.None }));
            o.Conventions.AllowAnonymousToPage("/Portal/Login");
            o.Conventions.AllowAnonymousToPage("/Portal/Register");
            o.Conventions.AllowAnonymousToPage("/Portal/Confirm");
            o.Conventions.AllowAnonymousToPage("/Portal/Forgot");
            o.Conventions.AllowAnonymousToPage("/Portal/Reset");
            o.Conventions.AllowAnonymousToPage("/Portal/Invitation");
        });
        return services;
    }
}
