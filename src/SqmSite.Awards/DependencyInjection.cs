using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;
using SqmSite.Cms.Data;

namespace SqmSite.Awards;

/// <summary>Registers and maps the awards package (an Umbraco package's composer).</summary>
public static class DependencyInjection
{
    public static WebApplicationBuilder AddAwards(this WebApplicationBuilder builder)
    {
        builder.Services.AddAwardsCore(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddHostedService<AwardsInitializer>();
        return builder;
    }

    /// <summary>The package's services without the web parts; tests use this on top of <c>AddSqmCmsCore</c>.</summary>
    public static IServiceCollection AddAwardsCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
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

        services.AddScoped<CycleService>();
        services.AddScoped<NominationService>();
        return services;
    }

    public static WebApplication MapAwards(this WebApplication app) => app;
}

/// <summary>Applies the package's migrations at start-up, after the engine's.</summary>
internal sealed class AwardsInitializer(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AwardsDbContext>().Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
