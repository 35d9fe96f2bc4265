using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Data;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;
using SqmSite.Cms.Notifications;

namespace SqmSite.Awards;

/// <summary>Registers the awards package (an Umbraco package's composer): one call, its endpoints included (<see cref="AwardsEndpoints"/>).</summary>
public static class DependencyInjection
{
    public static WebApplicationBuilder AddAwards(this WebApplicationBuilder builder)
    {
        builder.Services.AddAwardsCore(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddHostedService<AwardsInitializer>();
        builder.Services.AddEndpointModule<AwardsEndpoints>();
        builder.Services.AddHostedService<Notices.StaffDigestService>();
        builder.Services.AddNotificationHandler<CycleChangedNotification, CycleOutputCacheEvictionHandler>();
        builder.Services.AddSingleton<SqmSite.Cms.Web.IOutputCacheBoundary, CycleCacheBoundary>();
        builder.Services.AddBackofficePolicy(AwardsPolicies.Cycles, AwardsPolicies.CycleRoles);
        builder.Services.AddBackofficePolicy(AwardsPolicies.Nominations, AwardsPolicies.NominationRoles);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AwardsPolicies.Nominee, p => p.RequireAuthenticatedUser().RequireRole(AwardsRoles.Nominee));

        // Nominees who need to sign in are sent to the portal's sign-in page, not the backoffice's.
        builder.Services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme, o =>
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
        builder.Services.AddBackofficeSection(new BackofficeSection("awards", "Award cycles", "/backoffice/awards/cycles", AwardsPolicies.Cycles, 30));
        builder.Services.AddAwardsJudgingWeb();
        builder.Services.AddBackofficeSection(new BackofficeSection("nominations", "Nominations", "/backoffice/awards/nominations", AwardsPolicies.Nominations, 40));
        // The package's pages and views live in this assembly; add it as a part whatever the host's build generated.
        builder.Services.AddMvcCore().ConfigureApplicationPartManager(parts =>
        {
            var assembly = typeof(DependencyInjection).Assembly;
            if (!parts.ApplicationParts.Any(p => p.Name == assembly.GetName().Name))
            {
                parts.ApplicationParts.Add(new Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart(assembly));
            }
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Cycles", AwardsPolicies.Cycles);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Nominations", AwardsPolicies.Nominations);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Retention", BackofficePolicies.Users);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Notices", AwardsPolicies.Nominations);
            o.Conventions.AuthorizeFolder("/Portal", AwardsPolicies.Nominee);

            // Portal pages show an organization's confidential entries: no browser or proxy keeps a copy.
            o.Conventions.AddFolderApplicationModelConvention("/Portal", m => m.Filters.Add(
                new Microsoft.AspNetCore.Mvc.ResponseCacheAttribute { NoStore = true, Location = Microsoft.AspNetCore.Mvc.ResponseCacheLocation.None }));
            o.Conventions.AllowAnonymousToPage("/Portal/Login");
            o.Conventions.AllowAnonymousToPage("/Portal/Register");
            o.Conventions.AllowAnonymousToPage("/Portal/Confirm");
            o.Conventions.AllowAnonymousToPage("/Portal/Forgot");
            o.Conventions.AllowAnonymousToPage("/Portal/Reset");
            o.Conventions.AllowAnonymousToPage("/Portal/Invitation");
        });
        return builder;
    }

    /// <summary>The package's services without the web parts; tests use this on top of <c>AddSqmCmsCore</c>.</summary>
    public static IServiceCollection AddAwardsCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var database = DatabaseConnection.From(configuration, contentRoot);
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            services.AddDbContext<AwardsDbContext, PostgreSqlAwardsDbContext>(o => database.Configure(o, AwardsDbContext.MigrationsHistoryTable));
        }
        else
        {
            services.AddDbContext<AwardsDbContext, SqliteAwardsDbContext>(o => database.Configure(o, AwardsDbContext.MigrationsHistoryTable));
        }

        services.AddSingleton<CycleCatalog>();
        services.AddScoped<CycleService>();
        services.AddScoped<NominationService>();
        services.AddScoped<NominationMailer>();
        services.AddScoped<StaffNominationList>();
        services.AddScoped<Notices.StaffNotices>();
        services.Configure<Notices.StaffNoticeOptions>(configuration.GetSection(Notices.StaffNoticeOptions.Section));
        services.AddNotificationHandler<SqmSite.Cms.Forms.FormEntrySubmittedNotification, Notices.ContactMessageNoticeHandler>();
        services.AddScoped<ChecklistForms>();
        services.AddScoped<ChecklistSubmissions>();
        services.AddNotificationHandler<SqmSite.Cms.Forms.FormEntrySubmittingNotification, ChecklistSubmittingHandler>();
        services.AddNotificationHandler<SqmSite.Cms.Forms.FormEntrySubmittedNotification, ChecklistSubmittedHandler>();
        services.AddScoped<StoryAttachments>();
        services.AddHttpContextAccessor();
        services.AddScoped<SqmSite.Awards.Portal.NomineeAccounts>();
        services.AddScoped<SqmSite.Awards.Organizations.OrganizationService>();
        services.AddScoped<SqmSite.Awards.Organizations.InvitationService>();
        services.AddAwardsJudging();

        services.AddOptions<Privacy.AwardsOptions>().Bind(configuration.GetSection(Privacy.AwardsOptions.Section))
            .Validate(o => o.KeepUnsuccessfulEntriesYears is >= 1 and <= 50, "SqmSite:Awards:KeepUnsuccessfulEntriesYears must be between 1 and 50.")
            .ValidateOnStart();
        services.AddScoped<SqmSite.Cms.Privacy.IPersonalDataContributor, Privacy.AwardsPersonalData>();
        services.AddScoped<Privacy.UnsuccessfulEntryRetention>();
        services.AddScoped<SqmSite.Cms.Scheduling.IHousekeepingTask>(sp => sp.GetRequiredService<Privacy.UnsuccessfulEntryRetention>());
        return services;
    }
}

/// <summary>Public pages show the current cycle's dates, so a changed cycle drops the cached pages.</summary>
internal sealed class CycleOutputCacheEvictionHandler(Microsoft.AspNetCore.OutputCaching.IOutputCacheStore store)
    : INotificationHandler<CycleChangedNotification>
{
    public async Task HandleAsync(CycleChangedNotification notification, CancellationToken cancellationToken) =>
        await store.EvictByTagAsync(SqmSite.Cms.Web.PublishedContentController.OutputCacheTag, cancellationToken);
}

/// <summary>
/// At start-up, after the engine: applies the package's migrations, seeds the first award cycle from
/// uSync/Awards/Cycles when there is none, and loads the cycles into memory.
/// </summary>
internal sealed class AwardsInitializer(IServiceScopeFactory scopes, SyncFolder syncFolder, CycleCatalog catalog,
    ILogger<AwardsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AwardsDbContext>();
            await db.Database.MigrateAsync(cancellationToken);
            var folder = Path.Combine(syncFolder.Path, "Awards", "Cycles");
            if (!await db.Cycles.AnyAsync(cancellationToken) && Directory.Exists(folder))
            {
                var cycles = scope.ServiceProvider.GetRequiredService<CycleService>();
                foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
                {
                    var file = CycleFile.Read(path);
                    var (_, problems) = await cycles.CreateAsync(file.Name, file.Year, file.TimeZone, file.ToDates(), file.Categories, cancellationToken);
                    foreach (var problem in problems)
                    {
                        logger.LogWarning("Seed cycle {File}: {Problem}", Path.GetFileName(path), problem);
                    }
                }
            }
        }

        await catalog.ReloadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
