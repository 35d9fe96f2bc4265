using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Cms.Privacy;

namespace SqmSite.Awards.Gala;

/// <summary>
/// The gala's part in privacy requests: the download holds the gala answers of the person's organization (as the
/// portal shows them) and every answer that names the person's address; erasure replaces the person's details in
/// those answers (an unused seat is given back) and ends the personal links sent to the address.
/// </summary>
internal sealed class GalaPersonalData(AwardsDbContext db, TimeProvider clock) : IPersonalDataContributor
{
    public async Task ExportAsync(PersonalDataSubject subject, PersonalDataArchive archive, CancellationToken cancellationToken)
    {
        var organizationId = await OrganizationIdAsync(subject, cancellationToken);
        var invitationIds = organizationId is null
            ? []
            : await db.Set<GalaInvitation>().Where(i => i.OrganizationId == organizationId).Select(i => i.Id).ToListAsync(cancellationToken);
        var people = await PeopleAsync(subject, invitationIds, cancellationToken);
        if (people.Count == 0)
        {
            return;
        }

        var galas = await db.Set<GalaEvent>().AsNoTracking().Where(g => people.Select(p => p.GalaId).Contains(g.Id)).ToDictionaryAsync(g => g.Id, cancellationToken);
        await archive.AddJsonAsync("gala/answers.json", people.Select(p => new
        {
            Gala = galas.TryGetValue(p.GalaId, out var g) ? new { g.StartsUtc, g.Venue } : null,
            p.Name,
            p.Email,
            p.JobTitle,
            p.Dietary,
            p.Accessibility,
            Answer = p.Status.ToString(),
            p.RespondedUtc,
            DoorCode = p.Status == AttendeeStatus.Accepted ? p.DoorCodeText : null,
            p.CheckedInUtc,
        }), cancellationToken);
    }

    public async Task<ErasureFinding> PlanErasureAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var people = await PeopleAsync(subject, [], cancellationToken);
        return new("Gala", people.Count == 0
            ? []
            : [$"{people.Count} gala answer{(people.Count == 1 ? "" : "s")} for {subject.Email} lose the name, address and needs; a seat not yet used is given back."]);
    }

    public async Task EraseAsync(PersonalDataSubject subject, string replacement, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = subject.Email.Trim();
        foreach (var person in await db.Set<GalaAttendee>().Where(a => a.Email.ToUpper() == email.ToUpper()).ToListAsync(cancellationToken))
        {
            person.Erase(replacement, now);
        }

        foreach (var invitation in await db.Set<GalaInvitation>().Where(i => i.Links.Any(l => l.Email.ToUpper() == email.ToUpper())).ToListAsync(cancellationToken))
        {
            foreach (var link in invitation.Links.Where(l => string.Equals(l.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                link.Erase(now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The answers naming the person's address, and those of the given invitations (the organization's).</summary>
    private async Task<List<GalaAttendee>> PeopleAsync(PersonalDataSubject subject, List<int> invitationIds, CancellationToken ct)
    {
        var email = subject.Email.Trim().ToUpper();
        return await db.Set<GalaAttendee>().AsNoTracking()
            .Where(a => a.Email.ToUpper() == email || invitationIds.Contains(a.InvitationId)).OrderBy(a => a.Id).ToListAsync(ct);
    }

    private Task<int?> OrganizationIdAsync(PersonalDataSubject subject, CancellationToken ct) =>
        db.OrganizationMembers.Where(m => m.UserId == subject.UserId).Select(m => (int?)m.OrganizationId).FirstOrDefaultAsync(ct);
}
