using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Gala;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// The awards gala in Chromium: staff set it up and invite the winners; a winner's person answers for two people in
/// the portal and gets their tickets; staff see the winner turn "Confirmed", seat the party and check people in at the
/// door; a guest answers through the emailed link, waits while the gala is full and confirms the seats offered when
/// staff raise the capacity; a winner is told before it declines its last person. The tests share one gala (one per
/// cycle), so each arranges what it needs and none depends on another having run.
/// </summary>
public sealed partial class GalaBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private AwardCycle Cycle => fixture.Services.GetRequiredService<CycleCatalog>().Current!;

    /// <summary>The gala through the service, when no test has set it up through the page yet.</summary>
    private Task EnsureGalaAsync() => fixture.WithServicesAsync(async s =>
    {
        var galas = s.GetRequiredService<GalaService>();
        if (await galas.ForCycleAsync(Cycle.Id) is null)
        {
            var settings = GalaService.Defaults(Cycle) with { Venue = "Harbour Hall", Address = "1 Quay Street, Boston" };
            var saved = await galas.SaveSettingsAsync(Cycle.Id, settings);
            Assert.True(saved.Succeeded, saved.Message);
        }

        return true;
    });

    private Task<int> CapacityToFitAsync(int extra) => fixture.WithServicesAsync(async s =>
    {
        var galas = s.GetRequiredService<GalaService>();
        var gala = (await galas.ForCycleAsync(Cycle.Id))!;
        var seats = await s.GetRequiredService<RsvpService>().SeatsAsync(gala);
        var capacity = seats.Held + seats.ReservedForWinners + extra;
        var settings = new GalaSettings(gala.StartsUtc, gala.Venue, gala.Address, gala.PublicDetails, capacity, gala.RsvpDeadlineUtc, gala.SeatsPerOrganization,
            gala.FinalistsInvited, gala.TableSize, string.Join(", ", gala.ReminderDays));
        var saved = await galas.SaveSettingsAsync(Cycle.Id, settings);
        Assert.True(saved.Succeeded, saved.Message);
        return capacity;
    });

    private static ILocator Person(IPage page, int n) => page.GetByRole(AriaRole.Group, new() { NameRegex = new Regex($"^Person {n}\\b") });

    private static async Task TypePersonAsync(IPage page, int n, string name, string email, string jobTitle, string? dietary = null)
    {
        var row = Person(page, n);
        await row.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await row.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await row.GetByLabel("Job title", new() { Exact = true }).FillAsync(jobTitle);
        if (dietary is not null)
        {
            await row.GetByLabel("Dietary needs (optional)").FillAsync(dietary);
        }
    }

    [Fact]
    public async Task A_winner_answers_for_two_people_staff_see_it_confirmed_seat_the_party_and_check_one_in_at_the_door()
    {
        const string email = "wanda@gala-winner.example";
        const string organization = "Wanda's Winning Contact Center";
        var nominee = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, organization));
        var organizationId = await PortalTestSteps.OrganizationIdAsync(fixture, email);
        await WinnerSteps.AnnouncedWinnerAsync(fixture, "Emerging Channels", organizationId, organization);

        // Staff: the gala's settings, then the invitations.
        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staff.GotoAsync("/backoffice");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Gala", Exact = true }).First.ClickAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = $"Gala · {Cycle.Name}" }).WaitForAsync();
        await staff.GetByLabel("Venue").FillAsync("Harbour Hall");
        await staff.GetByLabel("Address").FillAsync("1 Quay Street, Boston");
        await staff.GetByLabel("Capacity (seats)").FillAsync("0");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the gala's settings" }).ClickAsync();
        await staff.GetByText("The capacity must be a number of seats from 1 to 5,000.").First.WaitForAsync();
        Assert.Equal("Harbour Hall", await staff.GetByLabel("Venue").InputValueAsync());
        await staff.GetByLabel("Capacity (seats)").FillAsync("120");
        await staff.GetByLabel("What the conference page may say (optional)").FillAsync("Black tie. Doors open at 6:30 PM.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the gala's settings" }).ClickAsync();
        await staff.GetByText(new Regex("The gala is set up|The gala's settings are saved")).WaitForAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send invitations" }).ClickAsync();
        await staff.GetByText(new Regex(@"\d+ new invitations?; \d+ emails? with personal links queued")).WaitForAsync();
        var winnerRow = staff.GetByRole(AriaRole.Region, new() { Name = "Winners and their attendance" }).GetByRole(AriaRole.Row, new() { Name = organization });
        await winnerRow.GetByText("Invited, no reply").WaitForAsync();

        // The public conference page shows the date and venue from the gala.
        var visitor = await PortalTestSteps.PatientAsync(fixture.NewPageAsync());
        await visitor.GotoAsync("/conference-and-gala/");
        await visitor.GetByRole(AriaRole.Heading, new() { Name = $"The {Cycle.Year} awards gala dinner" }).WaitForAsync();
        await visitor.GetByText("Harbour Hall").First.WaitForAsync();
        await visitor.GetByText("Black tie. Doors open at 6:30 PM.").WaitForAsync();

        // The winner: from the portal's card to the answer page; a bad address is refused and nothing is lost.
        await nominee.GotoAsync("/portal");
        await nominee.GetByRole(AriaRole.Link, new() { Name = "Answer the gala invitation" }).ClickAsync();
        await nominee.GetByRole(AriaRole.Heading, new() { Name = "The awards gala", Exact = true }).WaitForAsync();
        await nominee.GetByText("Your organization won: at least one person must attend").WaitForAsync();
        await TypePersonAsync(nominee, 1, "Wanda Winner", "wanda.w@gala-winner.example", "Head of Service", "Vegetarian");
        await TypePersonAsync(nominee, 2, "Walter Wing", "walter@not an address", "Team Lead");
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Save our answer" }).ClickAsync();
        await nominee.GetByText("Person 2's email address does not look right").First.WaitForAsync();
        Assert.Equal("Wanda Winner", await Person(nominee, 1).GetByLabel("Name", new() { Exact = true }).InputValueAsync());
        await Person(nominee, 2).GetByLabel("Email", new() { Exact = true }).FillAsync("walter@gala-winner.example");
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Save our answer" }).ClickAsync();
        await nominee.GetByText("Your answer is saved: 2 people have seats.").WaitForAsync();
        await nominee.GetByRole(AriaRole.Heading, new() { Name = "Tickets" }).WaitForAsync();
        await nominee.GetByRole(AriaRole.Img, new() { Name = "QR code of Wanda Winner's ticket" }).WaitForAsync();
        var code = await nominee.Locator(".gala-ticket", new() { HasText = "Wanda Winner" }).Locator(".gala-code").InnerTextAsync();
        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", code);
        await BrowserFixture.ScreenshotAsync(nominee, "gala-portal");
        await BrowserFixture.AssertAccessibleAsync(nominee, "the portal's gala page");

        // The confirmation reached Wanda with the calendar file and the QR code.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && fixture.Sink.To("wanda.w@gala-winner.example").Count == 0)
        {
            await Task.Delay(200);
        }

        var confirmation = fixture.Sink.To("wanda.w@gala-winner.example").Last();
        Assert.Contains(code, confirmation.Message.HtmlBody);
        var attachments = confirmation.Message.Attachments.OfType<MimeKit.MimePart>().ToList();
        Assert.Contains(attachments, a => a.FileName == "gala.ics" && a.ContentType.MimeType == "text/calendar");
        Assert.Contains(attachments, a => a.ContentType.MimeType == "image/png");

        // Staff: the winner is green, the needs are counted.
        await staff.ReloadAsync();
        await winnerRow.GetByText("Confirmed").WaitForAsync();
        await staff.GetByText("Vegetarian: 1").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "gala-staff");
        await BrowserFixture.AssertAccessibleAsync(staff, "the gala page");
        var csv = await BrowserFixture.DownloadAsync(staff, staff.GetByRole(AriaRole.Link, new() { Name = "CSV" }).First);
        var text = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Contains("Wanda Winner", text);
        Assert.Contains("Walter Wing", text);

        // Staff give the winner a third seat: the portal offers a third row.
        await staff.GetByLabel($"Seats for {organization}").FillAsync("3");
        await staff.GetByRole(AriaRole.Button, new() { Name = $"Set seats for {organization}" }).ClickAsync();
        await staff.GetByText("The invitation has 3 seats now.").WaitForAsync();
        await nominee.ReloadAsync();
        await Person(nominee, 3).GetByLabel("Name", new() { Exact = true }).WaitForAsync();

        // Seating: automatically, then moved by hand.
        await staff.GetByRole(AriaRole.Link, new() { Name = "Seating plan" }).ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Place automatically" }).ClickAsync();
        await staff.GetByText(new Regex(@"(\d+ part(y|ies) placed, winners nearest the stage|Every party with people coming has a table already)")).WaitForAsync();
        var select = staff.GetByLabel($"Table for {organization}");
        Assert.Equal("1", await select.InputValueAsync());
        await select.SelectOptionAsync("2");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the seating plan" }).ClickAsync();
        await staff.GetByText("The seating plan is saved.").WaitForAsync();
        Assert.Equal("2", await staff.GetByLabel($"Table for {organization}").InputValueAsync());

        // The door: the typed code, twice; then a search by name.
        var door = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, 390, 844));
        await door.GotoAsync("/backoffice/awards/gala/checkin");
        await door.GetByLabel("Code on the ticket").FillAsync(code.ToLowerInvariant().Replace("-", " "));
        await door.GetByRole(AriaRole.Button, new() { Name = "Check in", Exact = true }).ClickAsync();
        await door.GetByText($"Welcome, Wanda Winner ({organization}), table 2: checked in.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(door, "gala-door");
        await BrowserFixture.AssertAccessibleAsync(door, "the door page at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(door, "the door page at 390 px");
        await door.GetByLabel("Code on the ticket").FillAsync(code);
        await door.GetByRole(AriaRole.Button, new() { Name = "Check in", Exact = true }).ClickAsync();
        await door.GetByText(new Regex($"Wanda Winner \\({Regex.Escape(organization)}\\) already arrived at .+, table 2\\.")).WaitForAsync();
        await door.GetByLabel("Code on the ticket").FillAsync("NOT-A-CODE");
        await door.GetByRole(AriaRole.Button, new() { Name = "Check in", Exact = true }).ClickAsync();
        await door.GetByText("That is not a door code").WaitForAsync();
        await door.GetByLabel("Name or organization").FillAsync("Walter");
        await door.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await door.GetByRole(AriaRole.Button, new() { Name = "Check in Walter Wing" }).ClickAsync();
        await door.GetByText($"Welcome, Walter Wing ({organization}), table 2: checked in.").WaitForAsync();
        await door.GetByText(new Regex("^Arrived ")).WaitForAsync();

        var arrived = await fixture.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Set<GalaAttendee>()
            .CountAsync(a => a.Email.EndsWith("@gala-winner.example") && a.CheckedInUtc != null));
        Assert.Equal(2, arrived);

        // Both staff pages at 390 px.
        foreach (var path in new[] { "/backoffice/awards/gala", "/backoffice/awards/gala/seating" })
        {
            await door.GotoAsync(path);
            await BrowserFixture.ScreenshotAsync(door, "gala-" + path.Split('/').Last());
            await BrowserFixture.AssertAccessibleAsync(door, path + " at 390 px");
            await BrowserFixture.AssertNoSidewaysScrollAsync(door, path + " at 390 px");
        }

        var phone = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, organization, 390, 844));
        await phone.GotoAsync("/portal/gala");
        await BrowserFixture.ScreenshotAsync(phone, "gala-portal");
        await BrowserFixture.AssertAccessibleAsync(phone, "the portal's gala page at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(phone, "the portal's gala page at 390 px");
    }

    [Fact]
    public async Task A_guest_answers_through_the_emailed_link_waits_while_the_gala_is_full_and_gives_back_the_seat_offered_when_staff_raise_the_capacity_and_the_next_guest_confirms_it()
    {
        await EnsureGalaAsync();
        await CapacityToFitAsync(0);

        // Staff invite a guest through the form; a bad address first.
        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staff.GotoAsync("/backoffice/awards/gala");
        await staff.GetByLabel("Name", new() { Exact = true }).FillAsync("Grace Guest");
        await staff.GetByLabel("Email", new() { Exact = true }).FillAsync("grace at guest");
        await staff.GetByLabel("Invited as").FillAsync("Judge");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Invite the guest" }).ClickAsync();
        await staff.GetByText("Enter the guest's email address as name@example.org").First.WaitForAsync();
        Assert.Equal("Grace Guest", await staff.GetByLabel("Name", new() { Exact = true }).InputValueAsync());
        await staff.GetByLabel("Email", new() { Exact = true }).FillAsync("grace@guest.example");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Invite the guest" }).ClickAsync();
        await staff.GetByText("Grace Guest is invited").WaitForAsync();

        // The guest's link, from the email; the gala is full, so she waits.
        var link = new Uri(await fixture.LinkFromSinkAsync("grace@guest.example", RsvpLink())).PathAndQuery;
        var guest = await PortalTestSteps.PatientAsync(fixture.NewPageAsync());
        await guest.GotoAsync(link);
        await guest.GetByRole(AriaRole.Heading, new() { Name = "Your gala invitation" }).WaitForAsync();
        await TypePersonAsync(guest, 1, "Grace Guest", "grace@guest.example", "Judge");
        await guest.GetByRole(AriaRole.Button, new() { Name = "Save our answer" }).ClickAsync();
        await guest.GetByText(new Regex("the gala is full, so 1 person waits on the waiting list together \\(place \\d+\\)")).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(guest, "gala-link-waiting");
        await BrowserFixture.AssertAccessibleAsync(guest, "the gala link's page");

        // A tampered link gets a clear page.
        var response = await guest.GotoAsync(link[..^3] + "xyz");
        Assert.Equal(400, response!.Status);
        await guest.GetByText("This invitation link does not work").WaitForAsync();

        // A second guest waits behind her.
        await staff.ReloadAsync();
        await staff.GetByLabel("Name", new() { Exact = true }).FillAsync("Hal Host");
        await staff.GetByLabel("Email", new() { Exact = true }).FillAsync("hal@guest.example");
        await staff.GetByLabel("Invited as").FillAsync("Sponsor");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Invite the guest" }).ClickAsync();
        await staff.GetByText("Hal Host is invited").WaitForAsync();
        var hal = await PortalTestSteps.PatientAsync(fixture.NewPageAsync());
        await hal.GotoAsync(new Uri(await fixture.LinkFromSinkAsync("hal@guest.example", RsvpLink())).PathAndQuery);
        await TypePersonAsync(hal, 1, "Hal Host", "hal@guest.example", "Sponsor");
        await hal.GetByRole(AriaRole.Button, new() { Name = "Save our answer" }).ClickAsync();
        await hal.GetByText(new Regex("the gala is full")).WaitForAsync();

        // Staff raise the capacity by one through the form: the first waiting guest is offered the seat by email.
        await staff.ReloadAsync();
        await staff.GetByLabel("Capacity (seats)").FillAsync((await CapacityNowAsync() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the gala's settings" }).ClickAsync();
        await staff.GetByText("The gala's settings are saved").WaitForAsync();
        var offer = new Uri(await fixture.LinkFromSinkAsync("grace@guest.example", OfferLink())).PathAndQuery;
        await guest.GotoAsync(offer);
        await guest.GetByText("They are held for you until").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(guest, "gala-offer");
        await BrowserFixture.AssertAccessibleAsync(guest, "the offer page");

        // Grace gives it back: it goes to Hal, who confirms it.
        await guest.GetByRole(AriaRole.Button, new() { Name = "Give the seats back" }).ClickAsync();
        await guest.GetByText("The seats are given back, and go to the next party on the waiting list.").WaitForAsync();
        var halOffer = new Uri(await fixture.LinkFromSinkAsync("hal@guest.example", OfferLink())).PathAndQuery;
        await hal.GotoAsync(halOffer);
        await hal.GetByRole(AriaRole.Button, new() { Name = "Confirm the seats" }).ClickAsync();
        await hal.GetByText("Confirmed: 1 seat is yours.").WaitForAsync();

        // An offer link works once.
        await guest.GotoAsync(offer);
        await guest.GetByText("This link is not valid: it was already used").WaitForAsync();
        var statuses = await fixture.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Set<GalaAttendee>()
            .Where(a => a.Email.EndsWith("@guest.example")).OrderBy(a => a.Email).Select(a => a.Status).ToListAsync());
        Assert.Equal([AttendeeStatus.Declined, AttendeeStatus.Accepted], statuses);
    }

    [Fact]
    public async Task A_winner_is_told_that_one_person_is_required_before_declining_its_last_one_and_staff_are_told_at_once()
    {
        const string email = "dora@declining.example";
        const string organization = "Dora's Distant Contact Center";
        await EnsureGalaAsync();
        await CapacityToFitAsync(10);

        // Signed in first: the staff member exists when the notice goes out.
        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        var nominee = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, organization));
        var organizationId = await PortalTestSteps.OrganizationIdAsync(fixture, email);
        await WinnerSteps.AnnouncedWinnerAsync(fixture, "IVR Self-Service", organizationId, organization);
        await fixture.WithServicesAsync(async s =>
        {
            var gala = (await s.GetRequiredService<GalaService>().ForCycleAsync(Cycle.Id))!;
            return await s.GetRequiredService<GalaService>().InviteAsync(gala.Id);
        });

        await nominee.GotoAsync("/portal/gala");
        await TypePersonAsync(nominee, 1, "Dora Distant", "dora.d@declining.example", "Director");
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Save our answer" }).ClickAsync();
        await nominee.GetByText("Your answer is saved: 1 person has a seat.").WaitForAsync();

        // Declining the only person: refused until the box is ticked.
        await Person(nominee, 1).GetByLabel("Answer").SelectOptionAsync("not-coming");
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Save our answer" }).ClickAsync();
        await nominee.GetByText("at least one person must attend the gala to receive it. Nothing was changed.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(nominee, "gala-one-attendee-rule");
        await BrowserFixture.AssertAccessibleAsync(nominee, "the one-attendee rule's message");
        await nominee.GetByLabel("I understand that one person is required, and nobody from our organization can come").CheckAsync();
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Save our answer" }).ClickAsync();
        await nominee.GetByText("Your answer is saved: nobody from your party is coming.").WaitForAsync();

        await staff.GotoAsync("/backoffice/awards/gala");
        var row = staff.GetByRole(AriaRole.Region, new() { Name = "Winners and their attendance" }).GetByRole(AriaRole.Row, new() { Name = organization });
        await row.GetByText("Declined all").WaitForAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Send a reminder to {organization}" }).ClickAsync();
        await staff.GetByText("A reminder is on its way to the winner's contacts.").WaitForAsync();

        // Staff were told at once, by email, whatever their notice setting (the notice is urgent).
        var staffAddress = BrowserFixture.StaffEmail(BackofficeRoles.AwardsStaff);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !fixture.Sink.To(staffAddress).Any(m => (m.Message.Subject ?? "").Contains($"{organization} answered that nobody can come")))
        {
            await Task.Delay(200);
        }

        Assert.Contains(fixture.Sink.To(staffAddress), m => (m.Message.Subject ?? "").Contains($"{organization} answered that nobody can come"));
    }

    private Task<int> CapacityNowAsync() => fixture.WithServicesAsync(async s => (await s.GetRequiredService<GalaService>().ForCycleAsync(Cycle.Id))!.Capacity);

    [GeneratedRegex("https?://[^\"<\\s]+/gala/rsvp\\?token=[^\"<\\s]+")]
    private static partial Regex RsvpLink();

    [GeneratedRegex("https?://[^\"<\\s]+/gala/offer\\?token=[^\"<\\s]+")]
    private static partial Regex OfferLink();
}
