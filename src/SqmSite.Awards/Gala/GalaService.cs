using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;
using SqmSite.Cms.Notifications;

namespace SqmSite.Awards.Gala;

/// <summary>The gala's settings as staff type them.</summary>
public sealed record GalaSettings(DateTime StartsUtc, string? Venue, string? Address, string? PublicDetails, int Capacity, DateTime RsvpDeadlineUtc,
    int SeatsPerOrganization, bool FinalistsInvited, int TableSize, string? ReminderDays);

/// <summary>Where a winner stands with the one-attendee rule.</summary>
public enum WinnerAttendance
{
    /// <summary>Not invited yet (its category is not announced, or staff have not sent the invitations).</summary>
    NotInvited,
    InvitedNoReply,

    /// <summary>Its people wait for seats, or have seats offered but not confirmed.</summary>
    Waiting,
    DeclinedAll,
    Confirmed,
}

/// <summary>One invitation on the staff dashboard, with its people.</summary>
public sealed record InvitationLine(GalaInvitation? Invitation, string Invitee, IReadOnlyList<string> Categories, bool IsWinner, WinnerAttendance Attendance,
    IReadOnlyList<GalaAttendee> People, int SeatsAllowed)
{
    public int Seated => People.Count(p => p.Status == AttendeeStatus.Accepted);

    public bool AtRisk => IsWinner && Attendance != WinnerAttendance.Confirmed;
}

/// <summary>Everything the staff dashboard shows of one gala.</summary>
public sealed record GalaDashboard(GalaEvent Gala, AwardCycle Cycle, SeatCount Seats, IReadOnlyList<InvitationLine> Lines, int DaysToDeadline)
{
    public IEnumerable<InvitationLine> Winners => Lines.Where(l => l.IsWinner).OrderBy(l => l.AtRisk ? 0 : 1).ThenBy(l => l.Attendance).ThenBy(l => l.Invitee);

    public IEnumerable<GalaAttendee> Coming => Lines.SelectMany(l => l.People).Where(p => p.Status == AttendeeStatus.Accepted);

    /// <summary>Dietary needs as typed, counted (case and spacing ignored).</summary>
    public IReadOnlyList<(string Need, int Count)> DietarySummary => Summary(Coming.Select(p => p.Dietary));

    public IReadOnlyList<(string Need, int Count)> AccessibilitySummary => Summary(Coming.Select(p => p.Accessibility));

    /// <summary>Accepted people per table.</summary>
    public int SeatedAt(int table) => Lines.Where(l => l.Invitation?.TableNumber == table).Sum(l => l.Seated);

    private static List<(string, int)> Summary(IEnumerable<string> needs) =>
        [.. needs.Where(n => !string.IsNullOrWhiteSpace(n)).GroupBy(n => n.Trim().ToLowerInvariant()).Select(g => (g.First().Trim(), g.Count())).OrderByDescending(x => x.Item2)];
}

/// <summary>What a scan or a search at the door found.</summary>
public sealed record CheckInResult(GalaAttendee Person, string Invitee, int? Table, bool AlreadyIn);

