using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using SqmSite.Cms.Web;

namespace SqmSite.Cms.Data;

/// <summary>The engine's database (one context per provider); in a running site, migrations and seeding at start.</summary>
internal static class DataRegistration
{
    public static IServiceCollection AddSqmData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions();
        var database = DatabaseConnection.From(configuration, contentRoot, options.Database.Provider);
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            services.AddDbContext<CmsDbContext, PostgreSqlCmsDbContext>(o => database.Configure(o));
        }
        else
        {
            services.AddDbContext<CmsDbContext, SqliteCmsDbContext>(o => database.Configure(o));
        }

        // One key ring in the database for every instance (decision 0021). The application name, not the content root
        // (a deployment's folder), says whose keys they are, so a new release reads the cookies of the last one.
        services.AddDataProtection().SetApplicationName("SqmSite").PersistKeysToDbContext<CmsDbContext>();
        return services;
    }

    /// <summary>First of all hosted services, so that every later one finds the database migrated.</summary>
    public static IServiceCollection AddSqmDataWeb(this IServiceCollection services)
    {
        // Before every other hosted service, Data Protection's own included: it loads the key ring at start, from a
        // table the migrations make.
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, CmsInitializer>());
        services.AddHealthChecks().AddDbContextCheck<CmsDbContext>("database", tags: [HealthEndpoints.ReadyTag]);
        services.AddEndpointModule<HealthEndpoints>();
        return services;
    }
}
