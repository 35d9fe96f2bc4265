using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;
using SqmSite.Cms.Scheduling;
using SqmSite.Cms.Security;
using SqmSite.Cms.Sync;
using SqmSite.Cms.Web;

namespace SqmSite.Cms;

/// <summary>Registers and maps the content engine (Umbraco's <c>AddUmbraco()</c>).</summary>
public static class DependencyInjection
{
    public const string LoginRateLimit = "login";
    public const string PublicPostRateLimit = "public-post";

    public static WebApplicationBuilder AddSqmCms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(CmsOptions.Section);
        var options = section.Get<CmsOptions>() ?? new CmsOptions();

        // Emailed links (password reset, invitations) must never take their host from the request's Host header,
        // which a sender can forge to have the site mail out a link to their own server.
        if (!builder.Environment.IsDevelopment() && !Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException(
                "Set SqmSite:PublicBaseUrl (e.g. https://awards.example.org) outside Development: emailed links are built from it, never from the request.");
        }

        services.AddSqmCmsCore(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddHostedService<CmsInitializer>();
        services.AddHostedService<ScheduledPublishingService>();
        services.AddHostedService(sp => sp.GetRequiredService<Housekeeping>());
        services.PostConfigure<EmailOptions>(o => o.Mode ??= builder.Environment.IsDevelopment() ? EmailMode.PickupFolder : EmailMode.Smtp);
        services.AddHostedService<EmailSendingService>();
        services.AddNotificationHandler<ContentPublishedNotification, OutputCacheEvictionHandler>();
        services.AddNotificationHandler<ContentUnpublishedNotification, OutputCacheEvictionHandler>();
        services.AddNotificationHandler<ContentDeletedNotification, OutputCacheEvictionHandler>();
        services.AddNotificationHandler<ContentSortedNotification, OutputCacheEvictionHandler>();
        services.AddSqmMediaWeb(builder.Configuration);

        AddSecurity(services, options);
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => ForwardedHeadersSettings.Configure(o, builder.Configuration));
        services.AddBackofficeSection(new BackofficeSection("content", "Content", "/backoffice/content", BackofficePolicies.Content, 10));
        services.AddBackofficeSection(new BackofficeSection("media", "Media", "/backoffice/media", BackofficePolicies.Content, 15));
        services.AddBackofficeSection(new BackofficeSection("forms", "Forms", "/backoffice/forms", BackofficePolicies.Forms, 20));
        services.AddBackofficeSection(new BackofficeSection("outbox", "Outbox", "/backoffice/outbox", BackofficePolicies.Outbox, 80));
        services.AddBackofficeSection(new BackofficeSection("users", "Users", "/backoffice/users", BackofficePolicies.Users, 90));

