using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Judging;

/// <summary>A story attachment as a judge opens it: only through an assignment of theirs that is not recused; anything else is 404.</summary>
public static class JudgingApi
{
    public static IEndpointRouteBuilder MapJudging(this IEndpointRouteBuilder app)
    {
        app.MapGet("/backoffice/judging/{assignment:guid}/attachments/{file:guid}", async (Guid assignment, Guid file, int? width, bool? download, HttpContext http,
                AwardsDbContext db, StoryAttachments attachments, CancellationToken ct) =>
            {
                var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
                var nominationKey = await (from a in db.JudgeAssignments
                                           join j in db.Judges on a.JudgeId equals j.Id
                                           join n in db.Nominations on a.NominationId equals n.Id
                                           where a.Key == assignment && j.UserId == userId && a.ConflictDeclaredUtc == null
                                           select (Guid?)n.Key).FirstOrDefaultAsync(ct);
                return nominationKey is { } key ? await attachments.ServeAsync(key, null, file, width, download ?? false, ct) : Results.NotFound();
            })
            .RequireAuthorization(AwardsPolicies.Judging);
        return app;
    }
}