/// <summary>
/// Staff's side of the gala: settings, invitations (winners, finalists, guests), seats per organization, reminders,
/// the dashboard, the seating plan, the door and the exports. Seat-changing steps go through <see cref="RsvpService"/>'s lock.
/// </summary>
public sealed class GalaService(AwardsDbContext db, RsvpService rsvps, GalaMailer mailer, IEventAggregator events, TimeProvider clock)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public Task<GalaEvent?> ForCycleAsync(int cycleId, CancellationToken ct = default) =>
        db.Set<GalaEvent>().AsNoTracking().FirstOrDefaultAsync(g => g.CycleId == cycleId, ct);

    /// <summary>The settings a new gala starts from: the cycle's gala date at 7 PM local, answers closing four weeks before.</summary>
    public static GalaSettings Defaults(AwardCycle cycle)
    {
        var local = cycle.Local(cycle.Dates.GalaStartUtc).Date.AddHours(19);
        var starts = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), cycle.TimeZone);
        return new GalaSettings(starts, "", "", "", 200, starts.AddDays(-28), 2, false, 10, string.Join(", ", GalaEvent.DefaultReminderDays));
    }

    /// <summary>Creates or changes the gala of a cycle. The capacity cannot go below the seats held and reserved for winners.</summary>
    public async Task<Attempt<GalaEvent, GalaOperationStatus>> SaveSettingsAsync(int cycleId, GalaSettings input, CancellationToken ct = default)
    {
        var cycle = await db.Cycles.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cycleId, ct);
        if (cycle is null)
        {
            return Attempt<GalaEvent, GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "That award cycle does not exist.");
        }

        var errors = new Dictionary<string, string>();
        var venue = TextLength.Check(input.Venue, "The venue", GalaEvent.VenueMaxLength, "Enter the venue's name.");
        var address = TextLength.Check(input.Address, "The address", GalaEvent.AddressMaxLength, "Enter the venue's address.");
        var details = TextLength.Check(input.PublicDetails, "The public details", GalaEvent.DetailsMaxLength);
        Add("Venue", venue.Error);
        Add("Address", address.Error);
        Add("PublicDetails", details.Error);
        if (input.Capacity is < 1 or > GalaEvent.MaxCapacity)
        {
            Add("Capacity", $"The capacity must be a number of seats from 1 to {GalaEvent.MaxCapacity:N0}.");
        }

        if (input.SeatsPerOrganization is < 1 or > GalaEvent.MaxSeatsPerOrganization)
        {
            Add("SeatsPerOrganization", $"Seats per organization must be from 1 to {GalaEvent.MaxSeatsPerOrganization}.");
        }

        if (input.TableSize is < 2 or > 40)
        {
            Add("TableSize", "A table seats from 2 to 40 people.");
        }

        if (input.RsvpDeadlineUtc >= input.StartsUtc)
        {
            Add("RsvpDeadline", "The RSVP deadline must be before the dinner starts.");
        }

        var days = ParseDays(input.ReminderDays);
        if (days is null)
        {
            Add("ReminderDays", "Reminder days are whole numbers of days before the deadline, from 1 to 90, separated by commas (21, 7, 2).");
        }

        if (errors.Count > 0)
        {
            return Attempt<GalaEvent, GalaOperationStatus>.Fail(GalaOperationStatus.Invalid, "Nothing was saved: please correct the fields marked below.", errors);
        }

        var gala = await db.Set<GalaEvent>().FirstOrDefaultAsync(g => g.CycleId == cycleId, ct);
        if (gala is null)
        {
            gala = new GalaEvent(cycleId, input.StartsUtc, input.RsvpDeadlineUtc);
            db.Add(gala);
            await db.SaveChangesAsync(ct);
        }

        await using (var transaction = await GalaLock.BeginAsync(db, gala.Id, ct))
        {
            await db.Entry(gala).ReloadAsync(ct);
            var seats = await SeatCount.ReadAsync(db, gala, UtcNow, null, ct);
            if (input.Capacity < seats.Held + seats.ReservedForWinners)
            {
                return Attempt<GalaEvent, GalaOperationStatus>.Fail(GalaOperationStatus.Invalid, "Nothing was saved: please correct the fields marked below.",
                    new Dictionary<string, string>
                    {
                        ["Capacity"] = $"{seats.Held} seats are taken and {seats.ReservedForWinners} are kept for winners; the capacity cannot be less than {seats.Held + seats.ReservedForWinners}.",
                    });
            }

            gala.Update(input.StartsUtc, venue.Value!, address.Value!, details.Value ?? "", input.Capacity, input.RsvpDeadlineUtc, input.SeatsPerOrganization,
                input.FinalistsInvited, input.TableSize, days!, UtcNow);
            await db.SaveChangesAsync(ct);

            // More seats may let waiting parties in.
            await mailer.QueueOffersAsync(gala, await rsvps.PromoteAsync(gala, UtcNow, ct), ct);
            await transaction.CommitAsync(ct);
        }

        // The public conference page shows the date and venue.
        await events.PublishAsync(new CycleChangedNotification(), ct);
        return Attempt<GalaEvent, GalaOperationStatus>.Ok(gala);

        void Add(string key, string? message)
        {
            if (message is not null)
            {
                errors[key] = message;
            }
        }
    }

    /// <summary>
    /// Invites whoever should be and is not yet: every winner of an announced category, and finalists when the gala
    /// invites them (a finalist's invitation becomes a winner's at the announcement). Each contact gets a personal
    /// link; pressing it again sends only what is new. Returns the invitations made and the emails queued.
    /// </summary>
    public async Task<Attempt<(int Invitations, int Emails), GalaOperationStatus>> InviteAsync(int galaId, CancellationToken ct = default)
    {
        var gala = await db.Set<GalaEvent>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == galaId, ct);
        if (gala is null)
        {
            return Attempt<(int, int), GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "Save the gala's settings first.");
        }

        if (gala.StartsUtc <= UtcNow)
        {
            return Attempt<(int, int), GalaOperationStatus>.Fail(GalaOperationStatus.WrongState, "The gala has started: no more invitations go out.");
        }

        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == gala.CycleId, ct);
        var announcedWinners = await (from d in db.WinnerDecisions.AsNoTracking()
                                      join n in db.Nominations.AsNoTracking() on d.NominationId equals n.Id
                                      where d.CycleId == gala.CycleId && d.AnnouncedUtc != null
                                      select n.OrganizationId).Distinct().ToListAsync(ct);
        var finalists = gala.FinalistsInvited
            ? await db.Nominations.AsNoTracking()
                .Where(n => n.CycleId == gala.CycleId && n.DecisionReleasedUtc != null && (n.State == NominationState.Finalist || n.State == NominationState.StorySubmitted))
                .Select(n => n.OrganizationId).Distinct().ToListAsync(ct)
            : [];
        await using var transaction = await GalaLock.BeginAsync(db, gala.Id, ct);
        var existing = await db.Set<GalaInvitation>().Where(i => i.GalaId == gala.Id).ToListAsync(ct);
        var made = 0;
        foreach (var organizationId in announcedWinners.Union(finalists))
        {
            var kind = announcedWinners.Contains(organizationId) ? InvitationKind.Winner : InvitationKind.Finalist;
            var invitation = existing.FirstOrDefault(i => i.OrganizationId == organizationId);
            if (invitation is null)
            {
                invitation = GalaInvitation.ForOrganization(gala.Id, kind, organizationId, UtcNow);
                db.Add(invitation);
                existing.Add(invitation);
                made++;
            }
            else if (kind == InvitationKind.Winner && invitation.Kind != InvitationKind.Winner)
            {
                invitation.BecomeWinner();
            }
        }

        await db.SaveChangesAsync(ct);
        var sent = 0;
        foreach (var invitation in existing)
        {
            sent += await mailer.QueueInvitationAsync(gala, invitation, cycle.Name, cycle.TimeZone, ct);
        }

        // A finalist that became a winner may have people waiting: its first one has a reserved seat now.
        await mailer.QueueOffersAsync(gala, await rsvps.PromoteAsync(gala, UtcNow, ct), ct);
        await transaction.CommitAsync(ct);
        return made == 0 && sent == 0 && announcedWinners.Count == 0 && finalists.Count == 0
            ? Attempt<(int, int), GalaOperationStatus>.Fail(GalaOperationStatus.WrongState,
                gala.FinalistsInvited
                    ? "Nobody to invite yet: no finalist has been told and no category's winner is announced."
                    : "Nobody to invite yet: winners are invited once their category is announced, and this gala does not invite finalists.")
            : Attempt<(int, int), GalaOperationStatus>.Ok((made, sent));
    }

    /// <summary>A named guest (a judge, a sponsor), invited by email with a personal link.</summary>
    public async Task<Attempt<GalaInvitation, GalaOperationStatus>> AddGuestAsync(int galaId, string? name, string? email, string? role, int? seats,
        CancellationToken ct = default)
    {
        var gala = await db.Set<GalaEvent>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == galaId, ct);
        if (gala is null)
        {
            return Attempt<GalaInvitation, GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "Save the gala's settings first.");
        }

        var errors = new Dictionary<string, string>();
        var checkedName = TextLength.Check(name, "The guest's name", GalaInvitation.NameMaxLength, "Enter the guest's name.");
        var checkedRole = TextLength.Check(role, "The role", GalaInvitation.NameMaxLength, "Say why the guest is invited (judge, sponsor).");
        var address = (email ?? "").Trim();
        if (checkedName.Error is { } e1)
        {
            errors["GuestName"] = e1;
        }

        if (checkedRole.Error is { } e2)
        {
            errors["GuestRole"] = e2;
        }

        if (address.Length == 0 || address.Length > GalaInvitation.EmailMaxLength || address.Any(char.IsWhiteSpace) || !new EmailAddressAttribute().IsValid(address))
        {
            errors["GuestEmail"] = "Enter the guest's email address as name@example.org: the invitation goes there.";
        }
        else if (await db.Set<GalaInvitation>().AnyAsync(i => i.GalaId == galaId && i.GuestEmail == address, ct))
        {
            errors["GuestEmail"] = "That address is already invited as a guest.";
        }

        if (seats is < 1 or > GalaEvent.MaxSeatsPerOrganization)
        {
            errors["GuestSeats"] = $"A guest may have from 1 to {GalaEvent.MaxSeatsPerOrganization} seats.";
        }

        if (errors.Count > 0)
        {
            return Attempt<GalaInvitation, GalaOperationStatus>.Fail(GalaOperationStatus.Invalid, "The guest was not added: please correct the fields marked below.", errors);
        }

        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == gala.CycleId, ct);
        var invitation = GalaInvitation.ForGuest(galaId, checkedName.Value!, address, checkedRole.Value!, UtcNow);
        invitation.SetSeats(seats is null or 1 ? null : seats);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(invitation);
        await db.SaveChangesAsync(ct);
        await mailer.QueueInvitationAsync(gala, invitation, cycle.Name, cycle.TimeZone, ct);
        await transaction.CommitAsync(ct);
        return Attempt<GalaInvitation, GalaOperationStatus>.Ok(invitation);
    }

    /// <summary>Staff allow one invitation more (or fewer) seats than the gala's default; null goes back to the default.</summary>
    public async Task<Attempt<GalaOperationStatus>> SetSeatsAsync(Guid invitationKey, int? seats, CancellationToken ct = default)
    {
        var invitation = await db.Set<GalaInvitation>().FirstOrDefaultAsync(i => i.Key == invitationKey, ct);
        if (invitation is null)
        {
            return Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "That invitation does not exist.");
        }

        if (seats is < 1 or > GalaEvent.MaxSeatsPerOrganization)
        {
            return Attempt<GalaOperationStatus>.Invalid(GalaOperationStatus.Invalid, "Seats", $"Seats must be from 1 to {GalaEvent.MaxSeatsPerOrganization}, or empty for the default.");
        }

        var taken = await db.Set<GalaAttendee>().CountAsync(a => a.InvitationId == invitation.Id
            && (a.Status == AttendeeStatus.Accepted || a.Status == AttendeeStatus.Offered || a.Status == AttendeeStatus.Waiting), ct);
        var gala = await db.Set<GalaEvent>().AsNoTracking().FirstAsync(g => g.Id == invitation.GalaId, ct);
        if ((seats ?? (invitation.Kind == InvitationKind.Guest ? 1 : gala.SeatsPerOrganization)) < taken)
        {
            return Attempt<GalaOperationStatus>.Invalid(GalaOperationStatus.Invalid, "Seats", $"{taken} of its people are coming or waiting; ask them to change their answer first.");
        }

        invitation.SetSeats(seats);
        await db.SaveChangesAsync(ct);
        return Attempt<GalaOperationStatus>.Ok;
    }

    /// <summary>Staff remind a winner by hand (at most once every ten minutes, so a double click sends one).</summary>
    public async Task<Attempt<GalaOperationStatus>> RemindAsync(Guid invitationKey, CancellationToken ct = default)
    {
        var invitation = await db.Set<GalaInvitation>().FirstOrDefaultAsync(i => i.Key == invitationKey, ct);
        if (invitation is null)
        {
            return Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "That invitation does not exist.");
        }

        if (invitation.LastReminderUtc > UtcNow.AddMinutes(-10))
        {
            return Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.WrongState, "A reminder went out less than ten minutes ago.");
        }

        var gala = await db.Set<GalaEvent>().AsNoTracking().FirstAsync(g => g.Id == invitation.GalaId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var sent = await mailer.QueueReminderAsync(gala, invitation, "manual-" + UtcNow.Ticks.ToString(CultureInfo.InvariantCulture), ct);
        invitation.MarkReminded([], UtcNow);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return sent == 0 ? Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.WrongState, "That invitation has nobody to email.") : Attempt<GalaOperationStatus>.Ok;
    }

    /// <summary>
    /// The background pass: each winner without a confirmed person gets each reminder day's email once, the day it is
    /// due (a reminder day passed before the invitation existed is not sent late); expired offers go to the next party.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = UtcNow;
        var done = 0;
        foreach (var gala in await db.Set<GalaEvent>().AsNoTracking().Where(g => g.StartsUtc > now).ToListAsync(ct))
        {
            done += await rsvps.PromoteDueAsync(gala.Id, ct);
            if (!gala.RsvpOpen(now))
            {
                continue;
            }

            var winners = await db.Set<GalaInvitation>().Where(i => i.GalaId == gala.Id && i.Kind == InvitationKind.Winner).ToListAsync(ct);
            foreach (var invitation in winners)
            {
                var due = gala.ReminderDays.Where(d => now >= gala.RsvpDeadlineUtc.AddDays(-d) && !invitation.RemindersSent.Contains(d)).ToList();
                if (due.Count == 0)
                {
                    continue;
                }

                var confirmed = await db.Set<GalaAttendee>().AnyAsync(a => a.InvitationId == invitation.Id && a.Status == AttendeeStatus.Accepted, ct);
                var missedWindow = due.Where(d => invitation.CreatedUtc > gala.RsvpDeadlineUtc.AddDays(-d)).ToList();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                if (!confirmed && due.Min() is var latest && !missedWindow.Contains(latest))
                {
                    await mailer.QueueReminderAsync(gala, invitation, "day-" + latest.ToString(CultureInfo.InvariantCulture), ct);
                    done++;
                }

                invitation.MarkReminded(due, now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
        }

        return done;
    }

    /// <summary>Every invitation with its people, winners (also those not invited yet) marked, for the dashboard and exports.</summary>
    public async Task<GalaDashboard?> DashboardAsync(int cycleId, CancellationToken ct = default)
    {
        var gala = await ForCycleAsync(cycleId, ct);
        if (gala is null)
        {
            return null;
        }

        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == cycleId, ct);
        var invitations = await db.Set<GalaInvitation>().AsNoTracking().Where(i => i.GalaId == gala.Id).OrderBy(i => i.Id).ToListAsync(ct);
        var people = (await db.Set<GalaAttendee>().AsNoTracking().Where(a => a.GalaId == gala.Id).OrderBy(a => a.Id).ToListAsync(ct)).ToLookup(a => a.InvitationId);
        var winners = await (from d in db.WinnerDecisions.AsNoTracking()
                             join n in db.Nominations.AsNoTracking() on d.NominationId equals n.Id
                             where d.CycleId == cycleId
                             select new { n.OrganizationId, n.CategoryName }).ToListAsync(ct);
        var names = await mailer.OrganizationNamesAsync(invitations, ct, winners.Select(w => w.OrganizationId));
        var now = UtcNow;
        var lines = new List<InvitationLine>();
        foreach (var invitation in invitations)
        {
            var mine = people[invitation.Id].ToList();
            var categories = winners.Where(w => w.OrganizationId == invitation.OrganizationId).Select(w => w.CategoryName).ToList();
            var isWinner = categories.Count > 0;
            lines.Add(new InvitationLine(invitation, GalaMailer.InviteeName(invitation, names), categories, isWinner,
                Attendance(mine, now), mine, invitation.SeatsAllowed(gala)));
        }

        foreach (var missing in winners.GroupBy(w => w.OrganizationId).Where(g => invitations.All(i => i.OrganizationId != g.Key)))
        {
            lines.Add(new InvitationLine(null, names[missing.Key], [.. missing.Select(m => m.CategoryName)], true, WinnerAttendance.NotInvited, [], gala.SeatsPerOrganization));
        }

        var seats = await rsvps.SeatsAsync(gala, ct);
        var days = (int)Math.Ceiling((gala.RsvpDeadlineUtc - now).TotalDays);
        return new GalaDashboard(gala, cycle, seats, lines, days);
    }

    /// <summary>Places invitations at tables; a table may not seat more accepted people than its size. Null takes one off.</summary>
    public async Task<Attempt<GalaOperationStatus>> PlaceAsync(int galaId, IReadOnlyDictionary<Guid, int?> tables, CancellationToken ct = default)
    {
        var gala = await db.Set<GalaEvent>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == galaId, ct);
        if (gala is null)
        {
            return Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "That gala does not exist.");
        }

        var invitations = await db.Set<GalaInvitation>().Where(i => i.GalaId == galaId).ToListAsync(ct);
        var seated = (await db.Set<GalaAttendee>().AsNoTracking().Where(a => a.GalaId == galaId && a.Status == AttendeeStatus.Accepted)
            .Select(a => a.InvitationId).ToListAsync(ct)).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (key, table) in tables)
        {
            if (table is { } t && (t < 1 || t > gala.Tables))
            {
                return Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.Invalid, $"Tables are numbered 1 to {gala.Tables}.");
            }

            if (invitations.FirstOrDefault(i => i.Key == key) is not { } invitation)
            {
                return Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "An invitation on the plan no longer exists; reload the page.");
            }

            invitation.PlaceAt(table);
        }

        var over = invitations.Where(i => i.TableNumber != null).GroupBy(i => i.TableNumber!.Value)
            .Select(g => (Table: g.Key, People: g.Sum(i => seated.GetValueOrDefault(i.Id)))).FirstOrDefault(x => x.People > gala.TableSize);
        if (over.People > 0)
        {
            return Attempt<GalaOperationStatus>.Fail(GalaOperationStatus.Invalid,
                $"Nothing was saved: table {over.Table} would seat {over.People} people, and a table seats {gala.TableSize}.");
        }

        await db.SaveChangesAsync(ct);
        return Attempt<GalaOperationStatus>.Ok;
    }

    /// <summary>
    /// Fills the tables from the stage: winners first (table 1 is nearest the stage), then finalists, then guests,
    /// each party at the first table with room; parties already placed stay.
    /// </summary>
    public async Task<Attempt<int, GalaOperationStatus>> PlaceAutomaticallyAsync(int cycleId, CancellationToken ct = default)
    {
        var board = await DashboardAsync(cycleId, ct);
        if (board is null)
        {
            return Attempt<int, GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "That gala does not exist.");
        }

        var used = Enumerable.Range(1, board.Gala.Tables).ToDictionary(t => t, board.SeatedAt);
        var plan = new Dictionary<Guid, int?>();
        var order = board.Lines.Where(l => l.Invitation is { TableNumber: null } && l.Seated > 0)
            .OrderBy(l => l.IsWinner ? 0 : l.Invitation!.Kind == InvitationKind.Finalist ? 1 : 2).ThenByDescending(l => l.Seated);
        foreach (var line in order)
        {
            var table = used.Where(u => u.Value + line.Seated <= board.Gala.TableSize).Select(u => (int?)u.Key).FirstOrDefault();
            if (table is { } t)
            {
                plan[line.Invitation!.Key] = t;
                used[t] += line.Seated;
            }
        }

        var result = await PlaceAsync(board.Gala.Id, plan, ct);
        return result.Succeeded ? Attempt<int, GalaOperationStatus>.Ok(plan.Count) : Attempt<int, GalaOperationStatus>.Fail(result.Status, result.Message!);
    }

    /// <summary>Accepted people whose name (or organization) contains the text, for the door's search.</summary>
    public async Task<IReadOnlyList<CheckInResult>> FindAtDoorAsync(int galaId, string? text, CancellationToken ct = default)
    {
        var query = (text ?? "").Trim();
        if (query.Length < 2 || query.Length > 100)
        {
            return [];
        }

        var people = await db.Set<GalaAttendee>().AsNoTracking().Where(a => a.GalaId == galaId && a.Status == AttendeeStatus.Accepted).ToListAsync(ct);
        var invitations = await db.Set<GalaInvitation>().AsNoTracking().Where(i => i.GalaId == galaId).ToDictionaryAsync(i => i.Id, ct);
        var names = await mailer.OrganizationNamesAsync(invitations.Values, ct);
        var results = new List<CheckInResult>();
        foreach (var person in people)
        {
            var invitation = invitations[person.InvitationId];
            var invitee = GalaMailer.InviteeName(invitation, names);
            if (person.Name.Contains(query, StringComparison.OrdinalIgnoreCase) || invitee.Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                results.Add(new CheckInResult(person, invitee, invitation.TableNumber, person.CheckedInUtc is not null));
            }
        }

        return [.. results.OrderBy(r => r.Person.Name).Take(30)];
    }

    /// <summary>
    /// Marks a person arrived, by the code in their QR code (or typed) or by their key from the search. Once: a second
    /// scan answers with the first arrival's time.
    /// </summary>
    public async Task<Attempt<CheckInResult, GalaOperationStatus>> CheckInAsync(int galaId, string? code, Guid? personKey, string actor, CancellationToken ct = default)
    {
        var normalized = GalaAttendee.NormalizeCode((code ?? "").Replace("SQMGALA:", "", StringComparison.OrdinalIgnoreCase));
        if (personKey is null && normalized.Length != 12)
        {
            return Attempt<CheckInResult, GalaOperationStatus>.Fail(GalaOperationStatus.Invalid, "That is not a door code: it has twelve letters and digits, as on the ticket (ABCD-EFGH-JKLM).");
        }

        var person = await db.Set<GalaAttendee>().FirstOrDefaultAsync(a => a.GalaId == galaId && (personKey != null ? a.Key == personKey : a.DoorCode == normalized), ct);
        if (person is null)
        {
            return Attempt<CheckInResult, GalaOperationStatus>.Fail(GalaOperationStatus.NotFound, "No guest of this gala has that code. Check it, or search by name.");
        }

        var invitation = await db.Set<GalaInvitation>().AsNoTracking().FirstAsync(i => i.Id == person.InvitationId, ct);
        var invitee = await mailer.InviteeNameAsync(invitation, ct);
        if (person.Status != AttendeeStatus.Accepted)
        {
            return Attempt<CheckInResult, GalaOperationStatus>.Fail(GalaOperationStatus.WrongState,
                $"{person.Name} ({invitee}) has no confirmed seat: their answer is \"{person.Status}\".");
        }

        if (person.CheckedInUtc is not null)
        {
            return Attempt<CheckInResult, GalaOperationStatus>.Ok(new CheckInResult(person, invitee, invitation.TableNumber, true));
        }

        // Conditional, so two phones scanning the same code at once record one arrival.
        var now = UtcNow;
        var updated = await db.Set<GalaAttendee>().Where(a => a.Id == person.Id && a.CheckedInUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CheckedInUtc, now).SetProperty(a => a.CheckedInBy, actor), ct);
        await db.Entry(person).ReloadAsync(ct);
        return Attempt<CheckInResult, GalaOperationStatus>.Ok(new CheckInResult(person, invitee, invitation.TableNumber, updated == 0));
    }

    /// <summary>The attendee list as a table for CSV and Excel.</summary>
    public static Cms.Forms.FormEntryExport.Table AttendeeTable(GalaDashboard board)
    {
        var zone = board.Cycle.TimeZone;
        var rows = board.Lines.SelectMany(l => l.People.Select(p => (Line: l, Person: p)))
            .OrderBy(x => x.Person.Status).ThenBy(x => x.Line.Invitee).ThenBy(x => x.Person.Name)
            .Select(x => (IReadOnlyList<Cms.Forms.FormEntryExport.Cell>)
            [
                new(x.Person.Name), new(x.Person.Email), new(x.Person.JobTitle), new(x.Line.Invitee), new(Kind(x.Line)), new(x.Person.Status.ToString()),
                new(x.Person.Dietary), new(x.Person.Accessibility), new(x.Line.Invitation?.TableNumber?.ToString(CultureInfo.InvariantCulture) ?? ""),
                new(x.Person.CheckedInUtc is { } at ? Cms.Web.SiteTime.Format(at, zone) : ""),
            ]).ToList();
        return new(["Name", "Email", "Job title", "Organization or guest", "Invited as", "Answer", "Dietary needs", "Accessibility needs", "Table", "Arrived"], rows);
    }

    /// <summary>The seating plan as a table: one row per placed party.</summary>
    public static Cms.Forms.FormEntryExport.Table SeatingTable(GalaDashboard board)
    {
        var rows = board.Lines.Where(l => l.Invitation?.TableNumber != null && l.Seated > 0).OrderBy(l => l.Invitation!.TableNumber).ThenBy(l => l.Invitee)
            .Select(l => (IReadOnlyList<Cms.Forms.FormEntryExport.Cell>)
            [
                new(l.Invitation!.TableNumber!.Value.ToString(CultureInfo.InvariantCulture), l.Invitation.TableNumber), new(l.Invitee), new(Kind(l)),
                new(l.Seated.ToString(CultureInfo.InvariantCulture), l.Seated),
                new(string.Join("; ", l.People.Where(p => p.Status == AttendeeStatus.Accepted).Select(p => p.Name))),
            ]).ToList();
        return new(["Table", "Organization or guest", "Invited as", "People", "Names"], rows);
    }

    public static string Kind(InvitationLine line) => line.IsWinner ? "Winner" : line.Invitation?.Kind.ToString() ?? "Winner";

    private static WinnerAttendance Attendance(IReadOnlyList<GalaAttendee> people, DateTime now) => people switch
    {
        _ when people.Any(p => p.Status == AttendeeStatus.Accepted) => WinnerAttendance.Confirmed,
        _ when people.Any(p => p.IsWaiting || p.HoldsSeat(now)) => WinnerAttendance.Waiting,
        [] => WinnerAttendance.InvitedNoReply,
        _ => WinnerAttendance.DeclinedAll,
    };

    /// <summary>"21, 7, 2" as days; null when any part is not a whole number from 1 to 90.</summary>
    internal static List<int>? ParseDays(string? text)
    {
        var days = new List<int>();
        foreach (var part in (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 90)
            {
                return null;
            }

            days.Add(day);
        }

        return days.Count > 10 ? null : days;
    }
}
