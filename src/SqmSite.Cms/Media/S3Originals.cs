using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace SqmSite.Cms.Media;

/// <summary>Settings under "SqmSite:Media:S3": originals in an S3-compatible bucket (AWS, MinIO, Ceph, R2) when Bucket is set.</summary>
public sealed class S3MediaOptions
{
    /// <summary>The bucket; the originals stay in the media root's folder while this is empty.</summary>
    public string? Bucket { get; set; }

    /// <summary>The store's address for anything but AWS (<c>http://minio:9000</c>); AWS's regional endpoint when empty.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key and secret; when empty the SDK's usual sources (environment, instance role) are asked.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Keys of originals start with this, so the bucket may hold other things.</summary>
    public string Prefix { get; set; } = "originals/";

    /// <summary>Path-style addresses (<c>host/bucket/key</c>), which MinIO and most self-hosted stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Bucket);
}

/// <summary>
/// Originals in an S3-compatible bucket. A PUT is atomic in S3 (an object appears whole or not at all), which is what
/// the folder's rename gave. Checksums only where the protocol requires them, and no chunked uploads, so that stores
/// other than AWS accept the requests.
/// </summary>
internal sealed class S3Originals : IMediaOriginals, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly S3MediaOptions _options;
    private readonly ILogger<S3Originals> _logger;

    public S3Originals(S3MediaOptions options, ILogger<S3Originals> logger)
    {
        _options = options;
        _logger = logger;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 3,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _client = string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    private string KeyOf(string storedName)
    {
        // Stored names are made by the server ("ab/ab12….png"); anything else is a bug, never sent as a key.
        if (storedName.Contains("..", StringComparison.Ordinal) || storedName.StartsWith('/') || storedName.Contains('\\'))
        {
            throw new InvalidOperationException("A stored name points outside the originals.");
        }

        return _options.Prefix + storedName;
    }

    public async Task SaveAsync(string localFile, string storedName, CancellationToken ct)
    {
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = KeyOf(storedName),
            FilePath = localFile,
            ContentType = "application/octet-stream",
            UseChunkEncoding = false,
        }, ct);
    }

    public async Task<Stream?> OpenReadAsync(string storedName, CancellationToken ct)
    {
        try
        {
            var response = await _client.GetObjectAsync(_options.Bucket, KeyOf(storedName), ct);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string? storedName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(storedName))
        {
            return false;
        }

        try
        {
            await _client.DeleteObjectAsync(_options.Bucket, KeyOf(storedName), ct);
            return true;
        }
        catch (AmazonServiceException e)
        {
            _logger.LogWarning(e, "Could not delete the original {StoredName} from the bucket", storedName);
            return false;
        }
    }

    public async IAsyncEnumerable<string> ListWrittenBeforeAsync(DateTime utc, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, MaxKeys = 1000 };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.LastModified is { } modified && modified.ToUniversalTime() < utc && item.Key.Length > _options.Prefix.Length)
                {
                    yield return item.Key[_options.Prefix.Length..];
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, MaxKeys = 1 }, ct);
            return null;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or TaskCanceledException or IOException)
        {
            _logger.LogWarning(e, "The media bucket {Bucket} does not answer", _options.Bucket);
            return $"The media bucket {_options.Bucket} does not answer: {e.Message}";
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The object's body; disposing it ends the response.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.ContentLength;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
