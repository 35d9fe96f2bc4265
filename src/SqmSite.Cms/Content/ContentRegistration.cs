using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Content;

/// <summary>The content tree: drafts, versions, publishing and sorting; its backoffice section and pages.</summary>
internal static class ContentRegistration
{
    public static IServiceCollection AddSqmContent(this IServiceCollection services)
    {
        services.AddScoped<ContentService>();
        services.AddScoped<ContentChangeLog>();
        services.AddScoped<Scheduling.IHousekeepingTask, ContentChangeRetention>();
        return services;
    }

    public static IServiceCollection AddSqmContentWeb(this IServiceCollection services)
    {
        services.AddBackofficePolicy(BackofficePolicies.Content, BackofficeRoles.Administrator, BackofficeRoles.Editor, BackofficeRoles.Marketing);
        services.AddBackofficeSection(new BackofficeSection("content", "Content", "/backoffice/content", BackofficePolicies.Content, 10));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Content", BackofficePolicies.Content));
        return services;
    }
}