        services.AddOutputCache(o =>
        {
            o.AddPolicy(PublishedContentController.OutputCachePolicy, b => b.Tag(PublishedContentController.OutputCacheTag).Expire(TimeSpan.FromMinutes(10))
                .AddPolicy(typeof(OutputCacheBoundaryPolicy)));
        });
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = options.MaxFormBytes;
            o.ValueLengthLimit = (int)Math.Min(options.MaxFormBytes, int.MaxValue);
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxFormBytes);

        services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        services.AddSqmBadInput();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/", BackofficePolicies.Backoffice);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Content", BackofficePolicies.Content);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Media", BackofficePolicies.Content);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Users", BackofficePolicies.Users);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Outbox", BackofficePolicies.Outbox);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Forms", BackofficePolicies.Forms);
            o.Conventions.AllowAnonymousToAreaPage("Backoffice", "/Login");
            o.Conventions.AllowAnonymousToAreaPage("Backoffice", "/Install");
            o.Conventions.AllowAnonymousToAreaPage("Backoffice", "/AccessDenied");
        });
        return builder;
    }

    /// <summary>
    /// The engine's services without the web parts: database, content, publishing, sync, scheduling.
    /// Tests and command-line tools use this directly.
    /// </summary>
    public static IServiceCollection AddSqmCmsCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions();
        services.AddOptions<CmsOptions>().Bind(configuration.GetSection(CmsOptions.Section))
            .Validate(o => o.HousekeepingInterval > TimeSpan.Zero, "SqmSite:HousekeepingInterval must be positive.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(SyncFolder.Resolve(contentRoot, options.SyncFolder));
        AddDatabase(services, configuration, contentRoot, options.Database.Provider);

        services.AddScoped<IEventAggregator, EventAggregator>();
        services.AddSingleton<IRichTextSanitizer, RichTextSanitizer>();
        services.AddSingleton<PropertyValueParser>();
        services.AddSingleton<IContentTypeService, ContentTypeService>();
        services.AddSingleton<IPublishedContentCache, PublishedContentCache>();
        services.AddScoped<ContentService>();
        services.AddScoped<SyncService>();
        services.AddScoped<Privacy.PrivacyService>();
        services.AddSingleton<ScheduledPublisher>();
        services.AddSingleton<Housekeeping>();
        services.AddSqmEmail(configuration, contentRoot);

        services.AddOptions<FormsOptions>().Bind(configuration.GetSection(CmsOptions.Section + ":Forms"))
            .Validate(o => o.KeepAnonymousDraftsFor > TimeSpan.Zero, "SqmSite:Forms:KeepAnonymousDraftsFor must be positive.").ValidateOnStart();
        services.AddSingleton<FormDefinitionCache>();
        services.AddScoped<FormService>();
        services.AddScoped<FormEntryService>();
        services.AddScoped<FormSyncService>();
        services.AddSqmMediaCore(configuration, contentRoot);
        return services;
    }

    /// <summary>The middleware, in order. Call before the packages map their endpoints.</summary>
    public static WebApplication UseSqmCms(this WebApplication app)
    {
        // First, so that everything after it (HTTPS redirects, Secure cookies, rate limits) sees the visitor's
        // address and scheme as a known proxy forwarded them.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<UnreadableRequestMiddleware>();
        var maxBody = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CmsOptions>>().Value.MaxFormBytes;
        app.Use(async (context, next) =>
        {

            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "SAMEORIGIN";
            await next();
        });
        app.UseContentSecurityPolicy();
        app.UseMediaRenditions();
        app.UseStaticFiles();
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            // Kestrel stops larger bodies too; this answers from the declared length, on every server, with the
            // endpoint's own limit where it sets one (uploads will).
            // The error page shown for a refused request carries that request's headers: it is not refused again (that
            // answered an empty 413).
            var limit = await BadInput.OwnLimitAsync(context) ?? maxBody;
            if (context.Request.ContentLength > limit && !BadInput.IsErrorPage(context))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                BadInput.Describe(context, BadInput.TooLargeFor(limit));
                return;
            }

            await next();
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        return app;
    }

    /// <summary>Maps the registered modules' endpoints, the engine's pages and APIs, and last the content tree.</summary>
    public static WebApplication MapSqmCms(this WebApplication app)
    {
        foreach (var module in app.Services.GetServices<IEndpointModule>())
        {
            module.MapEndpoints(app);
        }

        app.MapSiteEndpoints();
        app.MapRazorPages();
        app.MapControllers();

        // Lowest priority: whatever no other endpoint claims is looked up in the content tree.
        app.MapFallbackToController("Render", "PublishedContent");
        return app;
    }

    private static void AddDatabase(IServiceCollection services, IConfiguration configuration, string contentRoot, DatabaseProvider provider)
    {
        var database = DatabaseConnection.From(configuration, contentRoot, provider);
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            services.AddDbContext<CmsDbContext, PostgreSqlCmsDbContext>(o => database.Configure(o));
        }
        else
        {
            services.AddDbContext<CmsDbContext, SqliteCmsDbContext>(o => database.Configure(o));
        }
    }

    private static void AddSecurity(IServiceCollection services, CmsOptions options)
    {
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
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

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
        services.AddBackofficePolicy(BackofficePolicies.Content, BackofficeRoles.Administrator, BackofficeRoles.Editor, BackofficeRoles.Marketing);
        services.AddBackofficePolicy(BackofficePolicies.Users, BackofficeRoles.Administrator);
        services.AddBackofficePolicy(BackofficePolicies.Outbox, BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff);
        services.AddBackofficePolicy(BackofficePolicies.Forms, BackofficeRoles.Administrator, BackofficeRoles.Editor);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Posts are limited per address; reading the form that makes them is not.
            o.AddPolicy(LoginRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
            o.AddPolicy(PublicPostRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.PublicPostsPerMinute), Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
        });
    }

    /// <summary>APIs answer 401/403; pages redirect to the login or access-denied page.</summary>
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
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
