using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Gala;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Gala;

/// <summary>
/// Staff's gala page: the settings, the invitations (winners, finalists, guests), the one-attendee rule per winner
/// (at-risk winners first, with the days left), seats per organization, reminders by hand, the summaries and exports.
/// </summary>
public sealed class IndexModel(CycleCatalog catalog, GalaService galas, TimeProvider clock) : GalaPageModel(catalog, galas)
{
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    [BindProperty] public string? StartsLocal { get; set; }
    [BindProperty] public string? RsvpDeadlineLocal { get; set; }
    [BindProperty] public string? Venue { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? PublicDetails { get; set; }
    [BindProperty] public string? Capacity { get; set; }
    [BindProperty] public string? SeatsPerOrganization { get; set; }
    [BindProperty] public bool FinalistsInvited { get; set; }
    [BindProperty] public string? TableSize { get; set; }
    [BindProperty] public string? ReminderDays { get; set; }

    [BindProperty] public string? GuestName { get; set; }
    [BindProperty] public string? GuestEmail { get; set; }
    [BindProperty] public string? GuestRole { get; set; }
    [BindProperty] public string? GuestSeats { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Current is null)
        {
            return NotFound();
        }

        var zone = Current.TimeZone;
        var starts = ParseLocal(StartsLocal, zone, nameof(StartsLocal), "The date and time of the dinner");
        var deadline = ParseLocal(RsvpDeadlineLocal, zone, nameof(RsvpDeadlineLocal), "The RSVP deadline");
        var capacity = ParseNumber(Capacity, nameof(Capacity), "The capacity");
        var seats = ParseNumber(SeatsPerOrganization, nameof(SeatsPerOrganization), "Seats per organization");
        var tableSize = ParseNumber(TableSize, nameof(TableSize), "The table size");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await Galas.SaveSettingsAsync(Current.Id, new GalaSettings(starts!.Value, Venue, Address, PublicDetails, capacity!.Value, deadline!.Value,
            seats!.Value, FinalistsInvited, tableSize!.Value, ReminderDays), ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result, key => key == "RsvpDeadline" ? nameof(RsvpDeadlineLocal) : key);
            return Page();
        }

        TempData.Notice(Board is null
            ? "The gala is set up. Press \"Send invitations\" when the winners are announced (and the finalists, if they are invited)."
            : "The gala's settings are saved; the conference page shows them.");
        return Redirect(PageUrl("/backoffice/awards/gala"));
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Board is null)
        {
            TempData.Alert("Save the gala's settings first.");
            return Redirect(PageUrl("/backoffice/awards/gala"));
        }

        var result = await Galas.InviteAsync(Board.Gala.Id, ct);
        if (result.Succeeded)
        {
            var (made, sent) = result.Value;
            TempData.Notice($"{Plural(made, "new invitation")}; {Plural(sent, "email")} with personal links queued.");
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect(PageUrl("/backoffice/awards/gala"));
    }

    public async Task<IActionResult> OnPostGuestAsync(CancellationToken ct)
    {
        if (await LoadGalaAsync(ct) is { } refused)
        {
            return refused;
        }

        var seats = string.IsNullOrWhiteSpace(GuestSeats) ? null : ParseNumber(GuestSeats, nameof(GuestSeats), "The guest's seats");
        if (!ModelState.IsValid)
        {
            Fill();
            return Page();
        }

        var result = await Galas.AddGuestAsync(Board!.Gala.Id, GuestName, GuestEmail, GuestRole, seats, ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            Fill();
            return Page();
        }

        TempData.Notice($"{result.Value!.GuestName} is invited; the invitation email with a personal link is queued.");
        return Redirect(PageUrl("/backoffice/awards/gala"));
    }

    public async Task<IActionResult> OnPostSeatsAsync(Guid invitation, string? seats, CancellationToken ct)
    {
        int? value = null;
        if (!string.IsNullOrWhiteSpace(seats))
        {
            if (!int.TryParse(seats, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                TempData.Alert("Seats must be a whole number; leave the box empty for the gala's default.");
                return Redirect(PageUrl("/backoffice/awards/gala"));
            }

            value = parsed;
        }

        var result = await Galas.SetSeatsAsync(invitation, value, ct);
        return Done(result, value is null ? "The invitation has the gala's default number of seats again." : $"The invitation has {Plural(value.Value, "seat")} now.",
            "/backoffice/awards/gala");
    }

    public async Task<IActionResult> OnPostRemindAsync(Guid invitation, CancellationToken ct) =>
        Done(await Galas.RemindAsync(invitation, ct), "A reminder is on its way to the winner's contacts.", "/backoffice/awards/gala");

    /// <summary>The attendee list or the seating plan, as CSV or Excel.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? list, string? format, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Board is null || list is not ("attendees" or "seating") || format is not ("csv" or "xlsx"))
        {
            return NotFound();
        }

        var table = list == "seating" ? GalaService.SeatingTable(Board) : GalaService.AttendeeTable(Board);
        Response.Headers.CacheControl = "no-store";
        return ExportFiles.Download(table, format, $"gala-{Board.Cycle.Year}-{list}", list == "seating" ? "Seating" : "Attendees");
    }

    /// <summary>The settings form from the saved gala, or from the defaults of the cycle.</summary>
    private void Fill()
    {
        if (Current is null || Request.Method == "POST" && ModelState.ErrorCount > 0 && StartsLocal is not null)
        {
            return;
        }

        var settings = Board?.Gala is { } g
            ? new GalaSettings(g.StartsUtc, g.Venue, g.Address, g.PublicDetails, g.Capacity, g.RsvpDeadlineUtc, g.SeatsPerOrganization, g.FinalistsInvited, g.TableSize,
                string.Join(", ", g.ReminderDays))
            : GalaService.Defaults(Current);
        StartsLocal = Current.Local(settings.StartsUtc).ToString(LocalFormat, CultureInfo.InvariantCulture);
        RsvpDeadlineLocal = Current.Local(settings.RsvpDeadlineUtc).ToString(LocalFormat, CultureInfo.InvariantCulture);
        Venue = settings.Venue;
        Address = settings.Address;
        PublicDetails = settings.PublicDetails;
        Capacity = settings.Capacity.ToString(CultureInfo.InvariantCulture);
        SeatsPerOrganization = settings.SeatsPerOrganization.ToString(CultureInfo.InvariantCulture);
        FinalistsInvited = settings.FinalistsInvited;
        TableSize = settings.TableSize.ToString(CultureInfo.InvariantCulture);
        ReminderDays = settings.ReminderDays;
    }

    private DateTime? ParseLocal(string? text, TimeZoneInfo zone, string key, string label)
    {
        if (!DateTime.TryParseExact(text, [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            ModelState.AddModelError(key, $"{label} must be a date and time such as 2027-05-20 19:00.");
            return null;
        }

        return TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
    }

    private int? ParseNumber(string? text, string key, string label)
    {
        if (!int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            ModelState.AddModelError(key, $"{label} must be a whole number.");
            return null;
        }

        return value;
    }

    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public static string Plural(int n, string thing) => n == 1 ? $"1 {thing}" : $"{n} {thing}s";
}
