using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;

namespace SqmSite.Awards.Gala;

/// <summary>What a gala operation ended in; each failure a person can cause has a message in the site's words.</summary>
public enum GalaOperationStatus
{
    Success,
    NotFound,
    Invalid,
    DeadlinePassed,
    LinkNotValid,
    LinkExpired,

    /// <summary>A winner's answer would leave nobody coming; the person must confirm they were told one is required.</summary>
    AttendeeRequired,
    WrongState,
}

/// <summary>One row of the RSVP form: an existing person (by key) or a new one, coming or not.</summary>
public sealed record AttendeeInput(Guid? Key, string? Name, string? Email, string? JobTitle, string? Dietary, string? Accessibility, bool Coming)
{
    public bool IsBlank => Key is null && !Coming && TextLength.IsBlank(Name) && TextLength.IsBlank(Email) && TextLength.IsBlank(JobTitle)
                           && TextLength.IsBlank(Dietary) && TextLength.IsBlank(Accessibility);
}

/// <summary>What an answer did: who has a seat, who waits, and the place of the party on the waiting list.</summary>
public sealed record RsvpOutcome(int Seated, int Waiting, int? WaitingPosition, bool NobodyComing)
{
    public string Describe() => (Seated, Waiting, NobodyComing) switch
    {
        (_, _, true) => "Your answer is saved: nobody from your party is coming.",
        (_, > 0, _) => $"Your answer is saved. {Plural(Seated, "person has a seat", "people have seats")}; the gala is full, so {Plural(Waiting, "person waits", "people wait")} on the waiting list together (place {WaitingPosition}). We email you when seats free up.",
        _ => $"Your answer is saved: {Plural(Seated, "person has a seat", "people have seats")}. Each person gets a confirmation email with the calendar entry and a QR code for the door.",
    };

    private static string Plural(int n, string one, string many) => n == 1 ? "1 " + one : $"{n} " + many;
}

/// <summary>
/// Answers to gala invitations, person by person, and the waiting list. Every change to seats runs inside the gala's
/// lock (<see cref="GalaLock"/>), so capacity holds however many answer at once; the emails are queued in the same
/// transaction. Waiting parties are offered seats in the order they joined, a party only when all of it fits
/// (a smaller party behind one that does not fit goes first), with the seats held for <see cref="OfferHold"/>.
/// </summary>
public sealed class RsvpService(AwardsDbContext db, GalaMailer mailer, Notices.StaffNotices staffNotices, TimeProvider clock)
{
    public static readonly TimeSpan OfferHold = TimeSpan.FromHours(48);

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The invitation a personal link opens, or null when the token is unknown, tampered or past its expiry (the day
    /// after the dinner). The link is the key: guests have no account.
    /// </summary>
    public async Task<GalaInvitation?> FindByLinkAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Organizations.OrganizationInvitation.HashToken(token.Trim());
        var invitation = await db.Set<GalaInvitation>().AsNoTracking().FirstOrDefaultAsync(i => i.Links.Any(l => l.TokenHash == hash), ct);
        return invitation?.Links.First(l => l.TokenHash == hash).ExpiresUtc > UtcNow ? invitation : null;
    }

