using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Nominations;

/// <summary>
/// Tells an organization's people what happened to a nomination, through the engine's outbox and inside the
/// step's own transaction: the email exists exactly when the change does.
/// </summary>
public sealed class NominationMailer(
    IEmailQueue emails,
    UserManager<BackofficeUser> users,
    AwardsDbContext db,
    IOptions<CmsOptions> options,
    IHttpContextAccessor http,
    Notices.StaffNotices staffNotices,
    ILogger<NominationMailer> logger)
{
    /// <summary>Queues the message that one recorded event calls for, if any, to every person of the organization.</summary>
    public async Task QueueAsync(Nomination nomination, AwardCycle cycle, NominationEventRecorded recorded, CancellationToken ct)
    {
        await NoticeStaffAsync(nomination, recorded.Kind, ct);
        var template = (recorded.Kind, nomination.State) switch
        {
            // An entry eligible on application (a certified practice, a kind without a checklist) hears it in one message.
            (NominationEventKind.Applied, NominationState.Eligible) => "application-eligible",
            (NominationEventKind.ChecklistReviewed, NominationState.Eligible) when nomination.ChecklistEntryKey is null => null,
            (NominationEventKind.Applied, _) => "application-received",
            (NominationEventKind.InterviewScheduled, _) => "interview-scheduled",
            (NominationEventKind.ChecklistReviewed, NominationState.Eligible) => "checklist-eligible",
            (NominationEventKind.ChecklistReviewed, NominationState.NotEligible) => "checklist-not-eligible",
            (NominationEventKind.DecisionReleased, NominationState.Finalist) => "finalist",
            (NominationEventKind.DecisionReleased, NominationState.NotSelected) => "not-selected",
            (NominationEventKind.StorySubmitted, _) => "story-submitted",
            (NominationEventKind.StoryReopened, _) => "story-reopened",
            (NominationEventKind.DeadlineExtended, _) => "deadline-extended",
            (NominationEventKind.OutcomeAnnounced, _) => nomination.AwardedUtc is null ? "outcome-not-winner" : "outcome-winner",
            _ => null,
        };
        if (template is null)
        {
            return;
        }

        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == nomination.OrganizationId, ct);
        var memberIds = await db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == organization.Id).Select(m => m.UserId).ToListAsync(ct);
        var baseUrl = BaseUrl();
        string Date(DateTime utc) => SiteTime.Format(utc, cycle.TimeZone);
        foreach (var userId in memberIds)
        {
            var user = await users.FindByIdAsync(userId);
            if (user?.Email is null)
            {
                continue;
            }

            var model = new Dictionary<string, string?>
            {
                ["contactName"] = user.DisplayName,
                ["organizationName"] = organization.OfficialName,
                ["categoryName"] = nomination.Title,
                ["cycleName"] = cycle.Name,
                ["reason"] = template == "application-eligible" ? nomination.EligibleWithoutChecklist : recorded.Entry.Reason,
                ["checklistDueDate"] = Date(nomination.DeadlineExtendedUntilUtc ?? cycle.Dates.ChecklistDueUtc),
                ["finalistsNotifiedBy"] = Date(cycle.Dates.FinalistsNotifiedByUtc),
                ["storyDueDate"] = Date(nomination.DeadlineExtendedUntilUtc ?? cycle.Dates.StoriesDueUtc),
                ["winnersAnnouncedBy"] = Date(cycle.Dates.WinnersAnnouncedByUtc),
                ["dashboardUrl"] = baseUrl + "/portal",
                ["storyUrl"] = $"{baseUrl}/portal/nominations/{nomination.Key}/story",
                ["nominationUrl"] = $"{baseUrl}/portal/nominations/{nomination.Key}",
                ["step"] = nomination.State == NominationState.Applied ? "eligibility checklist" : "nomination story",
                ["newDeadline"] = nomination.DeadlineExtendedUntilUtc is { } extended ? Date(extended) : null,
                ["interviewTime"] = nomination.InterviewUtc is { } interview ? Date(interview) : null,
                ["interviewer"] = nomination.Interviewer,
            };
            var result = await emails.EnqueueAsync(
                EmailRequest.FromTemplate(template, user.Email, model, $"nomination:{nomination.Key}:{recorded.Number}:{userId}"), db, ct);
            if (!result.Succeeded)
            {
                // The step itself stands; a missing template must not block the awards. Staff see it in the log.
                logger.LogError("The {Template} email for nomination {Key} was not queued: {Error}", template, nomination.Key, result.Message);
            }
        }
    }

    /// <summary>New applications, submitted checklists and stories are staff notices (per event or in the digest).</summary>
    private async Task NoticeStaffAsync(Nomination nomination, NominationEventKind recorded, CancellationToken ct)
    {
        var kind = recorded switch
        {
            NominationEventKind.Applied => Notices.StaffNoticeKind.Application,
            NominationEventKind.ChecklistSubmitted => Notices.StaffNoticeKind.ChecklistSubmitted,
            NominationEventKind.StorySubmitted => Notices.StaffNoticeKind.StorySubmitted,
            _ => (Notices.StaffNoticeKind?)null,
        };
        if (kind is null)
        {
            return;
        }

        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == nomination.OrganizationId).Select(o => o.OfficialName).FirstAsync(ct);
        var summary = kind switch
        {
            Notices.StaffNoticeKind.Application => $"{name} applied in {nomination.CategoryName}.",
            Notices.StaffNoticeKind.ChecklistSubmitted => $"{name} submitted the eligibility checklist for {nomination.CategoryName}.",
            _ => $"{name} submitted the nomination story for {nomination.CategoryName}.",
        };
        await staffNotices.RecordAsync(kind.Value, summary, $"/backoffice/awards/nominations/{nomination.Key}", ct: ct);
    }

    private string BaseUrl() => PublicUrls.BaseUrl(http.HttpContext, options.Value);
}
