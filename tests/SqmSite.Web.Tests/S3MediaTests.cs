using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;
using SqmSite.Cms.Scheduling;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>A site whose originals are in a real S3-compatible bucket (s3rver on loopback), with a rendition cache of its own.</summary>
public class S3SiteFactory : SiteFactory
{
    /// <summary>A key for the tests only (every instance must have the same one with a bucket).</summary>
    public const string SigningKey = "c3FtLXNpdGUtdGVzdHMtc2lnbmluZy1rZXktb2YtMzItYnl0ZXMh";

    public S3Server S3 { get; } = S3Server.StartAsync().GetAwaiter().GetResult();

    /// <summary>This instance's own rendition cache.</summary>
    public string CacheRoot { get; } = Directory.CreateTempSubdirectory("sqmsite-renditions-").FullName;

    public S3SiteFactory()
    {
    }

    protected S3SiteFactory(S3SiteFactory first) : base(first.Database)
    {
        S3 = first.S3;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:Media:CacheRoot", CacheRoot);
        builder.UseSetting("SqmSite:Media:SigningKey", SigningKey);
        builder.UseSetting("SqmSite:Media:S3:Bucket", S3.Bucket);
        builder.UseSetting("SqmSite:Media:S3:ServiceUrl", S3.Url);
        builder.UseSetting("SqmSite:Media:S3:AccessKey", S3Server.AccessKey);
        builder.UseSetting("SqmSite:Media:S3:SecretKey", S3Server.SecretKey);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (GetType() == typeof(S3SiteFactory))
        {
            await S3.DisposeAsync();
        }

        try
        {
            Directory.Delete(CacheRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A client of the bucket of the site's own, to look at it and to put objects in it.</summary>
    public AmazonS3Client Bucket() => new(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey), new AmazonS3Config
    {
        ServiceURL = S3.Url,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });
}

/// <summary>A second instance on the first one's database and bucket, with a media root and rendition cache of its own.</summary>
public sealed class S3SecondInstance(S3SiteFactory first) : S3SiteFactory(first)
{
    private readonly string _mediaRoot = Directory.CreateTempSubdirectory("sqmsite-media-second-").FullName;

    protected override string SearchRoot => Database.SearchRootFor("s3-second");

    protected override string InstanceName => "second";

    protected override TimeSpan FollowInterval => Database.IsPostgres ? TimeSpan.FromHours(1) : TimeSpan.FromMilliseconds(200);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:Media:Root", _mediaRoot);
    }
}

/// <summary>Originals in a bucket: uploads, renditions per instance, downloads, replacement, deletion, housekeeping.</summary>
public sealed class S3MediaTests(S3SiteFactory site) : IClassFixture<S3SiteFactory>
{
    [Fact]
    public async Task An_upload_goes_to_the_bucket_and_each_instance_renders_it_into_its_own_cache()
    {
        var item = await UploadAsync(TestImages.Png(800, 600), "Bucket picture.png");
        Assert.Contains("originals/" + item.StoredName, site.S3.Keys("originals/"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(site.Database.MediaRoot, "originals"), "*", SearchOption.AllDirectories));

        var urls = site.Services.GetRequiredService<MediaUrls>();
        var entry = (await site.Services.GetRequiredService<IMediaCatalog>().GetAsync()).ByKey(item.Key)!;
        var plain = urls.Url(entry, 320);
        var signed = urls.SignedUrl(entry, 333);
        var first = site.CreateClient();
        foreach (var url in new[] { plain, signed })
        {
            var response = await first.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("image/", response.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(2, RenditionFiles(site.CacheRoot, item.Key).Count);

        // The other instance: same bucket and key, its own folders. It renders from the bucket into its own cache.
        await using var second = new S3SecondInstance(site);
        await ((IAsyncLifetime)second).InitializeAsync();
        var client = second.CreateClient();
        foreach (var url in new[] { plain, signed })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, RenditionFiles(second.CacheRoot, item.Key).Count);

        // Replaced through the first: the old object leaves the bucket, and the second drops what it made of it.
        var replaced = await site.WithServicesAsync(s => s.GetRequiredService<MediaService>().ReplaceAsync(item.Id, new MemoryStream(TestImages.Jpeg(640, 480)), "Bucket picture.jpg", "test"));
        Assert.True(replaced.Succeeded, replaced.Message);
        Assert.DoesNotContain("originals/" + item.StoredName, site.S3.Keys("originals/"));
        Assert.Contains("originals/" + replaced.Value!.StoredName, site.S3.Keys("originals/"));
        var dropped = await Eventually.WithinAsync(() => Task.FromResult(RenditionFiles(second.CacheRoot, item.Key).Count == 0), TimeSpan.FromSeconds(5));
        Assert.True(dropped < TimeSpan.FromSeconds(5), "the second instance kept the renditions of the replaced file");

        // Deleted: gone from the bucket; both instances answer 404.
        var deleted = await site.WithServicesAsync(s => s.GetRequiredService<MediaService>().DeleteAsync(item.Id, "test"));
        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.DoesNotContain(site.S3.Keys("originals/"), k => k.EndsWith(replaced.Value.StoredName, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync(urls.Url(MediaEntry.From(replaced.Value), 320))).StatusCode);
    }

    [Fact]
    public async Task A_document_downloads_from_the_bucket_and_a_private_file_reads_back_and_is_erased_there()
    {
        var pdf = TestPdfs.Plain("Rules kept in a bucket");
        var document = await UploadAsync(pdf, "Bucket rules.pdf");
        var entry = MediaEntry.From(document);
        var response = await site.CreateClient().GetAsync(site.Services.GetRequiredService<MediaUrls>().Url(entry));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);

        var (key, bytes) = await site.WithServicesAsync(async s =>
        {
            var media = s.GetRequiredService<IPrivateMediaService>();
            var file = TestImages.Png(200, 100);
            var stored = await media.UploadPrivateAsync(new MemoryStream(file), "logo.png", null, "tests", "test");
            Assert.True(stored.Succeeded, stored.Message);
            await using var read = await media.OpenPrivateAsync(stored.Value!.Key, "tests");
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(file, copy.ToArray());
            return (stored.Value.Key, file.Length);
        });
        Assert.True(bytes > 0);
        var storedName = await site.WithServicesAsync(async s => (await s.GetRequiredService<IPrivateMediaService>().GetPrivateAsync(key, "tests"))!.StoredName);
        Assert.Contains("originals/" + storedName, site.S3.Keys("originals/"));
        Assert.True(await site.WithServicesAsync(s => s.GetRequiredService<IPrivateMediaService>().DeletePrivateAsync(key, "tests", "test")));
        Assert.DoesNotContain("originals/" + storedName, site.S3.Keys("originals/"));
    }

