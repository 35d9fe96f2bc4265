using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Notices;
using SqmSite.Cms.Security;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Notices;

/// <summary>Where a staff user chooses how they hear of new applications, checklists, stories and contact messages.</summary>
public sealed class StaffNoticesModel(StaffNotices notices, UserManager<BackofficeUser> users, CycleCatalog catalog,
    IOptions<StaffNoticeOptions> options) : PageModel
{
    [BindProperty]
    public string? Mode { get; set; }

    public StaffNoticeMode Current { get; private set; }

    /// <summary>"8:00 AM Eastern Time": when the digest goes out.</summary>
    public string DigestTime { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } userId)
        {
            return Forbid();
        }

        Current = await notices.ModeAsync(userId, ct);
        Mode = Current.ToString();
        Describe();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } userId)
        {
            return Forbid();
        }

        // Only the three choices; anything else a post carries gets a message, never a 500.
        if (!Enum.TryParse<StaffNoticeMode>(Mode, ignoreCase: false, out var mode) || !Enum.IsDefined(mode) || int.TryParse(Mode, out _))
        {
            ModelState.AddModelError(nameof(Mode), "Choose how you hear of new events: each by email, a daily digest, or none.");
            Current = await notices.ModeAsync(userId, ct);
            Describe();
            return Page();
        }

        await notices.SetModeAsync(userId, mode, ct);
        TempData.Notice(mode switch
        {
            StaffNoticeMode.EachEvent => "Saved: you get an email for each new event.",
            StaffNoticeMode.DailyDigest => $"Saved: you get one digest a day, at {DigestTimeText()}.",
            _ => "Saved: you get no notice emails. New events still show in the nominations list.",
        });
        return Redirect("/backoffice/awards/notices");
    }

    private void Describe() => DigestTime = DigestTimeText();

    private string DigestTimeText()
    {
        var zone = catalog.Current?.TimeZone ?? TimeZoneInfo.Utc;
        var at = DateTime.Today.Add(options.Value.DigestAt);
        return at.ToString("h:mm tt", System.Globalization.CultureInfo.InvariantCulture) + " " + SqmSite.Cms.Web.SiteTime.ZoneName(zone);
    }
}
