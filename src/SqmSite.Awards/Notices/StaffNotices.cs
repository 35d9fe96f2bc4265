using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Notices;

/// <summary>When the daily digest goes out, in the current cycle's zone, and how often the background pass looks.</summary>
public sealed class StaffNoticeOptions
{
    public const string Section = "SqmSite:Awards:StaffNotices";

    /// <summary>The wall-clock time of the digest in the current cycle's time zone.</summary>
    public TimeSpan DigestAt { get; set; } = new(8, 0, 0);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Staff notices: each event is recorded; staff who chose "each event" are emailed at once (in the event's own
/// transaction), the others get a daily digest of what happened since their last one, or nothing. Every email goes
/// through the outbox, from the <c>staff-notice</c> and <c>staff-digest</c> templates.
/// </summary>
public sealed class StaffNotices(
    AwardsDbContext db,
    UserManager<BackofficeUser> users,
    IEmailQueue emails,
    CycleCatalog catalog,
    IOptions<CmsOptions> cmsOptions,
    IOptions<StaffNoticeOptions> options,
    IHttpContextAccessor http,
    TimeProvider clock,
    ILogger<StaffNotices> logger)
{
    /// <summary>The staff users who hear of events: everyone who may open the nominations.</summary>
    public async Task<IReadOnlyList<BackofficeUser>> StaffAsync()
    {
        var all = new Dictionary<string, BackofficeUser>();
        foreach (var role in AwardsPolicies.NominationRoles)
        {
            foreach (var user in await users.GetUsersInRoleAsync(role))
            {
                all.TryAdd(user.Id, user);
            }
        }

        return [.. all.Values.Where(u => u.Email is not null).OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<StaffNoticeMode> ModeAsync(string userId, CancellationToken ct = default) =>
        (await db.StaffNoticeSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, ct))?.Mode ?? StaffNoticeMode.DailyDigest;

    public async Task SetModeAsync(string userId, StaffNoticeMode mode, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var setting = await db.StaffNoticeSettings.FirstOrDefaultAsync(s => s.UserId == userId, ct);
        if (setting is null)
        {
            // A new digest reader starts from now: what came before was theirs under the default already.
            db.StaffNoticeSettings.Add(new StaffNoticeSetting(userId, mode, now));
        }
        else
        {
            setting.Change(mode, now);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Records an event and queues the per-event emails, on the awards context: inside the caller's transaction when
    /// one is open, so the notice exists exactly when the event does. An <paramref name="urgent"/> notice is emailed at
    /// once to everyone who has not turned notices off, digest readers too.
    /// </summary>
    public async Task RecordAsync(StaffNoticeKind kind, string summary, string? path, bool urgent = false, CancellationToken ct = default)
    {
        var notice = new StaffNotice(kind, summary, path, clock.GetUtcNow().UtcDateTime);
        db.StaffNotices.Add(notice);
        await db.SaveChangesAsync(ct);

        var staff = await StaffAsync();
        var ids = staff.Select(u => u.Id).ToList();
        var modes = await db.StaffNoticeSettings.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, s => s.Mode, ct);
        var eachEvent = ids.Where(id => modes.GetValueOrDefault(id, StaffNoticeMode.DailyDigest) is var mode
            && (mode == StaffNoticeMode.EachEvent || (urgent && mode == StaffNoticeMode.DailyDigest))).ToHashSet();
        var zone = Zone();
        foreach (var user in staff.Where(u => eachEvent.Contains(u.Id)))
        {
            var model = new Dictionary<string, string?>
            {
                ["staffName"] = Name(user),
                ["what"] = StaffNotice.Describe(kind),
                ["summary"] = notice.Summary,
                ["time"] = SiteTime.Format(notice.AtUtc, zone),
                ["noticeUrl"] = path is null ? BaseUrl() + "/backoffice/awards/nominations" : BaseUrl() + path,
                ["settingsUrl"] = BaseUrl() + "/backoffice/awards/notices",
            };
            await QueueAsync(EmailRequest.FromTemplate("staff-notice", user.Email!, model, $"staff-notice:{notice.Id}:{user.Id}"), ct);
        }
    }

    /// <summary>The background pass: sends the digests due by the clock's now.</summary>
    public Task<int> SendDueDigestsAsync(CancellationToken ct = default) => SendDueDigestsAsync(clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>
    /// Sends every digest due at <paramref name="utcNow"/>: one per digest reader, listing the notices after their
    /// last digest up to the latest digest time (today's, or yesterday's before it). Nothing new, no email. Safe to
    /// run on several instances at once: each digest has one idempotency key per reader and day.
    /// </summary>
    public async Task<int> SendDueDigestsAsync(DateTime utcNow, CancellationToken ct = default)
    {
        var zone = Zone();
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        var dueLocal = local.Date + options.Value.DigestAt;
        if (local < dueLocal)
        {
            dueLocal = dueLocal.AddDays(-1);
        }

        var dueUtc = TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(dueLocal) ? dueLocal.AddHours(1) : dueLocal, zone);
        var staff = await StaffAsync();
        var ids = staff.Select(u => u.Id).ToList();
        var settings = await db.StaffNoticeSettings.Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, ct);
        var sent = 0;
        foreach (var user in staff)
        {
            var setting = settings.GetValueOrDefault(user.Id);
            if (setting is null)
            {
                setting = new StaffNoticeSetting(user.Id, StaffNoticeMode.DailyDigest, utcNow);
                db.StaffNoticeSettings.Add(setting);
            }

            if (setting.Mode != StaffNoticeMode.DailyDigest || setting.LastDigestUtc >= dueUtc)
            {
                continue;
            }

            var since = setting.LastDigestUtc ?? dueUtc.AddDays(-1);
            var items = await db.StaffNotices.AsNoTracking().Where(n => n.AtUtc > since && n.AtUtc <= dueUtc)
                .OrderBy(n => n.AtUtc).ThenBy(n => n.Id).ToListAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            setting.DigestSent(dueUtc);
            await db.SaveChangesAsync(ct);
            if (items.Count > 0)
            {
                var lines = items.Select(n => $"{SiteTime.FormatShort(n.AtUtc, zone)} · {StaffNotice.Describe(n.Kind)}: {n.Summary}");
                var model = new Dictionary<string, string?>
                {
                    ["staffName"] = Name(user),
                    ["count"] = items.Count.ToString("N0", CultureInfo.InvariantCulture),
                    ["period"] = $"{SiteTime.Format(since, zone)} to {SiteTime.Format(dueUtc, zone)}",
                    ["items"] = string.Join("\n", lines),
                    ["nominationsUrl"] = BaseUrl() + "/backoffice/awards/nominations",
                    ["settingsUrl"] = BaseUrl() + "/backoffice/awards/notices",
                };
                var key = $"staff-digest:{user.Id}:{dueLocal.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
                if (await QueueAsync(EmailRequest.FromTemplate("staff-digest", user.Email!, model, key), ct))
                {
                    sent++;
                }
            }

            await transaction.CommitAsync(ct);
        }

        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>The digest's zone: the current cycle's, else the site's.</summary>
    private TimeZoneInfo Zone() => catalog.Current?.TimeZone
        ?? (TimeZoneInfo.TryFindSystemTimeZoneById(cmsOptions.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc);

    private async Task<bool> QueueAsync(EmailRequest request, CancellationToken ct)
    {
        var result = await emails.EnqueueAsync(request, db, ct);
        if (!result.Succeeded)
        {
            // The event itself stands; a missing template must not block the awards. Operators see it in the log.
            logger.LogError("A staff notice ({Template}) was not queued: {Error}", request.TemplateAlias, result.Message);
        }

        return result.Succeeded;
    }

    private static string Name(BackofficeUser user) => string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName;

    private string BaseUrl() => PublicUrls.BaseUrl(http.HttpContext, cmsOptions.Value);
}
