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
            .Validate(o => !o.S3.Enabled || !string.IsNullOrWhiteSpace(o.SigningKey),
                "SqmSite:Media:SigningKey must be set when the originals are in a bucket (SqmSite:Media:S3:Bucket): each instance has its own media root, and signed image URLs must verify on all of them.")
            .Validate(o => !o.S3.Enabled || string.IsNullOrWhiteSpace(o.S3.ServiceUrl) || Uri.TryCreate(o.S3.ServiceUrl, UriKind.Absolute, out _),
                "SqmSite:Media:S3:ServiceUrl must be an absolute address (http://host:port).")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            return new MediaStorage(MediaStorage.ResolveRoot(options.Root, contentRoot), Path.Combine(contentRoot, "wwwroot"),
                sp.GetRequiredService<ILogger<MediaStorage>>(), options.CacheRoot is { Length: > 0 } cache ? MediaStorage.ResolveRoot(cache, contentRoot) : null);
        });
        services.AddSingleton<IMediaOriginals>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            return options.S3.Enabled
                ? new S3Originals(options.S3, sp.GetRequiredService<ILogger<S3Originals>>())
                : new FolderOriginals(sp.GetRequiredService<MediaStorage>(), sp.GetRequiredService<ILogger<FolderOriginals>>());
        });
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
        services.AddNotificationHandler<Instances.ChangesFollowedNotification, MediaRenditionsFollower>();
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
/// Each instance caches renditions in its own folder: when another instance replaced or deleted a file, this one drops
/// what it made of the old one (the catalog was rebuilt just before). Renditions are named by version, so an old one is
/// never served; this is for the disk, and for a private file that was erased.
/// </summary>
internal sealed class MediaRenditionsFollower(MediaStorage storage, IMediaCatalog catalog) : INotificationHandler<Instances.ChangesFollowedNotification>
{
    /// <summary>The change-log row a private file's deletion writes (its key in the row).</summary>
    public const string PrivateDeleted = "media.private-deleted";

    public async Task HandleAsync(Instances.ChangesFollowedNotification notification, CancellationToken cancellationToken)
    {
        var media = await catalog.GetAsync(cancellationToken);
        foreach (var change in notification.Changes)
        {
            if (change.Kind is Content.ContentChangeKind.MediaSaved or Content.ContentChangeKind.MediaDeleted
                || (change.Kind == Content.ContentChangeKind.CacheChanged && change.ContentTypeAlias == PrivateDeleted && change.ContentKey != Guid.Empty))
            {
                storage.DropRenditions(change.ContentKey, media.ByKey(change.ContentKey)?.Version);
            }
        }
    }
}

/// <summary>
/// Runs after the engine's initializer (migrations): sets up ImageMagick's policy, loads the catalog, and removes
/// uploads a crash left half-way, so the first request finds everything ready.
/// </summary>
internal sealed class MediaInitializer(ImagePipeline pipeline, MediaStorage storage, IMediaOriginals originals, IMediaCatalog catalog, ILogger<MediaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        storage.CleanTemp(TimeSpan.FromHours(1));
        await catalog.RebuildAsync(cancellationToken);
        logger.LogInformation("Media library in {Root} (originals: {Originals}, renditions in {Cache}); uploads up to {Limit}; ImageMagick coders {Coders}", storage.Root,
            originals is S3Originals ? "a bucket" : "the folder", storage.Cache,
            MediaService.FormatBytes(pipeline.Options.MaxUploadBytes), string.Join(", ", MagickSecurity.AllowedCoders));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
