using Microsoft.AspNetCore.Routing;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Web;

namespace SqmSite.Awards;

/// <summary>
/// The package's endpoints that are not pages, each feature's kept beside it; registered by <c>AddAwards()</c> as an
/// endpoint module, so the engine's <c>MapSqmCms()</c> maps them.
/// </summary>
internal sealed class AwardsEndpoints : IEndpointModule
{
    /// <summary>The organizations' private files (logo, story attachments), for the nominee, for staff and for the judges of an entry.</summary>
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapStoryAttachments();
        endpoints.MapOrganizationLogos();
        endpoints.MapJudging();
    }
}
