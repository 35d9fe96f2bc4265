using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Notifications;

namespace SqmSite.Awards.Notices;

/// <summary>Notices for staff (contact messages, steps to act on); in a running site, the daily digest and its pages.</summary>
internal static class NoticesRegistration
{
    public static IServiceCollection AddAwardsNotices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<StaffNotices>();
        services.Configure<StaffNoticeOptions>(configuration.GetSection(StaffNoticeOptions.Section));
        services.AddNotificationHandler<FormEntrySubmittedNotification, ContactMessageNoticeHandler>();
        return services;
    }

    public static IServiceCollection AddAwardsNoticesWeb(this IServiceCollection services)
    {
        services.AddHostedService<StaffDigestService>();
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Notices", AwardsPolicies.Nominations));
        return services;
    }
}
