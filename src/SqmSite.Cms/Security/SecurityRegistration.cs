using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Data;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Security;

/// <summary>
/// Backoffice users and signing in: Identity, the cookie, antiforgery, the rate limits, the proxies believed, and the
/// backoffice shell's own pages (the users section, sign-in, install).
/// </summary>
internal static class SecurityRegistration
{
    public static IServiceCollection AddSqmSecurityWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions();
        services.AddSingleton<InstallToken>();
        services.AddScoped<InstallService>();
        services.AddIdentity<BackofficeUser, IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<CmsDbContext>()
            .AddUserManager<BackofficeUserManager>()
            .AddDefaultTokenProviders();
        services.AddSingleton<UnknownAccountSignIn>();

        // Over HTTPS these cookies are Secure too (the sign-in cookie already is: SameAsRequest); behind a proxy,
        // "HTTPS" is what a known proxy forwards (ForwardedHeadersSettings).
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".SqmSite.Backoffice";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/backoffice/login";
            o.LogoutPath = "/backoffice/logout";
            o.AccessDeniedPath = "/backoffice/access-denied";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);

            // Every request, not Identity's every 30 minutes: a change of rights ends sessions at once (item 2 of issue 9).
            o.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
        });

        services.AddAuthorization();
        services.AddBackofficePolicy(BackofficePolicies.Backoffice, [.. BackofficeRoles.All]);
        services.AddBackofficePolicy(BackofficePolicies.Users, BackofficeRoles.Administrator);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Posts are limited per address; reading the form that makes them is not.
            o.AddPolicy(DependencyInjection.LoginRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
            // On PostgreSQL (several instances) the count is shared in the database; SQLite is one instance, in memory.
            var shared = (configuration.GetSection(CmsOptions.Section).Get<CmsOptions>()?.Database.Provider ?? DatabaseProvider.Sqlite) == DatabaseProvider.PostgreSQL;
            o.AddPolicy(DependencyInjection.PublicPostRateLimit, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var limit = Math.Max(1, options.PublicPostsPerMinute);
                return shared
                    ? RateLimitPartition.Get(address, key => (RateLimiter)new SharedWindowLimiter("public-post:" + key, limit, TimeSpan.FromMinutes(1),
                        http.RequestServices.GetRequiredService<IServiceScopeFactory>(), http.RequestServices.GetRequiredService<TimeProvider>(),
                        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<SharedWindowLimiter>()))
                    : RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1) });
            });
        });
        services.AddScoped<Scheduling.IHousekeepingTask, RateLimitCountRetention>();
        services.Configure<ForwardedHeadersOptions>(o => ForwardedHeadersSettings.Configure(o, configuration));

        services.AddBackofficeSection(new BackofficeSection("users", "Users", "/backoffice/users", BackofficePolicies.Users, 90));
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/", BackofficePolicies.Backoffice);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Users", BackofficePolicies.Users);
            o.Conventions.AllowAnonymousToAreaPage("Backoffice", "/Login");
            o.Conventions.AllowAnonymousToAreaPage("Backoffice", "/Install");
            o.Conventions.AllowAnonymousToAreaPage("Backoffice", "/AccessDenied");
        });
        return services;
    }

    /// <summary>APIs answer 401/403; pages redirect to the login or access-denied page.</summary>
    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (ApiPaths.IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
