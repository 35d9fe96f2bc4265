using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Gala;

/// <summary>
/// The gala's emails, through the outbox inside the caller's transaction: invitations with personal links, each
/// person's confirmation (calendar file and door QR code attached), waiting-list news, offers and reminders.
/// </summary>
public sealed class GalaMailer(
    IEmailQueue emails,
    UserManager<BackofficeUser> users,
    AwardsDbContext db,
    IOptions<CmsOptions> options,
    IHttpContextAccessor http,
    TimeProvider clock,
    ILogger<GalaMailer> logger)
{
    /// <summary>Who an invitation is for, as people read it: the organization's official name or the guest's name.</summary>
    public async Task<string> InviteeNameAsync(GalaInvitation invitation, CancellationToken ct) =>
        InviteeName(invitation, await OrganizationNamesAsync([invitation], ct));

    /// <summary>The same for many invitations, with the organizations' names read once (<see cref="OrganizationNamesAsync"/>).</summary>
    public static string InviteeName(GalaInvitation invitation, IReadOnlyDictionary<int, string> organizationNames) =>
        invitation.OrganizationId is { } id ? organizationNames[id] : invitation.GuestName ?? "Guest";

    /// <summary>The official names of the organizations of <paramref name="invitations"/> (and of <paramref name="more"/>), in one query.</summary>
    public async Task<IReadOnlyDictionary<int, string>> OrganizationNamesAsync(IEnumerable<GalaInvitation> invitations, CancellationToken ct,
        IEnumerable<int>? more = null)
    {
        var ids = invitations.Where(i => i.OrganizationId != null).Select(i => i.OrganizationId!.Value).Union(more ?? []).ToList();
        return await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.OfficialName, ct);
    }

    /// <summary>The people an invitation's emails go to: the organization's members, or the guest.</summary>
    public async Task<IReadOnlyList<(string Name, string Email)>> ContactsAsync(GalaInvitation invitation, CancellationToken ct)
    {
        if (invitation.OrganizationId is not { } organizationId)
        {
            return invitation.GuestEmail is { } email ? [(invitation.GuestName ?? "", email)] : [];
        }

        var ids = await db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == organizationId).Select(m => m.UserId).ToListAsync(ct);
        var contacts = new List<(string, string)>();
        foreach (var id in ids)
        {
            if (await users.FindByIdAsync(id) is { Email: { } email } user)
            {
                contacts.Add((user.DisplayName ?? "", email));
            }
        }

        return contacts;
    }

    /// <summary>Sends the invitation to each contact who has no link yet, each with a personal link; returns how many were sent.</summary>
    internal async Task<int> QueueInvitationAsync(GalaEvent gala, GalaInvitation invitation, string cycleName, TimeZoneInfo zone, CancellationToken ct)
    {
        var sent = 0;
        var invitee = await InviteeNameAsync(invitation, ct);
        foreach (var (name, email) in await ContactsAsync(invitation, ct))
        {
            if (invitation.HasLinkFor(email))
            {
                continue;
            }

            var token = invitation.AddLink(email, gala.LinksExpireUtc, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            var model = Model(gala, zone, cycleName);
            model["contactName"] = name;
            model["inviteeName"] = invitee;
            model["seats"] = invitation.SeatsAllowed(gala).ToString(System.Globalization.CultureInfo.InvariantCulture);
            model["rsvpUrl"] = $"{BaseUrl()}/gala/rsvp?token={token}";
            model["requiredNote"] = invitation.IsRequiredToAttend
                ? "As a winner, at least one person of your organization must attend to receive the award."
                : "";
            await QueueAsync(new EmailRequest
            {
                TemplateAlias = "gala-invitation", To = [email], Model = model, Confidential = true,
                IdempotencyKey = $"gala:{gala.Id}:invitation:{invitation.Id}:{email.ToLowerInvariant()}",
            }, ct);
            sent++;
        }

        return sent;
    }

    /// <summary>One person's confirmation: the details, the door code, a calendar file and the QR code.</summary>
    internal async Task QueueConfirmationAsync(GalaEvent gala, GalaInvitation invitation, GalaAttendee person, CancellationToken ct)
    {
        var (cycleName, zone) = await CycleAsync(gala, ct);
        var model = Model(gala, zone, cycleName);
        model["attendeeName"] = person.Name;
        model["inviteeName"] = await InviteeNameAsync(invitation, ct);
        model["doorCode"] = person.DoorCodeText;
        await QueueAsync(new EmailRequest
        {
            TemplateAlias = "gala-confirmation", To = [person.Email], Model = model, Confidential = true,
            IdempotencyKey = $"gala:{gala.Id}:confirmation:{person.Key}:{person.Email.ToLowerInvariant()}:{person.RespondedUtc.Ticks}",
            Attachments = GalaTicket.Attachments(gala, person, cycleName, BaseUrl()),
        }, ct);
    }

    internal async Task QueueWaitingAsync(GalaEvent gala, GalaInvitation invitation, IReadOnlyList<GalaAttendee> waiting, int position, CancellationToken ct)
    {
        var (cycleName, zone) = await CycleAsync(gala, ct);
        foreach (var (name, email) in await ContactsAsync(invitation, ct))
        {
            var model = Model(gala, zone, cycleName);
            model["contactName"] = name;
            model["names"] = string.Join(", ", waiting.Select(w => w.Name));
            model["position"] = position.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await QueueAsync(EmailRequest.FromTemplate("gala-waiting", email, model, $"gala:{gala.Id}:waiting:{invitation.Id}:{waiting.Max(w => w.RespondedUtc).Ticks}:{email}"), ct);
        }
    }

    internal async Task QueueOffersAsync(GalaEvent gala, IReadOnlyList<(GalaInvitation Invitation, string Token, IReadOnlyList<GalaAttendee> People)> offers,
        CancellationToken ct)
    {
        if (offers.Count == 0)
        {
            return;
        }

        var (cycleName, zone) = await CycleAsync(gala, ct);
        foreach (var (invitation, token, people) in offers)
        {
            foreach (var (name, email) in await ContactsAsync(invitation, ct))
            {
                var model = Model(gala, zone, cycleName);
                model["contactName"] = name;
                model["names"] = string.Join(", ", people.Select(p => p.Name));
                model["offerUrl"] = $"{BaseUrl()}/gala/offer?token={token}";
                model["holdUntil"] = SiteTime.Format(invitation.OfferExpiresUtc!.Value, zone);
                await QueueAsync(new EmailRequest
                {
                    TemplateAlias = "gala-offer", To = [email], Model = model, Confidential = true,
                    IdempotencyKey = $"gala:{gala.Id}:offer:{invitation.OfferTokenHash}:{email.ToLowerInvariant()}",
                }, ct);
            }
        }
    }

    /// <summary>A winner's reminder that nobody is confirmed yet; <paramref name="key"/> makes each one once.</summary>
    internal async Task<int> QueueReminderAsync(GalaEvent gala, GalaInvitation invitation, string key, CancellationToken ct)
    {
        var (cycleName, zone) = await CycleAsync(gala, ct);
        var sent = 0;
        var days = Math.Max(0, (int)Math.Ceiling((gala.RsvpDeadlineUtc - clock.GetUtcNow().UtcDateTime).TotalDays));
        foreach (var (name, email) in await ContactsAsync(invitation, ct))
        {
            var model = Model(gala, zone, cycleName);
            model["contactName"] = name;
            model["inviteeName"] = await InviteeNameAsync(invitation, ct);
            model["daysLeft"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
            model["rsvpUrl"] = $"{BaseUrl()}/portal/gala";
            await QueueAsync(EmailRequest.FromTemplate("gala-reminder", email, model, $"gala:{gala.Id}:reminder:{invitation.Id}:{key}:{email.ToLowerInvariant()}"), ct);
            sent++;
        }

        return sent;
    }

    private async Task<(string Name, TimeZoneInfo Zone)> CycleAsync(GalaEvent gala, CancellationToken ct)
    {
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == gala.CycleId, ct);
        return (cycle.Name, cycle.TimeZone);
    }

    private static Dictionary<string, string?> Model(GalaEvent gala, TimeZoneInfo zone, string cycleName) => new()
    {
        ["cycleName"] = cycleName,
        ["galaDate"] = SiteTime.Format(gala.StartsUtc, zone),
        ["venue"] = gala.Venue,
        ["address"] = gala.Address,
        ["rsvpDeadline"] = SiteTime.Format(gala.RsvpDeadlineUtc, zone),
    };

    private async Task QueueAsync(EmailRequest request, CancellationToken ct)
    {
        var result = await emails.EnqueueAsync(request, db, ct);
        if (!result.Succeeded)
        {
            // The answer stands; a missing template must not stop the RSVP. Staff see it in the log.
            logger.LogError("The {Template} email was not queued: {Error}", request.TemplateAlias, result.Message);
        }
    }

    private string BaseUrl() => PublicUrls.BaseUrl(http.HttpContext, options.Value);
}
