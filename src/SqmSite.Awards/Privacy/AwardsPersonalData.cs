using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Media;
using SqmSite.Cms.Privacy;

namespace SqmSite.Awards.Privacy;

/// <summary>
/// The awards package's part in privacy requests. The download holds the person's organization as its members see it
/// in the portal (profile, people, invitations, logo) and every nomination with its story, checklist answers and files,
/// showing only what the portal shows: no decision before its release, no staff notes. Erasure keeps the organization's
/// entries (they are the organization's, not the person's) and replaces the person's name in them.
/// </summary>
internal sealed class AwardsPersonalData(AwardsDbContext db, CycleCatalog cycles, FormEntryService entries, IPrivateMediaService media, TimeProvider clock)
    : IPersonalDataContributor
{
    public async Task ExportAsync(PersonalDataSubject subject, PersonalDataArchive archive, CancellationToken cancellationToken)
    {
        if (await OrganizationOfAsync(subject.UserId, cancellationToken) is not { } organization)
        {
            return;
        }

        var owner = Organization.MediaOwner(organization.Key);
        var members = await db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == organization.Id).ToListAsync(cancellationToken);
        var invitations = await db.OrganizationInvitations.AsNoTracking().Where(i => i.OrganizationId == organization.Id)
            .OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
        string? logoFile = null;
        if (organization.LogoMediaKey is { } logo && await media.GetPrivateAsync(logo, owner, cancellationToken) is { } logoItem
            && await media.OpenPrivateAsync(logo, owner, cancellationToken) is { } logoStream)
        {
            await using (logoStream)
            {
                logoFile = "organization/logo-" + PersonalDataArchive.SafeName(logoItem.OriginalFileName);
                await archive.AddFileAsync(logoFile, logoStream, cancellationToken);
            }
        }

        var you = members.Single(m => m.UserId == subject.UserId);
        await archive.AddJsonAsync("organization/organization.json", new
        {
            organization.Key,
            organization.OfficialName,
            organization.Website,
            ClientOfTheFirm = organization.IsClient,
            organization.CreatedUtc,
            Logo = logoFile,
            You = new { you.IsPrimaryContact, you.JoinedUtc },
            People = members.Count,
            Invitations = invitations.Select(i => new { i.Name, i.Email, i.CreatedUtc, i.ExpiresUtc, i.AcceptedUtc, i.RevokedUtc }),
        }, cancellationToken);

        var nominations = await db.Nominations.AsNoTracking().Include(n => n.Events).Where(n => n.OrganizationId == organization.Id)
            .OrderBy(n => n.AppliedUtc).ToListAsync(cancellationToken);
        var attachments = (await db.StoryAttachments.AsNoTracking().Where(a => nominations.Select(n => n.Id).Contains(a.NominationId))
            .OrderBy(a => a.UploadedUtc).ToListAsync(cancellationToken)).ToLookup(a => a.NominationId);
        foreach (var n in nominations)
        {
            var cycle = cycles.All.FirstOrDefault(c => c.Id == n.CycleId);
            var folder = $"nominations/{cycle?.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "cycle"}-{PersonalDataArchive.SafeName(n.CategoryName)}";
            var files = new List<object>();
            foreach (var a in attachments[n.Id])
            {
                string? path = null;
                if (await media.OpenPrivateAsync(a.MediaKey, owner, cancellationToken) is { } stream)
                {
                    await using (stream)
                    {
                        path = $"{folder}/attachments/{PersonalDataArchive.SafeName(a.FileName)}";
                        await archive.AddFileAsync(path, stream, cancellationToken);
                    }
                }

                files.Add(new { a.FileName, a.Description, a.UploadedBy, a.UploadedUtc, File = path });
            }

            var checklist = n.ChecklistEntryKey is { } entryKey ? await entries.GetEntryAsync(entryKey, cancellationToken) : null;
            var state = n.VisibleState;
            await archive.AddJsonAsync(folder + "/nomination.json", new
            {
                n.Key,
                Cycle = cycle?.Name,
                Category = n.CategoryName,
                State = state,
                n.AppliedUtc,
                n.Overview,
                n.IsResubmission,
                Checklist = checklist is null ? null : new { checklist.SubmittedUtc, Answers = checklist.Values },
                EligibilityReason = state == NominationState.NotEligible ? n.EligibilityReason : null,
                Interview = n.InterviewUtc is { } at ? new { AtUtc = at, n.Interviewer } : null,
                DeadlineExtension = n.VisibleExtension is { } extension ? new { extension.UntilUtc, extension.Reason } : null,
                Story = new
                {
                    n.Story.Text,
                    n.Story.People,
                    n.Story.Process,
                    n.Story.Technology,
                    n.Story.Ratings,
                    n.Story.LastSavedUtc,
                    n.Story.SubmittedUtc,
                },
                Attachments = files,

                // The person's own steps; staff's lines may record decisions not yet released.
                YourActions = n.Events.Where(e => string.Equals(e.Actor, subject.Email, StringComparison.OrdinalIgnoreCase))
                    .Select(e => new { e.Action, e.AtUtc, e.Reason }),
            }, cancellationToken);
        }

        await ExportCertificationAsync(subject, organization, owner, archive, cancellationToken);
    }

    /// <summary>
    /// The organization's certification as its portal page shows it: each assessment's step, the evidence files
    /// themselves, the decision with what fell short and the recommendations, and the certificate. The consultant's
    /// notes and scores are staff's working papers, as on the portal.
    /// </summary>
    private async Task ExportCertificationAsync(PersonalDataSubject subject, Organization organization, string owner, PersonalDataArchive archive, CancellationToken ct)
    {
        var assessments = await db.CertificationAssessments.AsNoTracking().Where(a => a.OrganizationId == organization.Id)
            .OrderBy(a => a.RequestedUtc).ThenBy(a => a.Id).ToListAsync(ct);
        var ids = assessments.Select(a => a.Id).ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.AssessmentId)).ToDictionaryAsync(c => c.AssessmentId, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var a in assessments)
        {
            var folder = $"certification/{a.RequestedUtc:yyyy-MM-dd}-{PersonalDataArchive.SafeName(a.AreaName)}-{a.Id}";
            var files = new List<object>();
            foreach (var e in a.Evidence)
            {
                string? path = null;
                if (await media.OpenPrivateAsync(e.MediaKey, owner, ct) is { } stream)
                {
                    await using (stream)
                    {
                        path = $"{folder}/evidence/{PersonalDataArchive.SafeName(e.Name)}";
                        await archive.AddFileAsync(path, stream, ct);
                    }
                }

                files.Add(new { e.Name, e.Bytes, e.AddedUtc, File = path });
            }

            var certificate = certificates.GetValueOrDefault(a.Id);
            await archive.AddJsonAsync(folder + "/assessment.json", new
            {
                a.Key,
                PracticeArea = a.AreaName,
                a.Kind,
                a.State,
                a.RequestedUtc,
                RequestedByYou = string.Equals(a.RequestedBy, subject.Email, StringComparison.OrdinalIgnoreCase),
                a.OnsiteDate,
                Evidence = files,
                Decision = a.Decision is { } d
                    ? new { d.Certified, d.RuleVersion, d.DecidedUtc, FellShort = d.Results.Where(r => !r.Passed).Select(r => r.Explanation), d.Recommendations }
                    : null,
                Certificate = certificate is null ? null : new
                {
                    certificate.Number,
                    certificate.IssuedOn,
                    ValidUntil = certificate.ExpiresOn,
                    Status = certificate.StatusOn(today),
                    OnThePublicRegistry = certificate.Listed,
                },
            }, ct);
        }
    }

    public async Task<ErasureFinding> PlanErasureAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var effects = new List<string>();
        var organization = await OrganizationOfAsync(subject.UserId, cancellationToken);
        var certification = (await CertificationNamingAsync(subject, cancellationToken)).Count;
        var certificationEffect = certification == 0 ? null
            : $"{Count(certification, "certification assessment")} keep{(certification == 1 ? "s its" : " their")} facts and name \"{PrivacyService.ErasedName}\" instead (who asked, the consultant, who kept a file, who confirmed).";
        if (organization is null)
        {
            return new("Awards", ["The person does not act for an organization.", .. certificationEffect is null ? Array.Empty<string>() : [certificationEffect]]);
        }

        var colleagues = await db.OrganizationMembers.CountAsync(m => m.OrganizationId == organization.Id && m.UserId != subject.UserId, cancellationToken);
        var nominations = await db.Nominations.AsNoTracking().Include(n => n.Events).Where(n => n.OrganizationId == organization.Id)
            .ToListAsync(cancellationToken);

        // A finalist may yet win: publishing consent and the gala need a person to reach. Until the winners are
        // announced, the organization's last contact stays.
        var now = clock.GetUtcNow().UtcDateTime;
        var contending = nominations.Where(n => n.State is NominationState.Finalist or NominationState.StorySubmitted
            && cycles.All.FirstOrDefault(c => c.Id == n.CycleId) is { } c && c.Dates.GalaEndUtc > now).ToList();
        string? refused = colleagues == 0 && contending.Count > 0
            ? $"{subject.Name} is the only contact of {organization.OfficialName}, which is a finalist in {string.Join(", ", contending.Select(n => n.CategoryName))}. " +
              "Ask the organization to invite a colleague first, or erase after the cycle's gala."
            : null;

        effects.Add(colleagues == 0
            ? $"{subject.Name} is the only person of {organization.OfficialName}: the organization{Nominations(nominations.Count)} stays, with no one to sign in for it."
            : $"{subject.Name} leaves {organization.OfficialName}; {Count(colleagues, "colleague")} of theirs keep{(colleagues == 1 ? "s" : "")} it{Nominations(nominations.Count)}.");
        var lines = nominations.Sum(n => n.Events.Count(e => string.Equals(e.Actor, subject.Email, StringComparison.OrdinalIgnoreCase)));
        if (lines > 0)
        {
            effects.Add($"{Count(lines, "audit line")} keep{(lines == 1 ? "s its" : " their")} facts and name \"{PrivacyService.ErasedName}\" instead.");
        }

        var uploads = await db.StoryAttachments.CountAsync(a => a.UploadedBy == subject.Email, cancellationToken);
        if (uploads > 0)
        {
            effects.Add($"{Count(uploads, "story attachment")} stay{(uploads == 1 ? "s" : "")} and name{(uploads == 1 ? "s" : "")} \"{PrivacyService.ErasedName}\" as uploader.");
        }

        if (certificationEffect is not null)
        {
            effects.Add(certificationEffect);
        }

        var invited = await InvitationsOfAsync(subject, cancellationToken);
        if (invited.Count > 0)
        {
            effects.Add($"{Count(invited.Count, "invitation")} to or from the person lose{(invited.Count == 1 ? "s" : "")} the address and name.");
        }

        return new("Awards", effects, refused);
    }

    public async Task EraseAsync(PersonalDataSubject subject, string replacement, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var membership = await db.OrganizationMembers.FirstOrDefaultAsync(m => m.UserId == subject.UserId, cancellationToken);
        if (membership is not null)
        {
            var organizationId = membership.OrganizationId;
            db.OrganizationMembers.Remove(membership);
            if (membership.IsPrimaryContact
                && await db.OrganizationMembers.Where(m => m.OrganizationId == organizationId && m.Id != membership.Id)
                    .OrderBy(m => m.JoinedUtc).ThenBy(m => m.Id).FirstOrDefaultAsync(cancellationToken) is { } next)
            {
                next.MakePrimaryContact();
            }

            foreach (var nomination in await db.Nominations.Include(n => n.Events).Where(n => n.OrganizationId == organizationId).ToListAsync(cancellationToken))
            {
                nomination.ReplaceActor(subject.Email, replacement);
            }
        }

        foreach (var attachment in await db.StoryAttachments.Where(a => a.UploadedBy == subject.Email).ToListAsync(cancellationToken))
        {
            attachment.ReplaceUploader(replacement);
        }

        // Staff (a consultant) and the organization's people alike: every assessment that names the person.
        foreach (var assessment in await CertificationNamingAsync(subject, cancellationToken))
        {
            assessment.ReplacePerson(subject.Email, replacement);
        }

        foreach (var invitation in await InvitationsOfAsync(subject, cancellationToken))
        {
            if (invitation.InvitedByUserId == subject.UserId)
            {
                invitation.ForgetInviter();
            }

            if (invitation.AcceptedUserId == subject.UserId || invitation.NormalizedEmail == subject.Email.ToUpperInvariant())
            {
                invitation.Anonymize(replacement);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static string Nominations(int n) => n == 0 ? "" : $" with its {Count(n, "nomination")}";

    /// <summary>
    /// The certification assessments that name the person, whichever organization's (a consultant is staff). Who kept
    /// a file and who confirmed are inside JSON columns, which are not queried alike on both databases; the table holds
    /// a few hundred rows a year, so they are read and checked here.
    /// </summary>
    private async Task<List<Certification.CertificationAssessment>> CertificationNamingAsync(PersonalDataSubject subject, CancellationToken ct) =>
        (await db.CertificationAssessments.ToListAsync(ct)).Where(a => a.Names(subject.Email)).ToList();

    private Task<List<OrganizationInvitation>> InvitationsOfAsync(PersonalDataSubject subject, CancellationToken ct)
    {
        var normalized = subject.Email.ToUpperInvariant();
        return db.OrganizationInvitations
            .Where(i => i.InvitedByUserId == subject.UserId || i.AcceptedUserId == subject.UserId || i.NormalizedEmail == normalized)
            .ToListAsync(ct);
    }

    private async Task<Organization?> OrganizationOfAsync(string userId, CancellationToken ct) =>
        await db.OrganizationMembers.Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (_, o) => o)
            .AsNoTracking().FirstOrDefaultAsync(ct);
}
