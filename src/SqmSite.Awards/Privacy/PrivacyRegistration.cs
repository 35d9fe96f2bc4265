using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Privacy;
using SqmSite.Cms.Scheduling;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Privacy;

/// <summary>The package's part of a person's data and the retention of unsuccessful entries; the retention page.</summary>
internal static class PrivacyRegistration
{
    public static IServiceCollection AddAwardsPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwardsOptions>().Bind(configuration.GetSection(AwardsOptions.Section))
            .Validate(o => o.KeepUnsuccessfulEntriesYears is >= 1 and <= 50, "SqmSite:Awards:KeepUnsuccessfulEntriesYears must be between 1 and 50.")
            .ValidateOnStart();
        services.AddScoped<IPersonalDataContributor, AwardsPersonalData>();
        services.AddScoped<UnsuccessfulEntryRetention>();
        services.AddScoped<IHousekeepingTask>(sp => sp.GetRequiredService<UnsuccessfulEntryRetention>());
        return services;
    }

    public static IServiceCollection AddAwardsPrivacyWeb(this IServiceCollection services)
    {
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Awards/Retention", BackofficePolicies.Users));
        return services;
    }
}
