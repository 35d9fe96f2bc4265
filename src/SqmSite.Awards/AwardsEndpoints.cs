using Microsoft.AspNetCore.Builder;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;

namespace SqmSite.Awards;

/// <summary>Maps the package's endpoints that are not pages; each feature keeps its own beside it.</summary>
public static class AwardsEndpoints
{
    /// <summary>The organizations' private files (logo, story attachments), for the nominee and for staff.</summary>
    public static WebApplication MapAwards(this WebApplication app)
    {
        app.MapStoryAttachments();
        app.MapOrganizationLogos();
        return app;
    }
}
