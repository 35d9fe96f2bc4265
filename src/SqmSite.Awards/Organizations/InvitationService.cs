using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Organizations;

/// <summary>How an invitation step ended: sent, revoked or accepted is <see cref="Success"/>; the rest are refusals with a message.</summary>
public enum InvitationOperationStatus
{
    Success,

    /// <summary>A field is not right; see the errors.</summary>
    Invalid,

    /// <summary>This organization's invitation to the address is still pending: send it again instead.</summary>
    AlreadyPending,
    TooManyPending,

    /// <summary>Sent too recently (this invitation), or too many sent today (this organization): the site is not a mail cannon.</summary>
    TooSoon,

    /// <summary>No invitation of this organization has that key (another organization's answers the same).</summary>
    NotFound,

    /// <summary>Accepted or revoked already.</summary>
    NoLongerOpen,

    /// <summary>The link's token is unknown, expired, used or revoked.</summary>
    LinkNotValid,
    NotSent,
}

/// <summary>An open invitation as the organization's members see it.</summary>
public sealed record InvitationView(Guid Key, string Name, string Email, string InvitedBy, DateTime SentUtc, DateTime ExpiresUtc, bool Expired);

/// <summary>An invitation link that still works, with what its page shows.</summary>
public sealed record PendingInvitation(string Email, string Name, string OrganizationName);

