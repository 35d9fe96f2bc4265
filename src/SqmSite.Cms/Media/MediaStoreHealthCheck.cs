using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SqmSite.Cms.Media;

/// <summary>Ready only when the media store takes a file (written to its temp folder, read back and removed) and the originals' store answers.</summary>
internal sealed class MediaStoreHealthCheck(MediaStorage storage, IMediaOriginals originals) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = storage.NewTempPath();
        try
        {
            await File.WriteAllTextAsync(probe, "ready", cancellationToken);
            if (await File.ReadAllTextAsync(probe, cancellationToken) != "ready")
            {
                return HealthCheckResult.Unhealthy("The media store did not give back what was written.");
            }

            return await originals.ProblemAsync(cancellationToken) is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy();
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
