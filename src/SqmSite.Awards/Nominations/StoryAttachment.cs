using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Data;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;
using SqmSite.Cms.Media;

namespace SqmSite.Awards.Nominations;

/// <summary>
/// A file attached to a nomination story (a PDF report, a screenshot): a private media item of the organization,
/// checked by the media pipeline. One row per file, apart from the nomination's own row, so adding a file never
/// races with the story's autosave and two uploads at once both land.
/// </summary>
public sealed class StoryAttachment
{
    public const int DescriptionMaxLength = 300;

    private StoryAttachment()
    {
    }

    internal StoryAttachment(int nominationId, MediaItem item, string? description, string uploadedBy, DateTime utcNow)
    {
        NominationId = nominationId;
        MediaKey = item.Key;
        FileName = PrivateMediaFiles.DownloadName(item);
        ContentType = item.Format.ContentType();
        Bytes = item.Bytes;
        IsImage = item.Kind == MediaKind.Image;
        Description = description;
        UploadedBy = uploadedBy;
        UploadedUtc = utcNow;
    }

    public int Id { get; private set; }

    public int NominationId { get; private set; }

    /// <summary>The private media item (owner: the organization).</summary>
    public Guid MediaKey { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Bytes { get; private set; }

    public bool IsImage { get; private set; }

    /// <summary>What the file shows, in the nominee's words (also the alt text of an image).</summary>
    public string? Description { get; private set; }

    public string UploadedBy { get; private set; } = "";

    public DateTime UploadedUtc { get; private set; }

    /// <summary>Erasing a person (a privacy request): the file stays the organization's, the uploader's name goes.</summary>
    internal void ReplaceUploader(string replacement) => UploadedBy = replacement;
}

/// <summary>
/// Adds, lists, removes and serves story attachments. Every call names the organization (or, for staff, none):
/// another organization's nomination or file answers as if it did not exist.
/// </summary>
public sealed class StoryAttachments(AwardsDbContext db, IPrivateMediaService media, PrivateMediaFiles files, TimeProvider clock, ILogger<StoryAttachments> logger)
{
    public const int MaxPerStory = 10;

    /// <summary>The first key of the per-nomination advisory lock of attachments (any constant of its own).</summary>
    private const int AttachmentLock = 0x53415454; // "SATT"

    private static readonly Attempt<NominationOperationStatus> TooMany =
        Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "File", $"A story may have at most {MaxPerStory} attachments. Remove one to add another.");

    public async Task<IReadOnlyList<StoryAttachment>> ListAsync(int nominationId, CancellationToken ct = default) =>
        await db.StoryAttachments.AsNoTracking().Where(a => a.NominationId == nominationId).OrderBy(a => a.UploadedUtc).ThenBy(a => a.Id).ToListAsync(ct);