/// <summary>
/// Members invite colleagues by email; the colleague accepts through the link, choosing a name and password, and
/// becomes a member. Each invitation and its email are saved in one transaction.
/// </summary>
public sealed class InvitationService(AwardsDbContext db, UserManager<BackofficeUser> users, RoleManager<IdentityRole> roles, IEmailQueue emails,
    TimeProvider clock, ILogger<InvitationService> logger)
{
    public const string TemplateAlias = "colleague-invitation";

    /// <summary>What an address that already has an account receives instead of a link (one account cannot be made twice).</summary>
    public const string AccountExistsTemplateAlias = "invitation-account-exists";

    private const string LinkNotValidMessage = "This invitation is no longer valid; ask your colleague to send a new one.";

    /// <summary>Invites a colleague of <paramref name="organization"/> on behalf of the member <paramref name="inviterUserId"/>.</summary>
    public async Task<Attempt<InvitationOperationStatus>> InviteAsync(Organization organization, string inviterUserId, string? name, string? email, string baseUrl,
        CancellationToken ct = default)
    {
        // The awards' one text rule (counted as a person counts; invisible-only input is blank).
        var checkedName = Nominations.TextLength.Check(name, "The name", OrganizationInvitation.MaxNameLength, "");
        name = checkedName.Value ?? "";
        email = email?.Trim() ?? "";
        var errors = new Dictionary<string, string>();
        if (!checkedName.IsValid)
        {
            errors["Name"] = $"Enter your colleague's name (at most {OrganizationInvitation.MaxNameLength} characters).";
        }

        if (email.Length == 0)
        {
            errors["Email"] = "Enter your colleague's email address.";
        }
        else if (email.Length > OrganizationInvitation.MaxEmailLength || !new EmailAddressAttribute().IsValid(email) || email.Any(char.IsWhiteSpace))
        {
            errors["Email"] = "Enter a valid email address, such as name@example.org.";
        }

        if (errors.Count > 0)
        {
            return Attempt<InvitationOperationStatus>.Fail(InvitationOperationStatus.Invalid, "Please correct the fields marked.", errors);
        }

        // An address with an account is invited like any other, so the page does not tell who has one; its holder is
        // told by email instead, without a link (SaveAndSendAsync).
        var normalized = users.NormalizeEmail(email);
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await db.OrganizationInvitations
            .FirstOrDefaultAsync(i => i.OrganizationId == organization.Id && i.NormalizedEmail == normalized && i.AcceptedUtc == null && i.RevokedUtc == null, ct);
        if (open is not null && open.IsPending(now))
        {
            return AlreadyPending(open.Email);
        }

        if (await PendingCountAsync(organization.Id, now, ct) >= OrganizationInvitation.MaxPending)
        {
            return TooManyPending();
        }

        if (await SentTodayAsync(organization.Id, now, ct) >= OrganizationInvitation.MaxSentPerDay)
        {
            return TooManyToday();
        }

        var (token, hash) = OrganizationInvitation.NewToken();
        if (open is null)
        {
            open = new OrganizationInvitation(organization.Id, email, normalized, name, inviterUserId, hash, now);
            db.OrganizationInvitations.Add(open);
        }
        else
        {
            // An expired invitation to the same address is renewed rather than kept beside a new one.
            open.Renew(name, inviterUserId, hash, now);
        }

        return await SaveAndSendAsync(organization, open, token, inviterUserId, baseUrl, ct) switch
        {
            { Status: InvitationOperationStatus.NoLongerOpen } => AlreadyPending(email),
            var result => result,
        };
    }

    /// <summary>Sends the invitation again with a new link; the link sent before stops working.</summary>
    public async Task<Attempt<InvitationOperationStatus>> ResendAsync(Organization organization, string inviterUserId, Guid key, string baseUrl, CancellationToken ct = default)
    {
        var invitation = await db.OrganizationInvitations.FirstOrDefaultAsync(i => i.Key == key && i.OrganizationId == organization.Id, ct);
        if (invitation is null)
        {
            return Attempt<InvitationOperationStatus>.Fail(InvitationOperationStatus.NotFound, "There is no such invitation.");
        }

        if (!invitation.IsOpen)
        {
            return NoLongerOpen(invitation.Email);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!invitation.IsPending(now) && await PendingCountAsync(organization.Id, now, ct) >= OrganizationInvitation.MaxPending)
        {
            return TooManyPending();
        }

        if (now - invitation.CreatedUtc < OrganizationInvitation.ResendAfter)
        {
            return Attempt<InvitationOperationStatus>.Fail(InvitationOperationStatus.TooSoon,
                $"The invitation to {invitation.Email} was sent less than {OrganizationInvitation.ResendAfter.TotalMinutes:0} minutes ago. Give it a little time to arrive (and check the spam folder) before sending it again.");
        }

        if (await SentTodayAsync(organization.Id, now, ct) >= OrganizationInvitation.MaxSentPerDay)
        {
            return TooManyToday();
        }

        var (token, hash) = OrganizationInvitation.NewToken();
        invitation.Renew(invitation.Name, inviterUserId, hash, now);
        return await SaveAndSendAsync(organization, invitation, token, inviterUserId, baseUrl, ct);
    }

    /// <summary>Withdraws an open invitation: its link stops working.</summary>
    public async Task<Attempt<InvitationOperationStatus>> RevokeAsync(int organizationId, Guid key, CancellationToken ct = default)
    {
        var invitation = await db.OrganizationInvitations.FirstOrDefaultAsync(i => i.Key == key && i.OrganizationId == organizationId, ct);
        if (invitation is null)
        {
            return Attempt<InvitationOperationStatus>.Fail(InvitationOperationStatus.NotFound, "There is no such invitation.");
        }

        if (!invitation.Revoke(clock.GetUtcNow().UtcDateTime))
        {
            return NoLongerOpen(invitation.Email);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return NoLongerOpen(invitation.Email);
        }

        return Attempt<InvitationOperationStatus>.Ok;
    }

    /// <summary>The organization's open invitations (pending, or expired and not yet sent again), newest first.</summary>
    public async Task<IReadOnlyList<InvitationView>> OpenAsync(int organizationId, CancellationToken ct = default)
    {
        var open = await db.OrganizationInvitations.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId && i.AcceptedUtc == null && i.RevokedUtc == null)
            .OrderByDescending(i => i.CreatedUtc).ThenByDescending(i => i.Id).ToListAsync(ct);
        var ids = open.Select(i => i.InvitedByUserId).Distinct().ToList();
        var inviters = await users.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. open.Select(i => new InvitationView(i.Key, i.Name, i.Email, inviters.GetValueOrDefault(i.InvitedByUserId) ?? "", i.CreatedUtc, i.ExpiresUtc,
            !i.IsPending(now)))];
    }

    /// <summary>The invitation a link's token opens, when it is still pending; null for anything else.</summary>
    public async Task<PendingInvitation?> FindPendingAsync(string? token, CancellationToken ct = default)
    {
        if (await FindByTokenAsync(token, ct) is not { } invitation)
        {
            return null;
        }

        var organizationName = await db.Organizations.Where(o => o.Id == invitation.OrganizationId).Select(o => o.OfficialName).FirstAsync(ct);
        return new PendingInvitation(invitation.Email, invitation.Name, organizationName);
    }

    /// <summary>
    /// Accepts the invitation: a confirmed account for the invited address (the link proves it), with the Nominee role
    /// and membership of the organization. Works once; a second try finds the link no longer valid.
    /// </summary>
    public async Task<Attempt<BackofficeUser, InvitationOperationStatus>> AcceptAsync(string? token, string? name, string? password, string? confirmPassword, CancellationToken ct = default)
    {
        if (await FindByTokenAsync(token, ct) is not { } invitation)
        {
            return LinkNotValid();
        }

        var checkedName = Nominations.TextLength.Check(name, "The name", OrganizationInvitation.MaxNameLength, "");
        name = checkedName.Value ?? "";
        var errors = new Dictionary<string, string>();
        if (!checkedName.IsValid)
        {
            errors["Name"] = $"Enter your name (at most {OrganizationInvitation.MaxNameLength} characters).";
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["Password"] = "Choose a password.";
        }
        else if (!string.Equals(password, confirmPassword, StringComparison.Ordinal))
        {
            errors["ConfirmPassword"] = "The two passwords are not the same.";
        }

        if (errors.Count > 0)
        {
            return Attempt<BackofficeUser, InvitationOperationStatus>.Fail(InvitationOperationStatus.Invalid, "Please correct the fields marked.", errors);
        }

        if (!await roles.RoleExistsAsync(AwardsRoles.Nominee))
        {
            await roles.CreateAsync(new IdentityRole(AwardsRoles.Nominee));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new BackofficeUser { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = name, CreatedUtc = now };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                if (error.Code.Contains("Password", StringComparison.Ordinal))
                {
                    errors["Password"] = errors.TryGetValue("Password", out var earlier) ? earlier + " " + error.Description : error.Description;
                }
                else
                {
                    errors[""] = error.Code is "DuplicateEmail" or "DuplicateUserName"
                        ? "There is already an account for this address. Sign in with it instead, or ask the awards team for help."
                        : error.Description;
                }
            }

            return Attempt<BackofficeUser, InvitationOperationStatus>.Fail(InvitationOperationStatus.Invalid, "Please correct the fields marked.", errors);
        }

        if (!invitation.Accept(user.Id, clock.GetUtcNow().UtcDateTime))
        {
            // It expired while the account was being made.
            await users.DeleteAsync(user);
            return LinkNotValid();
        }

        try
        {
            await users.AddToRoleAsync(user, AwardsRoles.Nominee);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.OrganizationMembers.Add(new OrganizationMember(invitation.OrganizationId, user.Id, isPrimaryContact: false, now));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Accepted, revoked or sent again in the meantime (a double submit): the invitation works once.
            db.ChangeTracker.Clear();
            await users.DeleteAsync(user);
            return LinkNotValid();
        }
        catch
        {
            // The account lives in the engine's store and the membership in the package's: undo the first if the second fails.
            await users.DeleteAsync(user);
            throw;
        }

        logger.LogInformation("Invitation {Key} accepted: a new member of organization {OrganizationId}", invitation.Key, invitation.OrganizationId);
        return Attempt<BackofficeUser, InvitationOperationStatus>.Ok(user);
    }

    private async Task<OrganizationInvitation?> FindByTokenAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return null;
        }

        var hash = OrganizationInvitation.HashToken(token.Trim());
        var invitation = await db.OrganizationInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invitation is not null && invitation.IsPending(clock.GetUtcNow().UtcDateTime) ? invitation : null;
    }

    private async Task<Attempt<InvitationOperationStatus>> SaveAndSendAsync(Organization organization, OrganizationInvitation invitation, string token, string inviterUserId,
        string baseUrl, CancellationToken ct)
    {
        var inviter = await users.FindByIdAsync(inviterUserId);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request invited the same address, or changed this invitation, a moment earlier.
            db.ChangeTracker.Clear();
            return NoLongerOpen(invitation.Email);
        }

        var invitedBy = string.IsNullOrWhiteSpace(inviter?.DisplayName) ? inviter?.Email : inviter.DisplayName;
        var request = await users.FindByEmailAsync(invitation.Email) is { } holder
            ? EmailRequest.FromTemplate(AccountExistsTemplateAlias, invitation.Email, new Dictionary<string, string?>
            {
                ["contactName"] = string.IsNullOrWhiteSpace(holder.DisplayName) ? holder.Email : holder.DisplayName,
                ["invitedBy"] = invitedBy,
                ["organizationName"] = organization.OfficialName,
                ["signInUrl"] = await users.IsInRoleAsync(holder, AwardsRoles.Nominee) ? $"{baseUrl}/portal/login" : $"{baseUrl}/backoffice/login",
            })
            : EmailRequest.FromTemplate(TemplateAlias, invitation.Email, new Dictionary<string, string?>
            {
                ["invitedBy"] = invitedBy,
                ["organizationName"] = organization.OfficialName,
                ["acceptUrl"] = $"{baseUrl}/portal/invitation?token={token}",
                ["expiresIn"] = OrganizationInvitation.LifetimeText,
            });
        request = request with { Confidential = true };
        var queued = await emails.EnqueueAsync(request, db, ct);
        if (!queued.Succeeded)
        {
            logger.LogError("The invitation email for {Key} was not queued: {Error}", invitation.Key, queued.Message);
            db.ChangeTracker.Clear();
            return Attempt<InvitationOperationStatus>.Invalid(InvitationOperationStatus.NotSent, "Email", "The invitation could not be sent to this address. Check it, or try again later.");
        }

        await transaction.CommitAsync(ct);
        return Attempt<InvitationOperationStatus>.Ok;
    }

    private Task<int> PendingCountAsync(int organizationId, DateTime now, CancellationToken ct) => db.OrganizationInvitations
        .CountAsync(i => i.OrganizationId == organizationId && i.AcceptedUtc == null && i.RevokedUtc == null && i.ExpiresUtc > now, ct);

    /// <summary>Invitation emails sent in the last day: new ones and ones sent again (sending again renews the row's time).</summary>
    private Task<int> SentTodayAsync(int organizationId, DateTime now, CancellationToken ct) => db.OrganizationInvitations
        .CountAsync(i => i.OrganizationId == organizationId && i.CreatedUtc > now.AddDays(-1), ct);

    private static Attempt<InvitationOperationStatus> TooManyToday() => Attempt<InvitationOperationStatus>.Fail(InvitationOperationStatus.TooSoon,
        $"Your organization has sent {OrganizationInvitation.MaxSentPerDay} invitations in the last day, the most it may send. Try again tomorrow.");

    private static Attempt<InvitationOperationStatus> TooManyPending() => Attempt<InvitationOperationStatus>.Fail(InvitationOperationStatus.TooManyPending,
        $"Your organization has {OrganizationInvitation.MaxPending} pending invitations, the most it may have at one time. Revoke one, or wait until some are accepted or expire.");

    private static Attempt<InvitationOperationStatus> AlreadyPending(string email) => Attempt<InvitationOperationStatus>.Invalid(InvitationOperationStatus.AlreadyPending, "Email",
        $"You have already invited {email} and the invitation is still pending. To send the link again, use “Send again” next to it under Pending invitations.");

    private static Attempt<InvitationOperationStatus> NoLongerOpen(string email) => Attempt<InvitationOperationStatus>.Fail(InvitationOperationStatus.NoLongerOpen,
        $"The invitation to {email} was accepted or revoked already.");

    private static Attempt<BackofficeUser, InvitationOperationStatus> LinkNotValid() => Attempt<BackofficeUser, InvitationOperationStatus>.Fail(InvitationOperationStatus.LinkNotValid, LinkNotValidMessage);
}
