using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Media;

namespace SqmSite.Awards.Organizations;

/// <summary>An organization's private logo: its members see their own, staff see any.</summary>
public static class OrganizationLogosApi
{
    public static IEndpointRouteBuilder MapOrganizationLogos(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/organization/logo/{file:guid}", async (Guid file, int? width, HttpContext http, NomineeAccounts accounts,
                PrivateMediaFiles files, CancellationToken ct) =>
                await accounts.OrganizationOfAsync(http.User, ct) is { LogoMediaKey: { } logo } organization && logo == file
                    ? await files.ServeAsync(file, Organization.MediaOwner(organization.Key), width, download: false, ct)
                    : Results.NotFound())
            .RequireAuthorization(AwardsPolicies.Nominee);
        app.MapGet("/backoffice/awards/organizations/{key:guid}/logo/{file:guid}", async (Guid key, Guid file, int? width,
                PrivateMediaFiles files, CancellationToken ct) =>
                await files.ServeAsync(file, Organization.MediaOwner(key), width, download: false, ct))
            .RequireAuthorization(AwardsPolicies.Nominations);
        return app;
    }
}
