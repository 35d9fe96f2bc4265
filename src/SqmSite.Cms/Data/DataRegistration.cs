using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

        return services;
    }

    /// <summary>First of the engine's hosted services, so that every later one finds the database migrated.</summary>
    public static IServiceCollection AddSqmDataWeb(this IServiceCollection services)
    {
        services.AddHostedService<CmsInitializer>();
        return services;
    }
}
