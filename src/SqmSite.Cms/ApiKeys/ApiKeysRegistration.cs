using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Scheduling;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.ApiKeys;

/// <summary>Delivery API keys: the service the delivery API validates tokens with; in a running site, the administrators' page.</summary>
internal static class ApiKeysRegistration
{
    public static IServiceCollection AddSqmApiKeys(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyValidationCache>();
        services.AddScoped<IApiKeyService, ApiKeyService>();
        services.AddScoped<IHousekeepingTask, ApiKeyRetention>();
        return services;
    }

    /// <summary>Administrators only (the users policy: users, roles and settings): a key reads drafts before they are public.</summary>
    public static IServiceCollection AddSqmApiKeysWeb(this IServiceCollection services)
    {
        services.AddBackofficeSection(new BackofficeSection("api-keys", "API keys", "/backoffice/api-keys", BackofficePolicies.Users, 95));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/ApiKeys", BackofficePolicies.Users));
        return services;
    }
}