    [Fact]
    public async Task Housekeeping_deletes_objects_no_item_points_at_and_keeps_the_others_and_what_is_not_an_original()
    {
        var kept = await UploadAsync(TestImages.Png(100, 100), "Kept.png");
        using var bucket = site.Bucket();
        await bucket.PutObjectAsync(new PutObjectRequest { BucketName = site.S3.Bucket, Key = "originals/zz/orphan.png", ContentBody = "left by a crash", UseChunkEncoding = false });
        await bucket.PutObjectAsync(new PutObjectRequest { BucketName = site.S3.Bucket, Key = "backups/not-ours.txt", ContentBody = "someone else's", UseChunkEncoding = false });

        // A pass two hours on, so that every object is past the grace an upload in progress gets.
        var later = new ShiftedClock(TimeSpan.FromHours(2));
        var housekeeping = new Housekeeping(site.Services.GetRequiredService<IServiceScopeFactory>(), site.Services.GetRequiredService<IMediaOriginals>(),
            site.Services.GetRequiredService<IOptions<Cms.CmsOptions>>(), site.Services.GetRequiredService<IOptions<FormsOptions>>(), later, NullLogger<Housekeeping>.Instance);
        var report = await housekeeping.RunOnceAsync();
        Assert.Empty(report.FailedRules);
        Assert.True(report.OrphanedOriginals >= 1);
        var keys = site.S3.Keys();
        Assert.DoesNotContain("originals/zz/orphan.png", keys);
        Assert.Contains("originals/" + kept.StoredName, keys);
        Assert.Contains("backups/not-ours.txt", keys);
    }

    private async Task<MediaItem> UploadAsync(byte[] file, string name)
    {
        var uploaded = await site.WithServicesAsync(s => s.GetRequiredService<MediaService>().UploadAsync(new MemoryStream(file), name, "A picture in a bucket", null, "test"));
        Assert.True(uploaded.Succeeded, uploaded.Message);
        return uploaded.Value!;
    }

    private static List<string> RenditionFiles(string cacheRoot, Guid key)
    {
        var folder = Path.Combine(cacheRoot, key.ToString("N"));
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)] : [];
    }

    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}

/// <summary>The bucket down: readiness says so, the process stays live, an upload is refused with a message and nothing saved.</summary>
public sealed class S3MediaDownTests(S3SiteFactory site) : IClassFixture<S3SiteFactory>
{
    [Fact]
    public async Task With_the_bucket_down_readiness_is_503_liveness_200_and_an_upload_is_refused_cleanly()
    {
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var before = await site.WithServicesAsync(async s => (await s.GetRequiredService<MediaService>().SearchAsync(null, null, null, true, 1000)).Count);

        site.S3.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        var refused = await site.WithServicesAsync(s => s.GetRequiredService<MediaService>().UploadAsync(new MemoryStream(TestImages.Png(50, 50)), "Lost.png", "Nowhere to go", null, "test"));
        Assert.Equal(MediaOperationStatus.StoreUnavailable, refused.Status);
        Assert.Contains("Nothing was saved", refused.Message);
        Assert.Equal(before, await site.WithServicesAsync(async s => (await s.GetRequiredService<MediaService>().SearchAsync(null, null, null, true, 1000)).Count));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(site.Database.MediaRoot, "tmp")));

        // Through the backoffice's upload API: a 503 problem with the same words, never a 500.
        var editor = await site.SignedInAsync(Cms.Security.BackofficeRoles.Editor);
        editor.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var answer = await editor.PostFileAsync("/api/backoffice/media", "file", TestImages.Png(50, 50), "lost.png", new() { ["altText"] = "Nowhere" }, "/backoffice/media");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Contains("does not answer", await answer.Content.ReadAsStringAsync());
    }
}
