using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Nominations;

/// <summary>Nominations and their steps (checklist, story, attachments, emails); in a running site, the staff pages.</summary>
internal static class NominationsRegistration
{
    public static IServiceCollection AddAwardsNominations(this IServiceCollection services)
    {
        services.AddScoped<NominationService>();
        services.AddScoped<NominationMailer>();
        services.AddScoped<StaffNominationList>();
        services.AddScoped<ChecklistForms>();
        services.AddScoped<ChecklistSubmissions>();
        services.AddNotificationHandler<FormEntrySubmittingNotification, ChecklistSubmittingHandler>();
        services.AddNotificationHandler<FormEntrySubmittedNotification, ChecklistSubmittedHandler>();
        services.AddScoped<StoryAttachments>();
        services.AddScoped<OutsideNominationService>();
        return services;
    }

    public static IServiceCollection AddAwardsNominationsWeb(this IServiceCollection services)
    {
        services.AddBackofficePolicy(AwardsPolicies.Nominations, AwardsPolicies.NominationRoles);
        services.AddBackofficeSection(new BackofficeSection("nominations", "Nominations", "/backoffice/awards/nominations", AwardsPolicies.Nominations, 40));
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Nominations", AwardsPolicies.Nominations);

            // The public "nominate someone" form and its confirmation link.
            o.Conventions.AllowAnonymousToFolder("/Nominate");
        });
        return services;
    }
}
