using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Media;

internal static class MediaRegistration
{
    /// <summary>The media library's services: storage, pipeline, catalog, service, usage scan.</summary>
    public static IServiceCollection AddSqmMedia(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(MediaOptions.Section);
        services.AddOptions<MediaOptions>().Bind(section)
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxPixelDimension > 0 && o.MaxMegapixels > 0 && o.MaxFrames > 0 && o.MaxMemoryMegabytes > 0,
                "SqmSite:Media limits must be positive numbers.")
            .Validate(o => o.AllowedWidths.Count > 0 && o.AllowedWidths.All(w => w <= o.MaxSignedWidth),
                "SqmSite:Media:Widths must be positive and at most MaxSignedWidth.")
            .ValidateOnStart();
        services.AddSingleton(sp => new MediaStorage(
            MediaStorage.ResolveRoot(sp.GetRequiredService<IOptions<MediaOptions>>().Value.Root, contentRoot),
            Path.Combine(contentRoot, "wwwroot"),
            sp.GetRequiredService<ILogger<MediaStorage>>()));
        services.AddSingleton<ImagePipeline>();
        services.AddSingleton<MediaUrls>();
        services.AddSingleton<MediaRenditions>();
        services.AddSingleton<IMediaCatalog, MediaCatalog>();
        services.AddScoped<MediaIntake>();
        services.AddScoped<MediaService>();
        services.AddScoped<IMediaService>(sp => sp.GetRequiredService<MediaService>());
        services.AddScoped<IPrivateMediaService, PrivateMediaService>();
        services.AddScoped<PrivateMediaFiles>();
        services.AddScoped<IFormFileStore, MediaFormFileStore>();
        services.AddScoped<IMediaUsageProvider, ContentMediaUsageProvider>();
        services.AddScoped<Content.IMediaPickerTargets, MediaPickerTargets>();
        return services;
    }

    /// <summary>The web parts: upload limits on the API, cache eviction, warm-up at start, the media section and pages.</summary>
    public static IServiceCollection AddSqmMediaWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(MediaOptions.Section).Get<MediaOptions>() ?? new MediaOptions();
        var uploads = new MediaUploadLimitConvention(options.MaxUploadBytes);
        services.Configure<MvcOptions>(o => o.Conventions.Add(uploads));
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.Add(uploads));
        services.AddNotificationHandler<MediaSavedNotification, MediaOutputCacheEvictionHandler>();
        services.AddNotificationHandler<MediaDeletedNotification, MediaOutputCacheEvictionHandler>();
        services.AddHostedService<MediaInitializer>();
        services.AddHealthChecks().AddCheck<MediaStoreHealthCheck>("media", tags: [Data.HealthEndpoints.ReadyTag]);
        services.AddBackofficeSection(new BackofficeSection("media", "Media", "/backoffice/media", BackofficePolicies.Content, 15));
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.AuthorizeAreaFolder("Backoffice", "/Media", BackofficePolicies.Content));
        return services;
    }
}

/// <summary>Pages show renditions by version and alt text: a change to an item drops the cached pages.</summary>
internal sealed class MediaOutputCacheEvictionHandler(IOutputCacheStore store) :
    INotificationHandler<MediaSavedNotification>,
    INotificationHandler<MediaDeletedNotification>
{
    public Task HandleAsync(MediaSavedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(MediaDeletedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    private async Task EvictAsync(CancellationToken ct) => await store.EvictByTagAsync(PublishedContentController.OutputCacheTag, ct);
}

/// <summary>
/// Runs after the engine's initializer (migrations): sets up ImageMagick's policy, loads the catalog, and removes
/// uploads a crash left half-way, so the first request finds everything ready.
/// </summary>
internal sealed class MediaInitializer(ImagePipeline pipeline, MediaStorage storage, IMediaCatalog catalog, ILogger<MediaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        storage.CleanTemp(TimeSpan.FromHours(1));
        await catalog.RebuildAsync(cancellationToken);
        logger.LogInformation("Media library in {Root}; uploads up to {Limit}; ImageMagick coders {Coders}", storage.Root,
            MediaService.FormatBytes(pipeline.Options.MaxUploadBytes), string.Join(", ", MagickSecurity.AllowedCoders));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
