using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Nominations;

/// <summary>One candidate of a category on staff's screening list: every nomination of the same organization or person, counted as one entry.</summary>
public sealed record OutsideCandidate(Guid CategoryKey, string CategoryName, string Candidate, IReadOnlyList<OutsideNomination> Nominations)
{
    /// <summary>The nominations that count: every one confirmed and not refused.</summary>
    public int Count => Nominations.Count(n => n.State is not (OutsideNominationState.Refused or OutsideNominationState.Unconfirmed));
}

/// <summary>
/// Nominations by others: the public form and its confirmation link, staff's screening (accept, merge, refuse), and
/// the contact's invitation to take it up as an application or decline it. The nominator hears only neutral words,
/// and never anything of the nominee's entry.
/// </summary>
public sealed class OutsideNominationService(AwardsDbContext db, IEmailQueue emails, NominationService nominations, AwardCategories categories,
    CycleCatalog cycles, Notices.StaffNotices staffNotices, IOptions<CmsOptions> options, IHttpContextAccessor http, TimeProvider clock)
{
    public const string ConfirmTemplate = "nomination-confirm";

    public const string InviteTemplate = "nomination-invitation";

    public const string ClosedTemplate = "nomination-passed-on";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Whether the current cycle takes nominations by others in this category now: the category accepts them, is open
    /// in the cycle, and applications are open (a nomination taken up becomes an application).
    /// </summary>
    public (AwardCycle Cycle, AwardCategory Category)? OpenFor(Guid categoryKey)
    {
        var now = UtcNow;
        return cycles.Current is { } cycle && categories.Find(categoryKey) is { AcceptsNominationsByOthers: true } category && cycle.IsOpen(categoryKey)
            && now >= cycle.Dates.ApplicationsOpenUtc && now < cycle.Dates.ApplicationsCloseUtc
            ? (cycle, category)
            : null;
    }

    /// <summary>The public form's post. A success is said the same way whoever is nominated, so nobody learns who was already.</summary>
    public async Task<Attempt<OutsideNominationOperationStatus>> SubmitAsync(Guid categoryKey, string? nominatorName, string? nominatorEmail,
        string? relationship, string? organizationName, string? subjectName, string? contactEmail, string? reason, CancellationToken ct = default)
    {
        if (OpenFor(categoryKey) is not var (cycle, category))
        {
            return Attempt<OutsideNominationOperationStatus>.Fail(OutsideNominationOperationStatus.NotOpen, "This category does not take nominations at the moment.");
        }

        var (nomination, token, result) = OutsideNomination.Create(cycle.Id, category.Key, category.Name, category.Kind, nominatorName, nominatorEmail,
            relationship, organizationName, subjectName, contactEmail, reason, UtcNow);
        if (!result.Succeeded)
        {
            return result;
        }

        db.Add(nomination!);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await QueueAsync(ConfirmTemplate, nomination!.NominatorEmail, nomination, $"outside:{nomination.Key}:confirm", new()
        {
            ["confirmUrl"] = $"{BaseUrl()}/awards/nominate/confirm?token={Uri.EscapeDataString(token!)}",
            ["candidate"] = nomination.Candidate,
        }, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>The nominator's link: the nomination goes to staff's screening list.</summary>
    public async Task<Attempt<OutsideNominationOperationStatus>> ConfirmAsync(string? token, CancellationToken ct = default)
    {
        var hash = string.IsNullOrWhiteSpace(token) || token.Length > 200 ? null : OrganizationInvitation.HashToken(token.Trim());
        if (hash is null || await db.Set<OutsideNomination>().FirstOrDefaultAsync(n => n.ConfirmTokenHash == hash, ct) is not { } nomination)
        {
            return Attempt<OutsideNominationOperationStatus>.Fail(OutsideNominationOperationStatus.LinkNotValid,
                "This confirmation link is not valid. Check that the whole link from the email was opened.");
        }

        var wasNew = nomination.State == OutsideNominationState.Unconfirmed;
        var result = nomination.Confirm(UtcNow);
        if (!result.Succeeded || !wasNew)
        {
            return result;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await staffNotices.RecordAsync(Notices.StaffNoticeKind.Application,
            $"{nomination.NominatorName} ({OutsideNomination.Describe(nomination.Relationship)}) nominated {nomination.Candidate} in {nomination.CategoryName}: waiting for screening.",
            "/backoffice/awards/nominations/by-others", ct: ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Staff's list of a cycle: confirmed nominations, grouped by candidate per category, those waiting first.</summary>
    public async Task<IReadOnlyList<OutsideCandidate>> ScreeningListAsync(int cycleId, CancellationToken ct = default)
    {
        var rows = await db.Set<OutsideNomination>().AsNoTracking()
            .Where(n => n.CycleId == cycleId && n.State != OutsideNominationState.Unconfirmed).OrderBy(n => n.Id).ToListAsync(ct);
        return [.. rows.GroupBy(n => (n.CategoryKey, n.CandidateKey))
            .Select(g => new OutsideCandidate(g.Key.CategoryKey, g.First().CategoryName, g.First().Candidate, [.. g]))
            .OrderByDescending(c => c.Nominations.Any(n => n.CanScreen)).ThenBy(c => c.CategoryName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Candidate, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The nominations an application was taken up from (and those merged into them), for staff's view of the entry.</summary>
    public async Task<IReadOnlyList<OutsideNomination>> ForNominationAsync(int nominationId, CancellationToken ct = default) =>
        await db.Set<OutsideNomination>().AsNoTracking().Where(n => n.NominationId == nominationId).OrderBy(n => n.Id).ToListAsync(ct);

    /// <summary>Staff accept a nomination: its contact is invited, by email, to take it up.</summary>
    public async Task<Attempt<OutsideNominationOperationStatus>> AcceptAsync(Guid key, string actor, CancellationToken ct = default)
    {
        if (await db.Set<OutsideNomination>().FirstOrDefaultAsync(n => n.Key == key, ct) is not { } nomination)
        {
            return NotFound();
        }

        var (token, hash) = OrganizationInvitation.NewToken();
        var result = nomination.Accept(hash, actor, UtcNow);
        if (!result.Succeeded)
        {
            return result;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == nomination.CycleId, ct);
        await QueueAsync(InviteTemplate, nomination.ContactEmail, nomination, $"outside:{nomination.Key}:invite", new()
        {
            ["takeUpUrl"] = $"{BaseUrl()}/portal/nominated?token={Uri.EscapeDataString(token)}",
            ["registerUrl"] = $"{BaseUrl()}/portal/register",
            ["candidate"] = nomination.Candidate,
            ["relationship"] = OutsideNomination.Describe(nomination.Relationship),
            ["applicationsClose"] = cycle.Format(cycle.Dates.ApplicationsCloseUtc),
        }, ct);
        await transaction.CommitAsync(ct);
        return Attempt<OutsideNominationOperationStatus>.Ok;
    }

    /// <summary>Staff refuse a nomination with a reason for their record; the nominator hears only that it was passed on.</summary>
    public async Task<Attempt<OutsideNominationOperationStatus>> RefuseAsync(Guid key, string? reason, string actor, CancellationToken ct = default) =>
        await StepAsync(key, n => n.Refuse(reason, actor, UtcNow), tellNominator: true, ct);

    /// <summary>Staff merge a duplicate into another nomination of the same candidate and category.</summary>
    public async Task<Attempt<OutsideNominationOperationStatus>> MergeAsync(Guid key, Guid intoKey, string actor, CancellationToken ct = default)
    {
        if (await db.Set<OutsideNomination>().AsNoTracking().FirstOrDefaultAsync(n => n.Key == intoKey, ct) is not { } into)
        {
            return Attempt<OutsideNominationOperationStatus>.Invalid(OutsideNominationOperationStatus.ValidationFailed, "Into", "Choose the nomination to merge it into.");
        }

        return await StepAsync(key, n => n.MergeInto(into, actor, UtcNow), tellNominator: false, ct);
    }

    /// <summary>The invitation a contact's link opens, or null (unknown, used, or the cycle's applications have closed).</summary>
    public async Task<OutsideNomination?> FindInvitationAsync(string? token, CancellationToken ct = default)
    {
        var hash = string.IsNullOrWhiteSpace(token) || token.Length > 200 ? null : OrganizationInvitation.HashToken(token.Trim());
        return hash is null ? null : StillOpen(await db.Set<OutsideNomination>().AsNoTracking()
            .FirstOrDefaultAsync(n => n.InviteTokenHash == hash && n.State == OutsideNominationState.Invited, ct));
    }

    /// <summary>
    /// An open invitation sent to <paramref name="email"/>, by its key: the signed-in contact (whose address is confirmed)
    /// reaches it from the portal without the emailed link, for instance after registering first.
    /// </summary>
    public async Task<OutsideNomination?> FindInvitationForAsync(Guid key, string? email, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(email) ? null : StillOpen(await db.Set<OutsideNomination>().AsNoTracking()
            .FirstOrDefaultAsync(n => n.Key == key && n.State == OutsideNominationState.Invited && n.ContactEmail.ToLower() == email.ToLower(), ct));

    /// <summary>The open invitations sent to <paramref name="email"/>, for the contact's dashboard.</summary>
    public async Task<IReadOnlyList<OutsideNomination>> InvitationsForAsync(string? email, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return [];
        }

        var sent = await db.Set<OutsideNomination>().AsNoTracking()
            .Where(n => n.State == OutsideNominationState.Invited && n.ContactEmail.ToLower() == email.ToLower()).OrderBy(n => n.Id).ToListAsync(ct);
        return [.. sent.Select(StillOpen).OfType<OutsideNomination>()];
    }

    private OutsideNomination? StillOpen(OutsideNomination? invitation) =>
        invitation is not null && OpenFor(invitation.CategoryKey) is { } open && open.Cycle.Id == invitation.CycleId ? invitation : null;

    /// <summary>
    /// The contact takes the nomination up for their organization: an application in its category (the one the
    /// organization has there already, if any), with every nomination of the candidate attached for staff.
    /// </summary>
    public async Task<(Nomination? Nomination, Attempt<NominationOperationStatus> Result)> TakeUpAsync(OutsideNomination invitation, int organizationId,
        string? overview, string? subjectName, string? jobTitle, string? teamMembers, string actor, CancellationToken ct = default)
    {
        var rules = CategoryKinds.Of(invitation.Kind);
        var (subject, errors) = CategoryKinds.CheckSubject(rules, subjectName, jobTitle, teamMembers);
        if (errors.Count > 0)
        {
            return (null, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.ValidationFailed, errors.Values.First(), errors));
        }

        var (nomination, result) = await nominations.ApplyAsync(invitation.CycleId, organizationId, invitation.CategoryKey, invitation.CategoryName,
            overview, false, actor, ct, invitation.Kind, subject);
        if (nomination is null)
        {
            return (null, result);
        }

        await CloseAsync(invitation.Id, n => n.TakeUp(nomination.Id, UtcNow), ct);
        return (nomination, result.Status == NominationOperationStatus.AlreadyApplied ? Attempt<NominationOperationStatus>.Ok : result);
    }

    /// <summary>The contact declines; the nominator is told in the same neutral words as for any other outcome.</summary>
    public Task DeclineAsync(OutsideNomination invitation, CancellationToken ct = default) => CloseAsync(invitation.Id, n => n.Decline(UtcNow), ct);

    /// <summary>Closes an invitation and the nominations merged into it, and tells each nominator once.</summary>
    private async Task CloseAsync(int invitationId, Action<OutsideNomination> close, CancellationToken ct)
    {
        var group = await db.Set<OutsideNomination>().Where(n => n.Id == invitationId || n.MergedIntoId == invitationId).ToListAsync(ct);
        foreach (var nomination in group)
        {
            close(nomination);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var nomination in group)
        {
            await TellNominatorAsync(nomination, ct);
        }

        await transaction.CommitAsync(ct);
    }

    private async Task<Attempt<OutsideNominationOperationStatus>> StepAsync(Guid key, Func<OutsideNomination, Attempt<OutsideNominationOperationStatus>> step,
        bool tellNominator, CancellationToken ct)
    {
        if (await db.Set<OutsideNomination>().FirstOrDefaultAsync(n => n.Key == key, ct) is not { } nomination)
        {
            return NotFound();
        }

        var result = step(nomination);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (tellNominator)
        {
            await TellNominatorAsync(nomination, ct);
        }

        await transaction.CommitAsync(ct);
        return result;
    }

    private Task TellNominatorAsync(OutsideNomination nomination, CancellationToken ct) =>
        QueueAsync(ClosedTemplate, nomination.NominatorEmail, nomination, $"outside:{nomination.Key}:closed", new()
        {
            ["candidate"] = nomination.Candidate,
            ["winnersAnnouncedBy"] = cycles.All.FirstOrDefault(c => c.Id == nomination.CycleId) is { } cycle ? cycle.FormatDate(cycle.Dates.WinnersAnnouncedByUtc) : null,
        }, ct);

    private async Task QueueAsync(string template, string to, OutsideNomination nomination, string idempotencyKey, Dictionary<string, string?> model,
        CancellationToken ct)
    {
        model["nominatorName"] = nomination.NominatorName;
        model["categoryName"] = nomination.CategoryName;
        model["organizationName"] = nomination.OrganizationName;
        var queued = await emails.EnqueueAsync(EmailRequest.FromTemplate(template, to, model, idempotencyKey), db, ct);
        if (!queued.Succeeded)
        {
            throw new InvalidOperationException($"The {template} email could not be queued: {queued.Message}");
        }
    }

    private static Attempt<OutsideNominationOperationStatus> NotFound() =>
        Attempt<OutsideNominationOperationStatus>.Fail(OutsideNominationOperationStatus.NotFound, "That nomination does not exist.");

    private string BaseUrl() => PublicUrls.BaseUrl(http.HttpContext, options.Value);
}
