using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Judging;

/// <summary>How a judging step ended; every refusal a person can cause has a message.</summary>
public enum JudgingOperationStatus
{
    Success,
    Invalid,
    NotFound,

    /// <summary>The step does not fit the current state (a submitted sheet, a locked score set, a decided category).</summary>
    WrongState,

    /// <summary>Someone else changed it at the same moment (another tab, a colleague): reload.</summary>
    Conflict,
    LinkNotValid,
    NotSent,
}

/// <summary>A judge as staff's list shows them.</summary>
public sealed record JudgeRow(int Id, Guid Key, string Name, string Employer, string Email, IReadOnlyList<int> NeverJudge);

/// <summary>A pending judge invitation as staff see it.</summary>
public sealed record JudgeInvitationRow(Guid Key, string Name, string Email, DateTime SentUtc, DateTime ExpiresUtc);

/// <summary>
/// Judges: staff invite one by email (the outbox), the link makes the account with the Judge role and a profile, and
/// staff keep the profile's never-judge list. An address that already has a backoffice account becomes a judge at once.
/// </summary>
public sealed class JudgeService(AwardsDbContext db, UserManager<BackofficeUser> users, RoleManager<IdentityRole> roles, IEmailQueue emails,
    TimeProvider clock, ILogger<JudgeService> logger)
{
    public const string InvitationTemplateAlias = "judge-invitation";

    private const string LinkNotValidMessage = "This invitation is no longer valid; ask the awards team to send a new one.";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<JudgeRow>> ListAsync(CancellationToken ct = default)
    {
        var judges = await db.Judges.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct);
        var ids = judges.Select(j => j.UserId).ToList();
        var emails = await users.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
        return [.. judges.Select(j => new JudgeRow(j.Id, j.Key, j.Name, j.Employer, emails.GetValueOrDefault(j.UserId) ?? "", j.NeverJudge))];
    }

    public async Task<IReadOnlyList<JudgeInvitationRow>> PendingInvitationsAsync(CancellationToken ct = default)
    {
        var now = UtcNow;
        return await db.JudgeInvitations.AsNoTracking()
            .Where(i => i.AcceptedUtc == null && i.RevokedUtc == null && i.ExpiresUtc > now)
            .OrderBy(i => i.Name)
            .Select(i => new JudgeInvitationRow(i.Key, i.Name, i.Email, i.CreatedUtc, i.ExpiresUtc))
            .ToListAsync(ct);
    }

    /// <summary>The judge profile of a signed-in user, or null when they are not a judge.</summary>
    public Task<JudgeProfile?> ForUserAsync(string userId, CancellationToken ct = default) =>
        db.Judges.AsNoTracking().FirstOrDefaultAsync(j => j.UserId == userId, ct);

    public Task<JudgeProfile?> FindAsync(Guid key, CancellationToken ct = default) => db.Judges.AsNoTracking().FirstOrDefaultAsync(j => j.Key == key, ct);

    /// <summary>Invites a judge by email; an address with a backoffice account gets the role and a profile at once.</summary>
    public async Task<Attempt<JudgingOperationStatus>> InviteAsync(string? email, string? name, string? employer, string invitedBy, string baseUrl,
        CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var (checkedName, checkedEmployer) = CheckProfile(name, employer, errors);
        email = email?.Trim() ?? "";
        if (email.Length == 0)
        {
            errors["Email"] = "Enter the judge's email address.";
        }
        else if (email.Length > JudgeInvitation.MaxEmailLength || email.Any(char.IsWhiteSpace) || !new EmailAddressAttribute().IsValid(email))
        {
            errors["Email"] = "Enter a valid email address, such as name@example.org.";
        }

        if (errors.Count > 0)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, "Please correct the fields marked.", errors);
        }

        var now = UtcNow;
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            if (await users.IsInRoleAsync(existing, AwardsRoles.Nominee))
            {
                // A nominee's account never enters the backoffice; a judge needs a staff address of their own.
                return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "Email",
                    "This address belongs to a nominee's portal account. Judges need a separate address.");
            }

            await EnsureRoleAsync();
            if (!await users.IsInRoleAsync(existing, BackofficeRoles.Judge))
            {
                await users.AddToRoleAsync(existing, BackofficeRoles.Judge);
            }

            if (!await db.Judges.AnyAsync(j => j.UserId == existing.Id, ct))
            {
                db.Judges.Add(new JudgeProfile(existing.Id, checkedName, checkedEmployer, now));
                await db.SaveChangesAsync(ct);
            }

            return Attempt<JudgingOperationStatus>.Ok;
        }

        var normalized = users.NormalizeEmail(email);
        var (token, hash) = Organizations.OrganizationInvitation.NewToken();
        var invitation = new JudgeInvitation(email, normalized, checkedName, checkedEmployer, invitedBy, hash, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // An older invitation to the address gives way to this one (sending again): its link stops working.
            if (await db.JudgeInvitations.FirstOrDefaultAsync(i => i.NormalizedEmail == normalized && i.AcceptedUtc == null && i.RevokedUtc == null, ct) is { } open)
            {
                open.Revoke(now);
                await db.SaveChangesAsync(ct);
            }

            db.JudgeInvitations.Add(invitation);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Conflict, "Email", "An invitation to this address was sent a moment ago.");
        }

        var queued = await emails.EnqueueAsync(EmailRequest.FromTemplate(InvitationTemplateAlias, email, new Dictionary<string, string?>
        {
            ["judgeName"] = checkedName,
            ["acceptUrl"] = $"{baseUrl}/backoffice/judging/invitation?token={token}",
            ["expiresIn"] = JudgeInvitation.LifetimeText,
        }) with { Confidential = true }, db, ct);
        if (!queued.Succeeded)
        {
            logger.LogError("The judge invitation {Key} was not queued: {Error}", invitation.Key, queued.Message);
            db.ChangeTracker.Clear();
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.NotSent, "Email", "The invitation could not be sent to this address. Check it, or try again later.");
        }

        await transaction.CommitAsync(ct);
        return Attempt<JudgingOperationStatus>.Ok;
    }

    public async Task<Attempt<JudgingOperationStatus>> RevokeInvitationAsync(Guid key, CancellationToken ct = default)
    {
        var invitation = await db.JudgeInvitations.FirstOrDefaultAsync(i => i.Key == key, ct);
        if (invitation is null || !invitation.Revoke(UtcNow))
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That invitation is no longer open.");
        }

        await db.SaveChangesAsync(ct);
        return Attempt<JudgingOperationStatus>.Ok;
    }

    /// <summary>The invitation a link opens while it is pending (its name for the page), or null.</summary>
    public async Task<JudgeInvitation?> FindPendingAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return null;
        }

        var hash = Organizations.OrganizationInvitation.HashToken(token.Trim());
        var invitation = await db.JudgeInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invitation is not null && invitation.IsPending(UtcNow) ? invitation : null;
    }

    /// <summary>Accepts the invitation: a confirmed account with the Judge role (the link proves the address) and the judge's profile.</summary>
    public async Task<Attempt<BackofficeUser, JudgingOperationStatus>> AcceptAsync(string? token, string? password, string? confirmPassword, CancellationToken ct = default)
    {
        if (await FindPendingAsync(token, ct) is not { } invitation)
        {
            return Attempt<BackofficeUser, JudgingOperationStatus>.Fail(JudgingOperationStatus.LinkNotValid, LinkNotValidMessage);
        }

        var errors = new Dictionary<string, string>();
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
            return Attempt<BackofficeUser, JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, "Please correct the fields marked.", errors);
        }

        var now = UtcNow;
        var user = new BackofficeUser { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = invitation.Name, CreatedUtc = now };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                var field = error.Code.Contains("Password", StringComparison.Ordinal) ? "Password" : "";
                errors[field] = errors.TryGetValue(field, out var earlier) ? earlier + " " + error.Description : error.Description;
            }

            return Attempt<BackofficeUser, JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, "Please correct the fields marked.", errors);
        }

        try
        {
            await EnsureRoleAsync();
            await users.AddToRoleAsync(user, BackofficeRoles.Judge);
            invitation.Accept(now);
            db.Judges.Add(new JudgeProfile(user.Id, invitation.Name, invitation.Employer, now));
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Accepted or revoked in the meantime (a double submit): the link works once.
            db.ChangeTracker.Clear();
            await users.DeleteAsync(user);
            return Attempt<BackofficeUser, JudgingOperationStatus>.Fail(JudgingOperationStatus.LinkNotValid, LinkNotValidMessage);
        }
        catch
        {
            await users.DeleteAsync(user);
            throw;
        }

        logger.LogInformation("Judge invitation {Key} accepted", invitation.Key);
        return Attempt<BackofficeUser, JudgingOperationStatus>.Ok(user);
    }

    /// <summary>Staff correct a judge's name and employer and keep their never-judge list.</summary>
    public async Task<Attempt<JudgingOperationStatus>> UpdateProfileAsync(Guid key, string? name, string? employer, IEnumerable<int> neverJudge, CancellationToken ct = default)
    {
        var judge = await db.Judges.FirstOrDefaultAsync(j => j.Key == key, ct);
        if (judge is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That judge does not exist.");
        }

        var errors = new Dictionary<string, string>();
        var (checkedName, checkedEmployer) = CheckProfile(name, employer, errors);
        var ids = neverJudge.Distinct().ToList();
        var known = await db.Organizations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        if (known.Count != ids.Count)
        {
            errors["NeverJudge"] = "One of the organizations chosen no longer exists. Reload the page.";
        }

        if (errors.Count > 0)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, "Please correct the fields marked.", errors);
        }

        judge.Update(checkedName, checkedEmployer, ids);
        await db.SaveChangesAsync(ct);
        return Attempt<JudgingOperationStatus>.Ok;
    }

    private static (string Name, string Employer) CheckProfile(string? name, string? employer, Dictionary<string, string> errors)
    {
        var checkedName = TextLength.Check(name, "The name", JudgeProfile.NameMaxLength, "Enter the judge's name.");
        if (!checkedName.IsValid)
        {
            errors["Name"] = checkedName.Error!;
        }

        var checkedEmployer = TextLength.Check(employer, "The employer", JudgeProfile.EmployerMaxLength, "Enter the judge's employer (or \"Independent\").");
        if (!checkedEmployer.IsValid)
        {
            errors["Employer"] = checkedEmployer.Error!;
        }

        return (checkedName.Value ?? "", checkedEmployer.Value ?? "");
    }

    private async Task EnsureRoleAsync()
    {
        if (!await roles.RoleExistsAsync(BackofficeRoles.Judge))
        {
            await roles.CreateAsync(new IdentityRole(BackofficeRoles.Judge));
        }
    }
}
