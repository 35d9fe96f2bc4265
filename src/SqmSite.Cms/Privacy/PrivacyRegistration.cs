using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Privacy;

/// <summary>A person's data across the engine and packages (each package adds its <see cref="IPersonalDataContributor"/>).</summary>
internal static class PrivacyRegistration
{
    public static IServiceCollection AddSqmPrivacy(this IServiceCollection services)
    {
        services.AddScoped<PrivacyService>();
        return services;
    }
}