    /// <summary>Checks and stores a file for the story of a nomination of <paramref name="organizationId"/>.</summary>
    public async Task<Attempt<NominationOperationStatus>> AddAsync(Guid nominationKey, int organizationId, Stream content, string fileName, string? description, string actor,
        CancellationToken ct = default)
    {
        if (await FindAsync(nominationKey, organizationId, ct) is not { } found)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotFound, "That nomination does not exist.");
        }

        var (nomination, cycle, organization) = found;
        var allowed = nomination.CanChangeAttachments(cycle, clock.GetUtcNow().UtcDateTime);
        if (!allowed.Succeeded)
        {
            return allowed;
        }

        var checkedText = TextLength.Check(description, "The description", StoryAttachment.DescriptionMaxLength);
        if (!checkedText.IsValid)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Description", checkedText.Error!);
        }

        var text = checkedText.Value;

        if (await db.StoryAttachments.CountAsync(a => a.NominationId == nomination.Id, ct) >= MaxPerStory)
        {
            return TooMany;
        }

        var stored = await media.UploadPrivateAsync(content, fileName, text, Organization.MediaOwner(organization), actor, ct);
        if (!stored.Succeeded)
        {
            var message = stored.Errors.TryGetValue("File", out var fileError) ? fileError : stored.Message ?? "The file was not accepted.";
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "File", message);
        }

        var attachment = new StoryAttachment(nomination.Id, stored.Value!, text, actor, clock.GetUtcNow().UtcDateTime);
        Attempt<NominationOperationStatus>? refused;
        try
        {
            // The upload took a while: the story may have been submitted, the deadline passed, or other uploads landed
            // meanwhile. The row is added and checked again in one transaction that, on PostgreSQL, holds a lock per
            // nomination: there ids are handed out before commits, which can come in another order, so two uploads at
            // once could each count the other as not there yet and both take the last place. SQLite has one writer.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AttachmentLock}, {nomination.Id})", ct);
            }

            db.StoryAttachments.Add(attachment);
            await db.SaveChangesAsync(ct);
            refused = await RecheckAsync(nomination.Key, nomination.Id, attachment.Id, ct);
            if (refused is null)
            {
                await transaction.CommitAsync(ct);
            }
            else
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
        catch
        {
            await media.DeletePrivateAsync(stored.Value!.Key, Organization.MediaOwner(organization), actor, CancellationToken.None);
            throw;
        }

        if (refused is not null)
        {
            await media.DeletePrivateAsync(stored.Value!.Key, Organization.MediaOwner(organization), actor, CancellationToken.None);
            return refused;
        }

        logger.LogInformation("Attachment {MediaKey} added to nomination {Nomination} by {Actor}", stored.Value!.Key, nomination.Key, actor);
        return Attempt<NominationOperationStatus>.Ok;
    }

    private async Task<Attempt<NominationOperationStatus>?> RecheckAsync(Guid nominationKey, int nominationId, int attachmentId, CancellationToken ct)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstAsync(n => n.Key == nominationKey, ct);
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == nomination.CycleId, ct);
        if (nomination.CanChangeAttachments(cycle, clock.GetUtcNow().UtcDateTime) is { Succeeded: false } closed)
        {
            return closed;
        }

        // Only the first MaxPerStory rows count; a later one made in a race is the one that goes.
        var place = await db.StoryAttachments.CountAsync(a => a.NominationId == nominationId && a.Id <= attachmentId, ct);
        return place > MaxPerStory ? TooMany : null;
    }

    /// <summary>Removes an attachment while the story can still be edited.</summary>
    public async Task<Attempt<NominationOperationStatus>> RemoveAsync(Guid nominationKey, int organizationId, Guid mediaKey, string actor, CancellationToken ct = default)
    {
        if (await FindAsync(nominationKey, organizationId, ct) is not { } found)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotFound, "That attachment does not exist.");
        }

        var (nomination, cycle, organization) = found;
        if (await db.StoryAttachments.FirstOrDefaultAsync(a => a.NominationId == nomination.Id && a.MediaKey == mediaKey, ct) is not { } attachment)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotFound, "That attachment does not exist.");
        }

        var allowed = nomination.CanChangeAttachments(cycle, clock.GetUtcNow().UtcDateTime);
        if (!allowed.Succeeded)
        {
            return allowed;
        }

        db.StoryAttachments.Remove(attachment);
        await db.SaveChangesAsync(ct);
        await media.DeletePrivateAsync(mediaKey, Organization.MediaOwner(organization), actor, ct);
        logger.LogInformation("Attachment {MediaKey} removed from nomination {Nomination} by {Actor}", mediaKey, nomination.Key, actor);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>
    /// The file of an attachment, for the nominee's organization (<paramref name="organizationId"/>) or for staff
    /// (null): anyone else's nomination or file is a 404.
    /// </summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> ServeAsync(Guid nominationKey, int? organizationId, Guid mediaKey, int? width, bool download,
        CancellationToken ct = default)
    {
        var owner = await (from n in db.Nominations
                           join a in db.StoryAttachments on n.Id equals a.NominationId
                           join o in db.Organizations on n.OrganizationId equals o.Id
                           where n.Key == nominationKey && a.MediaKey == mediaKey && (organizationId == null || n.OrganizationId == organizationId)
                           select new { o.Key }).FirstOrDefaultAsync(ct);
        return owner is null
            ? Microsoft.AspNetCore.Http.Results.NotFound()
            : await files.ServeAsync(mediaKey, Organization.MediaOwner(owner.Key), width, download, ct);
    }

    private async Task<(Nomination Nomination, Cycles.AwardCycle Cycle, Guid OrganizationKey)?> FindAsync(Guid nominationKey, int organizationId,
        CancellationToken ct)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Key == nominationKey && n.OrganizationId == organizationId, ct);
        if (nomination is null)
        {
            return null;
        }

        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == nomination.CycleId, ct);
        var organizationKey = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Key).FirstAsync(ct);
        return (nomination, cycle, organizationKey);
    }
}
