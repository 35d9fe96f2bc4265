using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Notices;
using SqmSite.Cms.Backoffice;

namespace SqmSite.Awards.Gala;

/// <summary>Registers the gala: invitations, answers and the waiting list; in a running site, its pages and the reminder pass.</summary>
internal static class GalaRegistration
{
    public static IServiceCollection AddAwardsGala(this IServiceCollection services)
    {
        services.AddScoped<GalaMailer>();
        services.AddScoped<RsvpService>();
        services.AddScoped<GalaService>();
        services.AddScoped<SqmSite.Cms.Privacy.IPersonalDataContributor, GalaPersonalData>();
        return services;
    }

    /// <summary>Staff's gala pages and the door under /backoffice/awards/gala; the answer pages are the portal's (a link opens them without an account).</summary>
    public static IServiceCollection AddAwardsGalaWeb(this IServiceCollection services)
    {
        services.AddBackofficeSection(new BackofficeSection("gala", "Gala", "/backoffice/awards/gala", AwardsPolicies.Nominations, 48));
        services.AddHostedService<GalaPass>();
        services.AddScoped<Pages.Portal.GalaAnswers>();
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Gala", AwardsPolicies.Nominations);
            o.Conventions.AllowAnonymousToPage("/Portal/GalaRsvp");
            o.Conventions.AllowAnonymousToPage("/Portal/GalaOffer");
        });
        return services;
    }
}

/// <summary>The gala's background pass: reminders due, offers past their hold passed to the next party.</summary>
internal sealed class GalaPass(IServiceScopeFactory scopes, IOptions<StaffNoticeOptions> options, TimeProvider clock, ILogger<GalaPass> logger)
    : PollingPass(scopes, options, clock, logger)
{
    protected override string Name => "gala reminders and waiting list";

    protected override Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<GalaService>().RunDueAsync(cancellationToken);
}
