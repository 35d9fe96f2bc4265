using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Security;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Awards.Judging;

/// <summary>Registers step 5, judging: judges, panels and assignment, score sheets, results and the winner decision.</summary>
public static class JudgingRegistration
{
    public static IServiceCollection AddAwardsJudging(this IServiceCollection services)
    {
        services.AddScoped<JudgeService>();
        services.AddScoped<JudgingSetups>();
        services.AddScoped<ScoringService>();
        services.AddScoped<PanelService>();
        services.AddScoped<ResultsService>();
        services.AddWebhookEvent(Winners.WinnerAnnouncedWebhook.Type);
        return services;
    }

    /// <summary>The pages: staff's under /backoffice/awards/judging, judges' (and the results, for lead judges) under /backoffice/judging.</summary>
    public static IServiceCollection AddAwardsJudgingWeb(this IServiceCollection services)
    {
        services.AddHostedService<AnnouncementService>();
        services.AddBackofficePolicy(AwardsPolicies.Judging, AwardsPolicies.JudgingRoles);
        services.AddBackofficeSection(new BackofficeSection("judging-staff", "Judging", "/backoffice/awards/judging", AwardsPolicies.Nominations, 45));
        services.AddBackofficeSection(new BackofficeSection("judging", "Your entries to judge", "/backoffice/judging", AwardsPolicies.JudgeOnly, 46));
        services.AddBackofficePolicy(AwardsPolicies.JudgeOnly, [BackofficeRoles.Judge]);
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Judging", AwardsPolicies.Nominations);
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Judging", AwardsPolicies.Judging);
            o.Conventions.AllowAnonymousToAreaPage("Backoffice", "/Judging/Invitation");

            // Entries are confidential: no browser or proxy keeps a copy of a judging page.
            o.Conventions.AddAreaFolderApplicationModelConvention("Backoffice", "/Judging", m => m.Filters.Add(
                new Microsoft.AspNetCore.Mvc.ResponseCacheAttribute { NoStore = true, Location = Microsoft.AspNetCore.Mvc.ResponseCacheLocation.None }));
        });
        return services;
    }
}
