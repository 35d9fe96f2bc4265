using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Data;

/// <summary>The package's own tables (one context per provider); in a running site, its migrations and seed at start.</summary>
internal static class AwardsDataRegistration
{
    public static IServiceCollection AddAwardsData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var database = DatabaseConnection.From(configuration, contentRoot);
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            services.AddDbContext<AwardsDbContext, PostgreSqlAwardsDbContext>(o => database.Configure(o, AwardsDbContext.MigrationsHistoryTable));
        }
        else
        {
            services.AddDbContext<AwardsDbContext, SqliteAwardsDbContext>(o => database.Configure(o, AwardsDbContext.MigrationsHistoryTable));
        }

        return services;
    }

    /// <summary>First of the package's hosted services, so that every later one finds its tables migrated.</summary>
    public static IServiceCollection AddAwardsDataWeb(this IServiceCollection services)
    {
        services.AddHostedService<AwardsInitializer>();
        return services;
    }
}
