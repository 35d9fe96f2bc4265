using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;
using SqmSite.Cms.Content;
using SqmSite.Cms.Media;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Winners;

/// <summary>The publishing terms as they are live now: the text, and the content item's key and version number that a signature names.</summary>
public sealed record PublishingTerms(Guid Key, int Version, string Title, string Body);

/// <summary>
/// Records publishing consent: signed in the portal by a winner's contact, or received on paper and entered by staff,
/// and its withdrawal, which takes everything of the winner off the site at once.
/// </summary>
public sealed class ConsentService(
    AwardsDbContext db,
    ContentService content,
    IPublishedContentCache cache,
    IPrivateMediaService privateMedia,
    WinnerStoryService stories,
    TimeProvider clock,
    IEventAggregator events,
    ILogger<ConsentService> logger)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>The live terms, or null when the site has none published (then nobody can sign).</summary>
    public async Task<PublishingTerms?> TermsAsync(CancellationToken ct = default)
    {
        var live = cache.Snapshot.OfType(WinnerContentTypes.Terms).FirstOrDefault();
        if (live is null || await content.GetNodeAsync(live.Key, ct) is not { PublishedVersionId: { } versionId }
            || await content.GetVersionAsync(versionId, ct) is not { } version)
        {
            return null;
        }

        return new PublishingTerms(live.Key, version.Number, live.Name, live.Value("body") ?? "");
    }

    /// <summary>Every consent of a nomination, the newest first: the record as kept.</summary>
    public async Task<IReadOnlyList<WinnerConsent>> HistoryAsync(int nominationId, CancellationToken ct = default) =>
        await db.Set<WinnerConsent>().AsNoTracking().Where(c => c.NominationId == nominationId).OrderByDescending(c => c.Id).ToListAsync(ct);

    /// <summary>The consent that lets the website show this winner, if one is in force.</summary>
    public async Task<WinnerConsent?> InForceAsync(int nominationId, CancellationToken ct = default) =>
        (await HistoryAsync(nominationId, ct)).FirstOrDefault(c => c.InForce);

    /// <summary>
    /// A contact of the winning organization signs the terms in the portal. Only a winner whose category is announced
    /// signs (before that the portal does not say it won), only the version live now, and only once while in force.
    /// </summary>
    public async Task<Attempt<WinnersOperationStatus>> SignAsync(Guid nominationKey, int organizationId, string? signerName, string? jobTitle,
        PublishingChannels channels, int? termsVersion, bool agreed, string actor, CancellationToken ct = default)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Key == nominationKey && n.OrganizationId == organizationId, ct);
        if (nomination?.AwardedUtc is null || !await IsAnnouncedAsync(nomination, ct))
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.NotFound, "There is nothing to sign for this nomination.");
        }

        var terms = await TermsAsync(ct);
        var errors = CheckSigner(signerName, jobTitle, channels);
        if (!agreed)
        {
            errors["Agree"] = "Tick the box to say you agree to the terms on behalf of your organization.";
        }

        if (terms is null)
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.WrongState, "The publishing terms are not available right now; please try again later or contact us.");
        }

        if (termsVersion != terms.Version)
        {
            errors["TermsVersion"] = "The terms were updated while you were reading them. Please read this version and sign again.";
        }

        if (errors.Count > 0)
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.Invalid, "Nothing was signed: please correct the fields marked below.", errors);
        }

        return await AddAsync(nomination, ConsentMethod.Portal, TextLength.Clean(signerName), TextLength.Clean(jobTitle), channels, terms, UtcNow, actor, null, ct);
    }

    /// <summary>Staff record a consent received on paper, with the signed PDF kept as the organization's private file.</summary>
    public async Task<Attempt<WinnersOperationStatus>> RecordPaperAsync(Guid nominationKey, string? signerName, string? jobTitle, PublishingChannels channels,
        DateOnly? signedOn, Stream? pdf, string? fileName, string actor, CancellationToken ct = default)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Key == nominationKey, ct);
        if (nomination?.AwardedUtc is null)
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.NotFound, "Consent is recorded for declared winners only.");
        }

        var errors = CheckSigner(signerName, jobTitle, channels);
        var today = DateOnly.FromDateTime(UtcNow);
        if (signedOn is not { } date)
        {
            errors["SignedOn"] = "Enter the date on the signed paper.";
        }
        else if (date > today || date.Year < 2000)
        {
            errors["SignedOn"] = "The date on the paper cannot be in the future.";
        }

        if (pdf is null || string.IsNullOrWhiteSpace(fileName))
        {
            errors["File"] = "Attach the signed terms as a PDF.";
        }

        var terms = await TermsAsync(ct);
        if (terms is null)
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.WrongState, "Publish the winner publishing terms first: a consent names the version signed.");
        }

        if (errors.Count > 0)
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.Invalid, "Nothing was recorded: please correct the fields marked below.", errors);
        }

        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == nomination.OrganizationId, ct);
        var owner = Organization.MediaOwner(organization.Key);
        var stored = await privateMedia.UploadPrivateAsync(pdf!, fileName!, null, owner, actor, ct);
        if (!stored.Succeeded)
        {
            return Attempt<WinnersOperationStatus>.Invalid(WinnersOperationStatus.Invalid, "File", stored.Message ?? "The file was not accepted.");
        }

        if (stored.Value!.Kind != MediaKind.Document)
        {
            await privateMedia.DeletePrivateAsync(stored.Value.Key, owner, actor, ct);
            return Attempt<WinnersOperationStatus>.Invalid(WinnersOperationStatus.Invalid, "File", "The signed terms must be a PDF; that file is a picture.");
        }

        var signedUtc = signedOn!.Value.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        var result = await AddAsync(nomination, ConsentMethod.Paper, TextLength.Clean(signerName), TextLength.Clean(jobTitle), channels, terms, signedUtc, actor, stored.Value.Key, ct);
        if (!result.Succeeded)
        {
            await privateMedia.DeletePrivateAsync(stored.Value.Key, owner, actor, ct);
        }

        return result;
    }

    /// <summary>
    /// Staff record that the organization withdrew its consent: every consent it gave, for this win and any other, is
    /// marked withdrawn (the rows stay), then each story leaves the site, its schedule is cleared and the library copy of
    /// the logo goes.
    /// </summary>
    public async Task<Attempt<WinnersOperationStatus>> WithdrawAsync(Guid nominationKey, DateOnly? withdrawnOn, string? reason, string actor,
        CancellationToken ct = default)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Key == nominationKey, ct);
        if (nomination is null)
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.NotFound, "That nomination does not exist.");
        }

        var errors = new Dictionary<string, string>();
        var checkedReason = TextLength.Check(reason, "The reason", WinnerConsent.ReasonMaxLength, "Say why the consent was withdrawn.");
        if (!checkedReason.IsValid)
        {
            errors["Reason"] = checkedReason.Error!;
        }

        if (withdrawnOn is not { } date)
        {
            errors["WithdrawnOn"] = "Enter the date the organization withdrew its consent.";
        }
        else if (date > DateOnly.FromDateTime(UtcNow) || date.Year < 2000)
        {
            errors["WithdrawnOn"] = "The withdrawal date cannot be in the future.";
        }

        if (errors.Count > 0)
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.Invalid, "Nothing was recorded: please correct the fields marked below.", errors);
        }

        // The organization withdraws, not one award: every consent it gave (each win) ends, and each story comes down.
        var active = await db.Set<WinnerConsent>().Where(c => c.OrganizationId == nomination.OrganizationId && c.WithdrawalRecordedUtc == null).ToListAsync(ct);
        if (!active.Any(c => c.NominationId == nomination.Id))
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.WrongState, "This winner has no consent to withdraw.");
        }

        var now = UtcNow;
        foreach (var consent in active)
        {
            consent.Withdraw(withdrawnOn!.Value.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc), checkedReason.Value!, actor, now);
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Publishing consent of organization {Organization} withdrawn ({Count} awards) by {Actor}", nomination.OrganizationId, active.Count, actor);
        foreach (var nominationId in active.Select(c => c.NominationId).Distinct())
        {
            await stories.TakeDownAsync(nominationId, actor, ct);
        }

        // Said even when a take-down failed: what reads consent (the delivery API's winners) must not answer from a cache.
        await events.PublishAsync(new WinnerConsentChangedNotification(), ct);
        return Attempt<WinnersOperationStatus>.Ok;
    }

    /// <summary>Whether the outcome of this nomination's category has been announced (the portal may say it won).</summary>
    public async Task<bool> IsAnnouncedAsync(Nomination nomination, CancellationToken ct = default) =>
        await db.WinnerDecisions.AsNoTracking().AnyAsync(d => d.CycleId == nomination.CycleId && d.CategoryKey == nomination.CategoryKey
            && d.NominationId == nomination.Id && d.AnnouncedUtc != null, ct);

    private async Task<Attempt<WinnersOperationStatus>> AddAsync(Nomination nomination, ConsentMethod method, string signerName, string jobTitle,
        PublishingChannels channels, PublishingTerms terms, DateTime signedUtc, string actor, Guid? paperFile, CancellationToken ct)
    {
        if (await db.Set<WinnerConsent>().AnyAsync(c => c.NominationId == nomination.Id && c.WithdrawalRecordedUtc == null, ct))
        {
            return Attempt<WinnersOperationStatus>.Fail(WinnersOperationStatus.WrongState, "Consent for this award is already on record.");
        }

        db.Add(new WinnerConsent(nomination.Id, nomination.OrganizationId, method, signerName.Trim(), jobTitle.Trim(), channels & PublishingChannels.All,
            terms.Key, terms.Version, signedUtc, actor, UtcNow, paperFile));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Publishing consent of nomination {Nomination} recorded ({Method}, terms version {Version}) by {Actor}",
            nomination.Key, method, terms.Version, actor);
        await events.PublishAsync(new WinnerConsentChangedNotification(), ct);

        // The story exists from the declaration; made here too if that step failed, then the logo goes into the library.
        var draft = await stories.EnsureDraftAsync(nomination.Id, ct);
        if (draft.Succeeded)
        {
            await stories.AddLogoAsync(nomination.Id, ct);
        }

        return Attempt<WinnersOperationStatus>.Ok;
    }

    private static Dictionary<string, string> CheckSigner(string? signerName, string? jobTitle, PublishingChannels channels)
    {
        var errors = new Dictionary<string, string>();
        var name = TextLength.Check(signerName, "Your name", WinnerConsent.NameMaxLength, "Enter the name of the person signing.");
        if (!name.IsValid)
        {
            errors["SignerName"] = name.Error!;
        }

        var title = TextLength.Check(jobTitle, "The job title", WinnerConsent.NameMaxLength, "Enter the job title of the person signing.");
        if (!title.IsValid)
        {
            errors["SignerJobTitle"] = title.Error!;
        }

        if (!channels.HasFlag(PublishingChannels.Website))
        {
            errors["Channels"] = "The website is part of the terms: the winner's page is published there. Without it, please contact us instead of signing.";
        }

        return errors;
    }
}

/// <summary>After a publishing consent was recorded or withdrawn: answers that list winners are out of date.</summary>
public sealed class WinnerConsentChangedNotification : INotification;
