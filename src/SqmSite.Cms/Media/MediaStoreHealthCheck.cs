using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SqmSite.Cms.Media;

/// <summary>Ready only when the media store takes a file: a file written to its temp folder, read back and removed.</summary>
internal sealed class MediaStoreHealthCheck(MediaStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = storage.NewTempPath();
        try
        {
            await File.WriteAllTextAsync(probe, "ready", cancellationToken);
            return await File.ReadAllTextAsync(probe, cancellationToken) == "ready" && Directory.Exists(storage.Originals)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The media store did not give back what was written, or its originals folder is gone.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The media store cannot be written.", ex);
        }
        finally
        {
            storage.DeleteTempQuietly(probe);
        }
    }
}
