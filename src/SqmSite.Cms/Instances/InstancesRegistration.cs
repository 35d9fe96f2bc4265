using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Instances;

/// <summary>Several instances on one database: following the change log, and the administrators' list of instances.</summary>
internal static class InstancesRegistration
{
    public static IServiceCollection AddSqmInstances(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InstanceOptions>().Bind(configuration.GetSection(InstanceOptions.Section))
            .Validate(o => o.PollInterval > TimeSpan.Zero, "SqmSite:Instance:PollInterval must be positive.")
            .Validate(o => o.Name is null || o.Name.Length <= SiteInstance.NameMaxLength, "SqmSite:Instance:Name is at most 100 characters.")
            .ValidateOnStart();
        services.AddScoped<SiteInstances>();
        services.AddScoped<ChangeSignals>();
        return services;
    }

    public static IServiceCollection AddSqmInstancesWeb(this IServiceCollection services)
    {
        services.AddSingleton<ChangeFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFollower>());
        services.AddBackofficeSection(new BackofficeSection("instances", "Instances", "/backoffice/instances", BackofficePolicies.Users, 97));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Instances", BackofficePolicies.Users));
        return services;
    }
}
