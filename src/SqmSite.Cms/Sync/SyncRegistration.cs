using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Sync;

/// <summary>The uSync folder: document types, forms and seed content as files, imported at start and exported.</summary>
internal static class SyncRegistration
{
    public static IServiceCollection AddSqmSync(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions();
        services.AddSingleton(SyncFolder.Resolve(contentRoot, options.SyncFolder));
        services.AddScoped<SyncService>();
        return services;
    }
}
