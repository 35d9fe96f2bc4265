using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;

namespace SqmSite.Awards.Gala;

/// <summary>
/// The seat count of a gala at one moment: seats held (accepted, or offered with the hold running) and seats reserved
/// for winners. A winner's first person always has a seat, so one seat is kept back for every category not decided yet
/// and for every winning organization that holds no seat; what is left is <see cref="Free"/> for everybody else.
/// Held plus reserved never passes the capacity (see decision 0017).
/// </summary>
public sealed record SeatCount(int Capacity, int Held, int ReservedForWinners, int Waiting)
{
    /// <summary>Organizations declared winners in the gala's cycle (announced or not: the count never says which).</summary>
    internal IReadOnlySet<int> WinnerOrganizations { get; init; } = new HashSet<int>();

    public int Free => Math.Max(0, Capacity - Held - ReservedForWinners);

    /// <summary>
    /// Reads the count inside the gala's lock. <paramref name="exceptInvitationId"/> leaves one invitation's people
    /// out of the held seats and its own winner's reservation out of the reserved ones, for the caller to add back as
    /// it changes them.
    /// </summary>
    internal static async Task<SeatCount> ReadAsync(AwardsDbContext db, GalaEvent gala, DateTime utcNow, int? exceptInvitationId, CancellationToken ct)
    {
        var people = await db.Set<GalaAttendee>().AsNoTracking()
            .Where(a => a.GalaId == gala.Id && a.InvitationId != exceptInvitationId
                        && (a.Status == AttendeeStatus.Accepted || a.Status == AttendeeStatus.Offered || a.Status == AttendeeStatus.Waiting))
            .Select(a => new { a.InvitationId, a.Status, a.HoldUntilUtc })
            .ToListAsync(ct);
        var seated = people.Where(p => p.Status == AttendeeStatus.Accepted || (p.Status == AttendeeStatus.Offered && p.HoldUntilUtc > utcNow)).ToList();
        var (reserved, winners) = await ReservedAsync(db, gala, seated.Select(p => p.InvitationId).ToHashSet(), exceptInvitationId, ct);
        return new SeatCount(gala.Capacity, seated.Count, reserved, people.Count(p => p.Status == AttendeeStatus.Waiting)) { WinnerOrganizations = winners };
    }

    /// <summary>Whether an invitation's first person has a winner's reserved seat.</summary>
    internal bool IsWinner(GalaInvitation invitation) => invitation.OrganizationId is { } id && WinnerOrganizations.Contains(id);

    /// <summary>Categories of the cycle without a decision, plus winning organizations none of whose people hold a seat.</summary>
    private static async Task<(int Reserved, HashSet<int> Winners)> ReservedAsync(AwardsDbContext db, GalaEvent gala, HashSet<int> seatedInvitations, int? exceptInvitationId, CancellationToken ct)
    {
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == gala.CycleId, ct);
        var decided = await db.WinnerDecisions.AsNoTracking().Where(d => d.CycleId == gala.CycleId).Select(d => new { d.CategoryKey, d.NominationId }).ToListAsync(ct);
        var undecided = cycle.CategoryKeys.Count(k => decided.All(d => d.CategoryKey != k));
        var winnerNominations = decided.Where(d => d.NominationId != null).Select(d => d.NominationId!.Value).ToList();
        var winnerOrganizations = (await db.Nominations.AsNoTracking().Where(n => winnerNominations.Contains(n.Id)).Select(n => n.OrganizationId).Distinct()
            .ToListAsync(ct)).ToHashSet();
        var invitations = await db.Set<GalaInvitation>().AsNoTracking().Where(i => i.GalaId == gala.Id && i.OrganizationId != null)
            .Select(i => new { i.Id, OrganizationId = i.OrganizationId!.Value }).ToListAsync(ct);
        var unseatedWinners = 0;
        foreach (var organizationId in winnerOrganizations)
        {
            var invitation = invitations.FirstOrDefault(i => i.OrganizationId == organizationId);
            if (invitation is not null && (invitation.Id == exceptInvitationId || seatedInvitations.Contains(invitation.Id)))
            {
                continue;
            }

            unseatedWinners++;
        }

        return (undecided + unseatedWinners, winnerOrganizations);
    }
}

/// <summary>
/// Serializes every change to a gala's seats. On PostgreSQL a transaction-scoped advisory lock on the gala's id; on
/// SQLite the transaction itself, which Microsoft.Data.Sqlite begins with <c>BEGIN IMMEDIATE</c> (the write lock is
/// taken at the start, so a second writer waits for the first to commit, up to the command timeout).
/// </summary>
internal static class GalaLock
{
    /// <summary>The advisory lock's first key: the gala lock's own space ("GALA").</summary>
    private const int LockSpace = 0x47414C41;

    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(2);

    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(AwardsDbContext db, int galaId, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // Waiting for the lock is the point: when a crowd answers at once the queue may be longer than a
            // query's usual timeout, so the wait (and only the wait) gets two minutes.
            var usual = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(LockWait);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, {galaId})", ct);
            }
            finally
            {
                db.Database.SetCommandTimeout(usual);
            }
        }

        return transaction;
    }
}
