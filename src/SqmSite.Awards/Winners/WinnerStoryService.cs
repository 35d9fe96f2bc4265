using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Media;

namespace SqmSite.Awards.Winners;

public enum WinnersOperationStatus
{
    Success,
    Invalid,
    NotFound,

    /// <summary>The step does not fit: not a winner yet, not announced, already signed, nothing to withdraw.</summary>
    WrongState,

    /// <summary>The engine refused a content or media step; the message says why.</summary>
    ContentRefused,
}

/// <summary>The document types of the winners' part of the site.</summary>
public static class WinnerContentTypes
{
    public const string Index = "winnersIndex";
    public const string Year = "winnersYear";
    public const string Story = "winnerStory";
    public const string Terms = "publishingTerms";
}

/// <summary>
/// The winner story of a declared winner: a draft content item under the year's page (made when missing), which
/// marketing edits like any page. The submitted story on the nomination is never changed; the content item holds the
/// edited copy. The logo becomes a library item only while consent is in force.
/// </summary>
public sealed partial class WinnerStoryService(
    AwardsDbContext db,
    CmsDbContext cms,
    ContentService content,
    IMediaService media,
    IPrivateMediaService privateMedia,
    TimeProvider clock,
    ILogger<WinnerStoryService> logger)
{
    public const string Author = "awards";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>The winner story's content item of a nomination, when one exists.</summary>
    public async Task<ContentNode?> StoryNodeAsync(int nominationId, CancellationToken ct = default) =>
        await db.Set<WinnerStoryLink>().AsNoTracking().FirstOrDefaultAsync(l => l.NominationId == nominationId, ct) is { } link
            ? await content.GetNodeAsync(link.ContentKey, ct)
            : null;

    /// <summary>
    /// Makes the winner story draft of a declared winner, once: a second call (or a retry after a failure) finds the
    /// one already made. A story deleted by an editor is made again.
    /// </summary>
    public async Task<Attempt<ContentNode, WinnersOperationStatus>> EnsureDraftAsync(int nominationId, CancellationToken ct = default)
    {
        var nomination = await db.Nominations.AsNoTracking().FirstOrDefaultAsync(n => n.Id == nominationId, ct);
        if (nomination?.AwardedUtc is null)
        {
            return Attempt<ContentNode, WinnersOperationStatus>.Fail(WinnersOperationStatus.WrongState, "Only a declared winner has a winner story.");
        }

        var link = await db.Set<WinnerStoryLink>().FirstOrDefaultAsync(l => l.NominationId == nominationId, ct);
        if (link is not null && await content.GetNodeAsync(link.ContentKey, ct) is { } existing)
        {
            return Attempt<ContentNode, WinnersOperationStatus>.Ok(existing);
        }

        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == nomination.CycleId, ct);
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == nomination.OrganizationId, ct);
        var year = await YearPageAsync(cycle.Year, ct);
        if (!year.Succeeded)
        {
            return year;
        }

        var key = Guid.NewGuid();
        var values = DraftValues(nomination, cycle, organization);
        if (await cms.ContentNodes.AnyAsync(n => n.Key == nomination.CategoryKey, ct))
        {
            values["categoryPage"] = nomination.CategoryKey.ToString("D");
        }

        var created = await content.CreateAsync(year.Value!.Id, WinnerContentTypes.Story,
            new ContentEdit($"{organization.OfficialName}, {nomination.CategoryName}", ContentService.ToUrlSegment($"{organization.OfficialName} {nomination.CategoryName}"), values),
            Author, key, ct);
        if (!created.Succeeded)
        {
            logger.LogWarning("The winner story of nomination {Nomination} was not created: {Message}", nomination.Key, created.Message);
            return Attempt<ContentNode, WinnersOperationStatus>.Fail(WinnersOperationStatus.ContentRefused, created.Message ?? "The winner story was not created.", created.Errors);
        }

        if (link is null)
        {
            db.Add(new WinnerStoryLink(nominationId, key, UtcNow));
        }
        else
        {
            link.PointAt(key);
            link.SetLogo(null);
        }

        await db.SaveChangesAsync(ct);
        if (await db.Set<WinnerConsent>().AnyAsync(c => c.NominationId == nominationId && c.WithdrawalRecordedUtc == null, ct))
        {
            await AddLogoAsync(nominationId, ct);
        }

        return Attempt<ContentNode, WinnersOperationStatus>.Ok(created.Value!);
    }

    /// <summary>
    /// Consent now exists: the organization's logo is copied into the media library (folder "Winners/{year}") and put
    /// on the story's draft. Without a private logo, or when the story already has its copy, nothing changes.
    /// </summary>
    public async Task AddLogoAsync(int nominationId, CancellationToken ct = default)
    {
        var link = await db.Set<WinnerStoryLink>().FirstOrDefaultAsync(l => l.NominationId == nominationId, ct);
        var nomination = await db.Nominations.AsNoTracking().FirstAsync(n => n.Id == nominationId, ct);
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == nomination.OrganizationId, ct);
        if (link is null || organization.LogoMediaKey is not { } logoKey)
        {
            return;
        }

        if (link.LogoMediaKey is { } copy && await media.GetAsync(copy, ct) is not null)
        {
            return;
        }

        var owner = Organization.MediaOwner(organization.Key);
        var original = await privateMedia.GetPrivateAsync(logoKey, owner, ct);
        await using var stream = await privateMedia.OpenPrivateAsync(logoKey, owner, ct);
        if (original is null || stream is null)
        {
            return;
        }

        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == nomination.CycleId, ct);
        var folder = await media.EnsureFolderAsync($"Winners/{cycle.Year}", ct);
        var uploaded = await media.UploadAsync(stream, original.OriginalFileName, $"{organization.OfficialName} logo", folder.Value?.Id, Author, ct);
        if (!uploaded.Succeeded)
        {
            logger.LogWarning("The logo of {Organization} was not copied to the library: {Message}", organization.Key, uploaded.Message);
            return;
        }

        link.SetLogo(uploaded.Value!.Key);
        await db.SaveChangesAsync(ct);
        await SetLogoOnDraftAsync(link.ContentKey, uploaded.Value.Key, ct);
    }

    /// <summary>
    /// Consent was withdrawn: the story leaves the site at once (and its scheduled publish is cleared), its draft
    /// loses the logo, and the library copy of the logo is deleted (with its renditions). The submitted story stays.
    /// </summary>
    public async Task TakeDownAsync(int nominationId, string actor, CancellationToken ct = default)
    {
        var link = await db.Set<WinnerStoryLink>().FirstOrDefaultAsync(l => l.NominationId == nominationId, ct);
        if (link is null)
        {
            return;
        }

        if (await content.GetNodeAsync(link.ContentKey, ct) is { } node)
        {
            if (node.PublishAtUtc is not null || node.UnpublishAtUtc is not null)
            {
                await content.ScheduleAsync(node.Id, null, null, ct);
            }

            if (node.IsPublished)
            {
                var unpublished = await content.UnpublishAsync(node.Id, actor, ct);
                if (!unpublished.Succeeded)
                {
                    logger.LogError("Consent was withdrawn but winner story {Content} was not unpublished: {Message}", node.Key, unpublished.Message);
                }
            }

            await SetLogoOnDraftAsync(node.Key, null, ct);
        }

        if (link.LogoMediaKey is { } logo && await media.GetAsync(logo, ct) is { } item)
        {
            var deleted = await media.DeleteAsync(item.Id, actor, ct);
            if (!deleted.Succeeded)
            {
                logger.LogError("Consent was withdrawn but the library logo {Media} was not deleted: {Message}", logo, deleted.Message);
                return;
            }
        }

        link.SetLogo(null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The submitted story as plain text, the sections in order: what marketing's edited text is compared with.</summary>
    public static string SubmittedText(Nomination nomination)
    {
        // The sections under the headings the draft starts with, so that an unedited draft compares as the same text.
        var story = nomination.Story;
        var parts = new (string? Heading, string Text)[] { (null, story.Text), ("People", story.People), ("Process", story.Process), ("Technology", story.Technology) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Text));
        return string.Join("\n\n", parts.Select(p => p.Heading is null ? p.Text.Trim() : p.Heading + "\n\n" + p.Text.Trim()));
    }

    /// <summary>Rich text as the words a reader sees: tags removed, blocks as paragraphs, entities decoded.</summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = BlockEnd().Replace(html, "\n\n");
        text = WebUtility.HtmlDecode(Tag().Replace(text, ""));
        return ManyBlankLines().Replace(text.Replace("\r", ""), "\n\n").Trim();
    }

    /// <summary>The FCR and Csat of the submitted ratings, one line a year, in the format the story's Results field reads.</summary>
    public static IReadOnlyList<string> ResultLines(Nomination nomination)
    {
        var ratings = nomination.Story.Ratings;
        return [.. ratings.Select(r => r.Year).Distinct().Order().Select(y =>
        {
            string Figure(RatingMetric m) => ratings.FirstOrDefault(r => r.Year == y && r.Metric == m)?.Value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "";
            return $"{y}: FCR {Figure(RatingMetric.Fcr)}, Csat {Figure(RatingMetric.Csat)}";
        }).Where(l => !l.EndsWith("FCR , Csat ", StringComparison.Ordinal))];
    }

    private static Dictionary<string, string?> DraftValues(Nomination nomination, AwardCycle cycle, Organization organization)
    {
        var story = nomination.Story;
        var html = new StringBuilder();
        void Section(string? heading, string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            if (heading is not null)
            {
                html.Append("<h2>").Append(WebUtility.HtmlEncode(heading)).Append("</h2>");
            }

            foreach (var paragraph in text.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>")).Append("</p>");
            }
        }

        Section(null, story.Text);
        Section("People", story.People);
        Section("Process", story.Process);
        Section("Technology", story.Technology);
        var summarySource = !string.IsNullOrWhiteSpace(nomination.Overview) ? nomination.Overview : story.Text;
        var summary = summarySource.Replace("\r", " ").Replace("\n", " ").Trim();
        if (summary.Length > 280)
        {
            summary = summary[..summary.LastIndexOf(' ', 277)].TrimEnd(',', '.', ';') + "…";
        }

        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["headline"] = $"{organization.OfficialName} wins {nomination.CategoryName} {cycle.Year}",
            ["summary"] = summary.Length > 0 ? summary : $"{organization.OfficialName} won the {cycle.Year} {nomination.CategoryName} award.",
            ["organizationName"] = organization.OfficialName,
            ["category"] = nomination.CategoryName,
            ["categoryPage"] = null,
            ["year"] = cycle.Year.ToString(CultureInfo.InvariantCulture),
            ["story"] = html.Length > 0 ? html.ToString() : "<p>The submitted story was empty.</p>",
            ["results"] = string.Join("\n", ResultLines(nomination)),
        };
    }

    private async Task<Attempt<ContentNode, WinnersOperationStatus>> YearPageAsync(int year, CancellationToken ct)
    {
        var index = await cms.ContentNodes.AsNoTracking().Where(n => n.ContentTypeAlias == WinnerContentTypes.Index).OrderBy(n => n.Id).FirstOrDefaultAsync(ct);
        if (index is null)
        {
            return Attempt<ContentNode, WinnersOperationStatus>.Fail(WinnersOperationStatus.ContentRefused,
                "The site has no past-winners page (document type \"Past winners\") to put the story under; create one below the home page.");
        }

        var yearText = year.ToString(CultureInfo.InvariantCulture);
        var existing = await (from n in cms.ContentNodes.AsNoTracking()
                              join v in cms.ContentVersions.AsNoTracking() on n.LatestVersionId equals v.Id
                              where n.ParentId == index.Id && n.ContentTypeAlias == WinnerContentTypes.Year && v.UrlSegment == yearText
                              select n).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return Attempt<ContentNode, WinnersOperationStatus>.Ok(existing);
        }

        var edit = new ContentEdit($"{year} winners", yearText, new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["year"] = yearText,
            ["summary"] = $"The organizations that won the {year} CX Best Practice Awards, category by category.",
        });
        var created = index.IsPublished
            ? await content.CreateAndPublishAsync(index.Id, WinnerContentTypes.Year, edit, Author, ct)
            : await content.CreateAsync(index.Id, WinnerContentTypes.Year, edit, Author, ct: ct);
        return created.Value is { } node
            ? Attempt<ContentNode, WinnersOperationStatus>.Ok(node)
            : Attempt<ContentNode, WinnersOperationStatus>.Fail(WinnersOperationStatus.ContentRefused, created.Message ?? $"The {year} winners page was not created.", created.Errors);
    }

    /// <summary>Saves a draft of the story with the logo picker set (or cleared): a new version, marketing's text kept.</summary>
    private async Task SetLogoOnDraftAsync(Guid contentKey, Guid? logo, CancellationToken ct)
    {
        if (await content.GetNodeAsync(contentKey, ct) is not { } node || await content.GetLatestVersionAsync(node, ct) is not { } latest)
        {
            return;
        }

        var values = latest.Values.ToDictionary(p => p.Key, p => (string?)Cms.ContentTypes.PropertyValueParser.ToRaw(p.Value), StringComparer.OrdinalIgnoreCase);
        var current = values.GetValueOrDefault("logo");
        var wanted = logo?.ToString("D");
        if (string.Equals(current ?? "", wanted ?? "", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        values["logo"] = wanted;
        var saved = await content.SaveAsync(node.Id, new ContentEdit(latest.Name, latest.UrlSegment, values), Author, ct);
        if (!saved.Succeeded)
        {
            logger.LogWarning("The logo of winner story {Content} was not updated: {Message}", contentKey, saved.Message);
        }
    }

    [GeneratedRegex(@"</(p|h[1-6]|li|div|blockquote)>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\n\s*\n\s*(\n\s*)*")]
    private static partial Regex ManyBlankLines();
}
