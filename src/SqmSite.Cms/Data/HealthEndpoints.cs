using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Data;

/// <summary>
/// What a load balancer asks: <c>/health/live</c> (the process answers; no checks, so a slow database never gets a
/// healthy process restarted) and <c>/health/ready</c> (the checks tagged <see cref="ReadyTag"/>: the database and the
/// media store), 503 when one fails. Plain text, anonymous, never cached; no detail of what failed leaves the server,
/// the log has it.
/// </summary>
internal sealed class HealthEndpoints : IEndpointModule
{
    public const string ReadyTag = "ready";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous().DisableRateLimiting();
    }
}