    public Task<GalaEvent?> GalaAsync(int galaId, CancellationToken ct = default) =>
        db.Set<GalaEvent>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == galaId, ct);

    /// <summary>The invitation of an organization to a cycle's gala, for its signed-in people.</summary>
    public async Task<GalaInvitation?> ForOrganizationAsync(int organizationId, int cycleId, CancellationToken ct = default) =>
        await (from i in db.Set<GalaInvitation>().AsNoTracking()
               join g in db.Set<GalaEvent>() on i.GalaId equals g.Id
               where i.OrganizationId == organizationId && g.CycleId == cycleId
               select i).FirstOrDefaultAsync(ct);

    /// <summary>An invitation's people, in the order they were added.</summary>
    public async Task<IReadOnlyList<GalaAttendee>> PeopleAsync(int invitationId, CancellationToken ct = default) =>
        await db.Set<GalaAttendee>().AsNoTracking().Where(a => a.InvitationId == invitationId).OrderBy(a => a.Id).ToListAsync(ct);

    /// <summary>The seats of a gala now.</summary>
    public Task<SeatCount> SeatsAsync(GalaEvent gala, CancellationToken ct = default) => SeatCount.ReadAsync(db, gala, UtcNow, null, ct);

    /// <summary>
    /// Saves an invitation's answer: each row accepted, declined, changed or substituted. New people get a seat when
    /// one is free (a winner's first person always does), else wait together as one party. A winner whose answer leaves
    /// nobody coming must pass <paramref name="confirmNobodyComing"/>; staff are told at once.
    /// </summary>
    public async Task<Attempt<RsvpOutcome, GalaOperationStatus>> SaveAsync(int invitationId, IReadOnlyList<AttendeeInput> rows, bool confirmNobodyComing,
        CancellationToken ct = default)
    {
        var now = UtcNow;
        var invitation = await db.Set<GalaInvitation>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == invitationId, ct);
        var gala = invitation is null ? null : await db.Set<GalaEvent>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == invitation.GalaId, ct);
        if (invitation is null || gala is null)
        {
            return Fail(GalaOperationStatus.NotFound, "That invitation does not exist.");
        }

        if (!gala.RsvpOpen(now))
        {
            return Fail(GalaOperationStatus.DeadlinePassed,
                "Answers closed at the RSVP deadline. To change who comes now, write to us: nothing you confirmed before has changed.");
        }

        var (checkedRows, errors) = Check(rows, invitation.SeatsAllowed(gala));
        if (errors.Count > 0)
        {
            return Fail(GalaOperationStatus.Invalid, "Nothing was changed: please correct the fields marked below.", errors);
        }

        var coming = checkedRows.Count(r => r.Coming);
        if (invitation.IsRequiredToAttend && coming == 0 && !confirmNobodyComing)
        {
            return Attempt<RsvpOutcome, GalaOperationStatus>.Fail(GalaOperationStatus.AttendeeRequired,
                "Your organization won an award: at least one person must attend the gala to receive it. Nothing was changed.",
                new Dictionary<string, string> { ["ConfirmNobodyComing"] = "If really nobody can come, tick the box and save again; we will be in touch about receiving the award." });
        }

        await using var transaction = await GalaLock.BeginAsync(db, gala.Id, ct);
        var lockedGala = await db.Set<GalaEvent>().FirstAsync(g => g.Id == gala.Id, ct);
        var lockedInvitation = await db.Set<GalaInvitation>().FirstAsync(i => i.Id == invitationId, ct);
        var people = await db.Set<GalaAttendee>().Where(a => a.InvitationId == invitationId).OrderBy(a => a.Id).ToListAsync(ct);
        if (checkedRows.Where(r => r.Key is not null).Any(r => people.All(p => p.Key != r.Key)))
        {
            return Fail(GalaOperationStatus.WrongState, "Someone changed this answer meanwhile. Nothing was saved: the page now shows the answer as it stands.");
        }

        var hadSeats = people.Count(p => p.HoldsSeat(now));
        var confirmations = new List<GalaAttendee>();
        var newcomers = new List<GalaAttendee>();
        foreach (var row in checkedRows)
        {
            var person = row.Key is { } key ? people.First(p => p.Key == key) : null;
            if (!row.Coming)
            {
                person?.Decline(now);
                continue;
            }

            if (person is null)
            {
                person = new GalaAttendee(gala.Id, invitationId, row.Details!, now);
                db.Add(person);
                people.Add(person);
            }
            else
            {
                var changed = person.Name != row.Details!.Name || !string.Equals(person.Email, row.Details.Email, StringComparison.OrdinalIgnoreCase);
                person.Change(row.Details, now);
                if (person.Status == AttendeeStatus.Accepted)
                {
                    if (changed)
                    {
                        confirmations.Add(person);
                    }

                    continue;
                }

                if (person.HoldsSeat(now))
                {
                    // Saving the answer while seats are offered confirms them.
                    person.Accept(now);
                    confirmations.Add(person);
                    continue;
                }

                if (person.IsWaiting)
                {
                    continue;
                }
            }

            newcomers.Add(person);
        }

        if (people.All(p => !p.HoldsSeat(now) || p.Status != AttendeeStatus.Offered))
        {
            lockedInvitation.CloseOffer();
        }

        await db.SaveChangesAsync(ct);

        // Parties already waiting come first for what the declines freed; then this answer's new people.
        var offers = await PromoteAsync(lockedGala, now, ct);
        var seats = await SeatCount.ReadAsync(db, lockedGala, now, invitationId, ct);
        var mine = people.Count(p => p.HoldsSeat(now));
        var winner = seats.IsWinner(lockedInvitation);
        var free = seats.Capacity - seats.Held - seats.ReservedForWinners - mine - (winner && mine == 0 ? 1 : 0);
        var queue = new Queue<GalaAttendee>(newcomers);
        if (winner && mine == 0 && queue.Count > 0)
        {
            // The winner's reserved seat.
            var first = queue.Dequeue();
            first.Accept(now);
            confirmations.Add(first);
        }

        var waitingSince = people.Where(p => p.IsWaiting).Select(p => p.WaitingSinceUtc).Min() ?? now;
        if (queue.Count <= free)
        {
            foreach (var person in queue)
            {
                person.Accept(now);
                confirmations.Add(person);
            }
        }
        else
        {
            foreach (var person in queue)
            {
                person.Wait(waitingSince);
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var person in confirmations.Distinct())
        {
            await mailer.QueueConfirmationAsync(lockedGala, lockedInvitation, person, ct);
        }

        var waiting = people.Where(p => p.IsWaiting).ToList();
        int? position = waiting.Count > 0 ? await WaitingPositionAsync(lockedGala.Id, invitationId, ct) : null;
        if (waiting.Count > 0 && queue.Count > 0 && waiting.Any(w => queue.Contains(w)))
        {
            await mailer.QueueWaitingAsync(lockedGala, lockedInvitation, waiting, position!.Value, ct);
        }

        await mailer.QueueOffersAsync(lockedGala, offers, ct);
        var nobody = people.All(p => !p.HoldsSeat(now) && !p.IsWaiting);
        if (lockedInvitation.IsRequiredToAttend && nobody)
        {
            await staffNotices.RecordAsync(Notices.StaffNoticeKind.GalaWinnerWithoutAttendee,
                $"{await mailer.InviteeNameAsync(lockedInvitation, ct)} answered that nobody can come to the gala (it won an award; {hadSeats} seat(s) were held before).",
                "/backoffice/awards/gala", urgent: true, ct: ct);
        }

        await transaction.CommitAsync(ct);
        return Attempt<RsvpOutcome, GalaOperationStatus>.Ok(new RsvpOutcome(people.Count(p => p.HoldsSeat(now)), waiting.Count, position, nobody));
    }

    /// <summary>
    /// The link of a waiting-list offer: confirms or gives back the held seats. It works once; a used, replaced or
    /// tampered link is <see cref="GalaOperationStatus.LinkNotValid"/>, one past its hold <see cref="GalaOperationStatus.LinkExpired"/>.
    /// </summary>
    public async Task<Attempt<int, GalaOperationStatus>> AnswerOfferAsync(string? token, bool accept, CancellationToken ct = default)
    {
        var now = UtcNow;
        var found = await FindOfferAsync(token, ct);
        if (found is null)
        {
            return Attempt<int, GalaOperationStatus>.Fail(GalaOperationStatus.LinkNotValid, "This link is not valid: it was already used, or a newer one replaced it.");
        }

        var (invitation, _) = found.Value;
        await using var transaction = await GalaLock.BeginAsync(db, invitation.GalaId, ct);
        var gala = await db.Set<GalaEvent>().FirstAsync(g => g.Id == invitation.GalaId, ct);
        var locked = await db.Set<GalaInvitation>().FirstAsync(i => i.Id == invitation.Id, ct);
        if (locked.OfferTokenHash != invitation.OfferTokenHash)
        {
            return Attempt<int, GalaOperationStatus>.Fail(GalaOperationStatus.LinkNotValid, "This link is not valid: it was already used, or a newer one replaced it.");
        }

        var offered = await db.Set<GalaAttendee>().Where(a => a.InvitationId == locked.Id && a.Status == AttendeeStatus.Offered).ToListAsync(ct);
        if (locked.OfferExpiresUtc <= now || offered.Count == 0 || offered.Any(a => !a.HoldsSeat(now)))
        {
            await PromoteAsync(gala, now, ct);
            await transaction.CommitAsync(ct);
            return Attempt<int, GalaOperationStatus>.Fail(GalaOperationStatus.LinkExpired,
                "This offer has expired: the seats were held for 48 hours and have gone to the next party on the waiting list.");
        }

        foreach (var person in offered)
        {
            if (accept)
            {
                person.Accept(now);
            }
            else
            {
                person.Decline(now);
            }
        }

        locked.CloseOffer();
        await db.SaveChangesAsync(ct);
        if (accept)
        {
            foreach (var person in offered)
            {
                await mailer.QueueConfirmationAsync(gala, locked, person, ct);
            }
        }
        else
        {
            await mailer.QueueOffersAsync(gala, await PromoteAsync(gala, now, ct), ct);
        }

        await transaction.CommitAsync(ct);
        return Attempt<int, GalaOperationStatus>.Ok(offered.Count);
    }

    /// <summary>The invitation and its held people that an offer link opens, or null.</summary>
    public async Task<(GalaInvitation Invitation, IReadOnlyList<GalaAttendee> Offered)?> FindOfferAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Organizations.OrganizationInvitation.HashToken(token.Trim());
        var invitation = await db.Set<GalaInvitation>().AsNoTracking().FirstOrDefaultAsync(i => i.OfferTokenHash == hash, ct);
        if (invitation is null)
        {
            return null;
        }

        var offered = await db.Set<GalaAttendee>().AsNoTracking().Where(a => a.InvitationId == invitation.Id && a.Status == AttendeeStatus.Offered)
            .OrderBy(a => a.Id).ToListAsync(ct);
        return (invitation, offered);
    }

    /// <summary>
    /// The background pass and staff's changes: lapses offers past their hold and offers freed seats to the waiting
    /// parties, in order, in one locked transaction. Returns how many parties were offered seats.
    /// </summary>
    public async Task<int> PromoteDueAsync(int galaId, CancellationToken ct = default)
    {
        await using var transaction = await GalaLock.BeginAsync(db, galaId, ct);
        var gala = await db.Set<GalaEvent>().FirstAsync(g => g.Id == galaId, ct);
        var offers = await PromoteAsync(gala, UtcNow, ct);
        await mailer.QueueOffersAsync(gala, offers, ct);
        await transaction.CommitAsync(ct);
        return offers.Count;
    }

    /// <summary>The party's place on the waiting list (1 is next), counting parties that joined before it.</summary>
    public async Task<int> WaitingPositionAsync(int galaId, int invitationId, CancellationToken ct = default)
    {
        var parties = await WaitingPartiesAsync(galaId, ct);
        return parties.FindIndex(p => p.InvitationId == invitationId) + 1;
    }

    /// <summary>Inside the lock: lapses expired offers, then offers seats to the waiting parties that fit, in order.</summary>
    internal async Task<IReadOnlyList<(GalaInvitation Invitation, string Token, IReadOnlyList<GalaAttendee> People)>> PromoteAsync(GalaEvent gala, DateTime now,
        CancellationToken ct)
    {
        var lapsed = await db.Set<GalaAttendee>().Where(a => a.GalaId == gala.Id && a.Status == AttendeeStatus.Offered && a.HoldUntilUtc <= now).ToListAsync(ct);
        foreach (var person in lapsed)
        {
            person.Lapse();
        }

        var lapsedInvitations = lapsed.Select(l => l.InvitationId).Distinct().ToList();
        foreach (var invitation in await db.Set<GalaInvitation>().Where(i => lapsedInvitations.Contains(i.Id)).ToListAsync(ct))
        {
            invitation.CloseOffer();
        }

        await db.SaveChangesAsync(ct);
        var offers = new List<(GalaInvitation, string, IReadOnlyList<GalaAttendee>)>();
        var seats = await SeatCount.ReadAsync(db, gala, now, null, ct);
        var free = seats.Free;
        foreach (var party in await WaitingPartiesAsync(gala.Id, ct))
        {
            var invitation = await db.Set<GalaInvitation>().FirstAsync(i => i.Id == party.InvitationId, ct);
            var people = await db.Set<GalaAttendee>().Where(a => a.InvitationId == invitation.Id).ToListAsync(ct);
            var waiting = people.Where(p => p.IsWaiting).ToList();
            var reservedForIt = seats.IsWinner(invitation) && !people.Any(p => p.HoldsSeat(now)) ? 1 : 0;
            var need = waiting.Count - reservedForIt;
            if (need > free)
            {
                continue;
            }

            free -= need;
            var holdUntil = now + OfferHold;
            foreach (var person in waiting)
            {
                person.Offer(holdUntil);
            }

            offers.Add((invitation, invitation.OpenOffer(holdUntil), waiting));
        }

        await db.SaveChangesAsync(ct);
        return offers;
    }

    private async Task<List<(int InvitationId, DateTime Since)>> WaitingPartiesAsync(int galaId, CancellationToken ct) =>
        (await db.Set<GalaAttendee>().AsNoTracking().Where(a => a.GalaId == galaId && a.Status == AttendeeStatus.Waiting)
            .Select(a => new { a.InvitationId, a.WaitingSinceUtc, a.Id }).ToListAsync(ct))
        .GroupBy(a => a.InvitationId)
        .Select(g => (g.Key, Since: g.Min(a => a.WaitingSinceUtc ?? DateTime.MaxValue), First: g.Min(a => a.Id)))
        .OrderBy(p => p.Since).ThenBy(p => p.First)
        .Select(p => (p.Key, p.Since))
        .ToList();

    private sealed record CheckedRow(Guid? Key, bool Coming, AttendeeDetails? Details);

    /// <summary>Each row's fields, and the number of people against the seats allowed; messages name the row.</summary>
    private static (List<CheckedRow> Rows, Dictionary<string, string> Errors) Check(IReadOnlyList<AttendeeInput> rows, int seatsAllowed)
    {
        var errors = new Dictionary<string, string>();
        var result = new List<CheckedRow>();
        if (rows.Count > GalaEvent.MaxSeatsPerOrganization + 10)
        {
            errors["Rows"] = "Too many rows: send one row per person.";
            return (result, errors);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsBlank)
            {
                continue;
            }

            if (!row.Coming)
            {
                if (row.Key is not null)
                {
                    result.Add(new CheckedRow(row.Key, false, null));
                }

                continue;
            }

            var person = $"Person {i + 1}";
            var name = TextLength.Check(row.Name, $"{person}'s name", GalaAttendee.NameMaxLength, $"Enter {person.ToLowerInvariant()}'s name.");
            var jobTitle = TextLength.Check(row.JobTitle, $"{person}'s job title", GalaAttendee.JobTitleMaxLength);
            var dietary = TextLength.Check(row.Dietary, $"{person}'s dietary needs", GalaAttendee.NeedsMaxLength);
            var access = TextLength.Check(row.Accessibility, $"{person}'s accessibility needs", GalaAttendee.NeedsMaxLength);
            var email = (row.Email ?? "").Trim();
            Add($"Rows[{i}].Name", name.Error);
            Add($"Rows[{i}].JobTitle", jobTitle.Error);
            Add($"Rows[{i}].Dietary", dietary.Error);
            Add($"Rows[{i}].Accessibility", access.Error);
            if (email.Length == 0)
            {
                Add($"Rows[{i}].Email", $"Enter {person.ToLowerInvariant()}'s email address: the confirmation and the door code go there.");
            }
            else if (email.Length > GalaAttendee.EmailMaxLength || email.Any(char.IsWhiteSpace) || !new EmailAddressAttribute().IsValid(email))
            {
                Add($"Rows[{i}].Email", $"{person}'s email address does not look right; enter it as name@example.org.");
            }
            else if (result.Any(r => r.Coming && string.Equals(r.Details!.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                Add($"Rows[{i}].Email", $"{person} has the same email address as someone above; each person needs their own for the door code.");
            }

            result.Add(new CheckedRow(row.Key, true, new AttendeeDetails(name.Value ?? "", email, jobTitle.Value ?? "", dietary.Value ?? "", access.Value ?? "")));
        }

        var coming = result.Count(r => r.Coming);
        if (coming > seatsAllowed)
        {
            errors["Rows"] = $"Your invitation has {seatsAllowed} seat{(seatsAllowed == 1 ? "" : "s")}; you entered {coming} people. Ask us if you need more.";
        }

        return (result, errors);

        void Add(string key, string? message)
        {
            if (message is not null)
            {
                errors.TryAdd(key, message);
            }
        }
    }

    private static Attempt<RsvpOutcome, GalaOperationStatus> Fail(GalaOperationStatus status, string message, IReadOnlyDictionary<string, string>? errors = null) =>
        Attempt<RsvpOutcome, GalaOperationStatus>.Fail(status, message, errors);
}
