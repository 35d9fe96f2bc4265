using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Nominations;

/// <summary>The story attachments' files, for the nominee (their organization's only) and for staff.</summary>
public static class StoryAttachmentsApi
{
    public static IEndpointRouteBuilder MapStoryAttachments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/nominations/{key:guid}/attachments/{file:guid}", async (Guid key, Guid file, int? width, bool? download, HttpContext http,
                NomineeAccounts accounts, StoryAttachments attachments, CancellationToken ct) =>
                await accounts.OrganizationOfAsync(http.User, ct) is { } organization
                    ? await attachments.ServeAsync(key, organization.Id, file, width, download ?? false, ct)
                    : Results.NotFound())
            .RequireAuthorization(AwardsPolicies.Nominee);
        app.MapGet("/backoffice/awards/nominations/{key:guid}/attachments/{file:guid}", async (Guid key, Guid file, int? width, bool? download,
                StoryAttachments attachments, CancellationToken ct) =>
                await attachments.ServeAsync(key, null, file, width, download ?? false, ct))
            .RequireAuthorization(AwardsPolicies.Nominations);
        return app;
    }
}
