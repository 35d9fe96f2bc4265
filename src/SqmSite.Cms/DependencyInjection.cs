using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SqmSite.Cms.ApiKeys;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Instances;
using SqmSite.Cms.Media;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Privacy;
using SqmSite.Cms.Published;
using SqmSite.Cms.Scheduling;
using SqmSite.Cms.Security;
using SqmSite.Cms.Sync;
using SqmSite.Cms.Telemetry;
using SqmSite.Cms.Web;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Cms;

/// <summary>
/// Registers and maps the content engine (Umbraco's <c>AddUmbraco()</c>) as a list of its modules. Each module folder
/// has one <c>XRegistration.cs</c> with <c>AddSqmX()</c>, its services (what tests and tools get from
/// <see cref="AddSqmCmsCore"/>), and, when it has parts only a running site needs (pages and their authorization, a
/// backoffice section, hosted services, cache eviction), <c>AddSqmXWeb()</c> beside it. A new module is added with
/// its one call in each list below; the order of the web list is the order its hosted services start in.
/// </summary>
public static class DependencyInjection
{
    public const string LoginRateLimit = "login";
    public const string PublicPostRateLimit = "public-post";

    public static WebApplicationBuilder AddSqmCms(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions();

        // Emailed links (password reset, invitations) must never take their host from the request's Host header,
        // which a sender can forge to have the site mail out a link to their own server.
        if (!builder.Environment.IsDevelopment() && !Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException(
                "Set SqmSite:PublicBaseUrl (e.g. https://awards.example.org) outside Development: emailed links are built from it, never from the request.");
        }

        // MVC and Razor Pages first: a module's page conventions (AllowAnonymousToAreaPage...) need the options setup
        // that AddRazorPages registers to have run before them, or they fall back to filters that endpoint routing ignores.
        builder.Services.AddSqmCmsCore(configuration, builder.Environment.ContentRootPath)
            .AddSqmSiteWeb(configuration)
            .AddSqmDataWeb()
            .AddSqmSchedulingWeb()
            .AddSqmEmailWeb(builder.Environment)
            .AddSqmWebhooksWeb(builder.Environment)
            .AddSqmContentWeb()
            .AddSqmMediaWeb(configuration)
            .AddSqmFormsWeb()
            .AddSqmApiKeysWeb()
            .AddSqmInstancesWeb()
            .AddSqmSecurityWeb(configuration);
        builder.AddSqmTelemetry();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxFormBytes;
            // 16 KB of request line instead of 8: a pasted 10 KB search reaches the site and is refused in words (400),
            // not by the server's bare 414.
            k.Limits.MaxRequestLineSize = 16 * 1024;
        });
        return builder;
    }

    /// <summary>
    /// The engine's services without the web parts: database, content, publishing, sync, scheduling, email, forms, media.
    /// Tests and command-line tools use this directly.
    /// </summary>
    public static IServiceCollection AddSqmCmsCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<CmsOptions>().Bind(configuration.GetSection(CmsOptions.Section))
            .Validate(o => o.HousekeepingInterval > TimeSpan.Zero, "SqmSite:HousekeepingInterval must be positive.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddSqmData(configuration, contentRoot)
            .AddSqmNotifications()
            .AddSqmContentTypes()
            .AddSqmPublished()
            .AddSqmContent()
            .AddSqmSync(configuration, contentRoot)
            .AddSqmPrivacy()
            .AddSqmScheduling()
            .AddSqmEmail(configuration, contentRoot)
            .AddSqmForms(configuration)
            .AddSqmMedia(configuration, contentRoot)
            .AddSqmApiKeys()
            .AddSqmWebhooks(configuration)
            .AddSqmInstances(configuration)
            .AddSqmTelemetryCore();
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
        // Inert unless an endpoint names a policy (the delivery API does, with the origins its settings give).
        app.UseCors();
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
}
