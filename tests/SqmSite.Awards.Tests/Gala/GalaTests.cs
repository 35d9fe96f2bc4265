using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Gala;

namespace SqmSite.Awards.Tests.Gala;

/// <summary>The gala's seat rules on the real database: capacity, the waiting list in order, bad input, and 200 answers at once.</summary>
public sealed class GalaTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    private static int _year = 2100;

    private DateTime Now => fixture.Clock.GetUtcNow().UtcDateTime;

    /// <summary>A cycle without categories (so no seat is kept for winners) and its gala of <paramref name="capacity"/> seats.</summary>
    private async Task<GalaEvent> GalaAsync(int capacity) => await fixture.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        var cycle = new AwardCycle($"Gala test {Interlocked.Increment(ref _year)}", _year, "America/New_York", fixture.Cycle.Dates, []);
        db.Cycles.Add(cycle);
        await db.SaveChangesAsync();
        var saved = await s.GetRequiredService<GalaService>().SaveSettingsAsync(cycle.Id,
            new GalaSettings(Now.AddDays(60), "The Grand Hall", "1 Main Street", "", capacity, Now.AddDays(30), 2, false, 10, "21, 7, 2"));
        Assert.True(saved.Succeeded, saved.Message);
        return saved.Value!;
    });

    /// <summary>A cycle with one category whose winner (a new organization) is declared and announced, and its gala.</summary>
    private async Task<(GalaEvent Gala, GalaInvitation Winner)> WinnerGalaAsync(string organization, int capacity)
    {
        var winner = await Winners.WinnerTestKit.DeclaredAsync(fixture, organization, TimeSpan.FromDays(1));
        return await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var decision = await db.WinnerDecisions.SingleAsync(d => d.CycleId == winner.Cycle.Id);
            decision.MarkAnnounced(Now);
            await db.SaveChangesAsync();
            var galas = s.GetRequiredService<GalaService>();
            var saved = await galas.SaveSettingsAsync(winner.Cycle.Id,
                new GalaSettings(Now.AddDays(60), "The Grand Hall", "1 Main Street", "", capacity, Now.AddDays(30), 2, false, 10, "21, 7, 2"));
            Assert.True(saved.Succeeded, saved.Message);
            var invited = await galas.InviteAsync(saved.Value!.Id);
            Assert.True(invited.Succeeded, invited.Message);
            var invitation = await db.Set<GalaInvitation>().SingleAsync(i => i.GalaId == saved.Value.Id && i.OrganizationId == winner.Nomination.OrganizationId);
            Assert.Equal(InvitationKind.Winner, invitation.Kind);
            return (saved.Value, invitation);
        });
    }

    private Task<GalaInvitation> GuestAsync(GalaEvent gala, string name, int seats = 1) => fixture.InScopeAsync(async s =>
    {
        var added = await s.GetRequiredService<GalaService>().AddGuestAsync(gala.Id, name, $"{name.Replace(' ', '.')}@example.org".ToLowerInvariant(), "Sponsor", seats);
        Assert.True(added.Succeeded, added.Message);
        return added.Value!;
    });

    private Task<SqmSite.Cms.Attempt<RsvpOutcome, GalaOperationStatus>> AnswerAsync(GalaInvitation invitation, params AttendeeInput[] rows) =>
        fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().SaveAsync(invitation.Id, rows, false));

    private static AttendeeInput Person(string name, bool coming = true, Guid? key = null) =>
        new(key, name, $"{name.Replace(' ', '.')}@example.org".ToLowerInvariant(), "Director", "", "", coming);

    private Task<IReadOnlyList<GalaAttendee>> PeopleAsync(GalaInvitation invitation) =>
        fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().PeopleAsync(invitation.Id));

    [Fact]
    public async Task A_full_gala_puts_a_party_on_the_waiting_list_together_and_offers_it_seats_in_order_when_they_free_up()
    {
        var gala = await GalaAsync(capacity: 2);
        var a = await GuestAsync(gala, "Ann Able");
        var b = await GuestAsync(gala, "Bo Baker", seats: 2);
        var c = await GuestAsync(gala, "Cy Cole");

        Assert.Equal(1, (await AnswerAsync(a, Person("Ann Able"))).Value!.Seated);
        var party = await AnswerAsync(b, Person("Bo Baker"), Person("Bea Baker"));
        Assert.True(party.Succeeded);
        Assert.Equal((0, 2, 1), (party.Value!.Seated, party.Value.Waiting, party.Value.WaitingPosition));
        Assert.Contains("waiting list", party.Value.Describe());

        // One seat is left: the party of two does not fit, a party of one does.
        Assert.Equal(1, (await AnswerAsync(c, Person("Cy Cole"))).Value!.Seated);

        // Ann declines: one seat is free, still not enough for the party.
        var ann = (await PeopleAsync(a)).Single();
        await AnswerAsync(a, Person("Ann Able", coming: false, key: ann.Key));
        Assert.All(await PeopleAsync(b), p => Assert.Equal(AttendeeStatus.Waiting, p.Status));

        // Cy declines too: the party is offered both seats, held for 48 hours.
        var cy = (await PeopleAsync(c)).Single();
        await AnswerAsync(c, Person("Cy Cole", coming: false, key: cy.Key));
        var offered = await PeopleAsync(b);
        Assert.All(offered, p => Assert.Equal(AttendeeStatus.Offered, p.Status));
        Assert.All(offered, p => Assert.Equal(Now + RsvpService.OfferHold, p.HoldUntilUtc));

        var seats = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().SeatsAsync(gala));
        Assert.Equal((2, 0), (seats.Held, seats.Free));
    }

    [Fact]
    public async Task An_offer_past_its_hold_lapses_and_its_seats_go_to_the_next_party()
    {
        var gala = await GalaAsync(capacity: 1);
        var a = await GuestAsync(gala, "Dee Dunn");
        var b = await GuestAsync(gala, "Ed Eve");
        var c = await GuestAsync(gala, "Flo Fox");
        await AnswerAsync(a, Person("Dee Dunn"));
        await AnswerAsync(b, Person("Ed Eve"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await AnswerAsync(c, Person("Flo Fox"));
        var dee = (await PeopleAsync(a)).Single();
        await AnswerAsync(a, Person("Dee Dunn", coming: false, key: dee.Key));
        Assert.Equal(AttendeeStatus.Offered, (await PeopleAsync(b)).Single().Status);
        Assert.Equal(AttendeeStatus.Waiting, (await PeopleAsync(c)).Single().Status);

        fixture.Clock.Advance(RsvpService.OfferHold + TimeSpan.FromMinutes(1));
        await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().PromoteDueAsync(gala.Id));
        Assert.Equal(AttendeeStatus.Lapsed, (await PeopleAsync(b)).Single().Status);
        Assert.Equal(AttendeeStatus.Offered, (await PeopleAsync(c)).Single().Status);
    }

    [Fact]
    public async Task Bad_answers_get_a_message_per_field_and_change_nothing_already_confirmed()
    {
        var gala = await GalaAsync(capacity: 10);
        var guest = await GuestAsync(gala, "Gil Gray", seats: 2);
        await AnswerAsync(guest, Person("Gil Gray"));
        var gil = (await PeopleAsync(guest)).Single();

        var bad = await AnswerAsync(guest, Person("Gil Gray", key: gil.Key), new AttendeeInput(null, "", "not-an-email", "", "", "", true));
        Assert.Equal(GalaOperationStatus.Invalid, bad.Status);
        Assert.Equal("Enter person 2's name.", bad.Errors["Rows[1].Name"]);
        Assert.Contains("does not look right", bad.Errors["Rows[1].Email"]);

        var tooMany = await AnswerAsync(guest, Person("Gil Gray", key: gil.Key), Person("Hal Hill"), Person("Ivy Ink"));
        Assert.Contains("2 seats; you entered 3 people", tooMany.Errors["Rows"]);

        Assert.Equal(AttendeeStatus.Accepted, (await PeopleAsync(guest)).Single().Status);

        fixture.Clock.Advance(TimeSpan.FromDays(31));
        var late = await AnswerAsync(guest, Person("Gil Gray", coming: false, key: gil.Key));
        Assert.Equal(GalaOperationStatus.DeadlinePassed, late.Status);
        Assert.Equal(AttendeeStatus.Accepted, (await PeopleAsync(guest)).Single().Status);
    }

    [Fact]
    public async Task Two_hundred_answers_at_once_for_fifty_seats_seat_exactly_fifty_and_tell_the_rest_they_wait()
    {
        var gala = await GalaAsync(capacity: 50);
        var guests = new List<GalaInvitation>();
        for (var i = 0; i < 200; i++)
        {
            guests.Add(await GuestAsync(gala, $"Guest {i:000}"));
        }

        using var start = new SemaphoreSlim(0);
        var answers = guests.Select((g, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await AnswerAsync(g, Person($"Guest {i:000}"));
        })).ToList();
        start.Release(answers.Count);
        var results = await Task.WhenAll(answers);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.Equal(50, results.Count(r => r.Value!.Seated == 1));
        Assert.Equal(150, results.Count(r => r.Value!.Waiting == 1 && r.Value.Describe().Contains("waiting list")));
        var accepted = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().Set<GalaAttendee>()
            .CountAsync(a => a.GalaId == gala.Id && a.Status == AttendeeStatus.Accepted));
        Assert.Equal(50, accepted);
    }

    [Fact]
    public async Task A_winners_first_person_always_has_a_seat_even_when_guests_filled_the_rest()
    {
        var (gala, winner) = await WinnerGalaAsync("Reserved Seat Services", capacity: 3);
        var seats = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().SeatsAsync(gala));
        Assert.Equal((1, 2), (seats.ReservedForWinners, seats.Free));

        var a = await GuestAsync(gala, "Gus Green");
        var b = await GuestAsync(gala, "Hana Hart");
        var c = await GuestAsync(gala, "Ike Irons");
        Assert.Equal(1, (await AnswerAsync(a, Person("Gus Green"))).Value!.Seated);
        Assert.Equal(1, (await AnswerAsync(b, Person("Hana Hart"))).Value!.Seated);
        Assert.Equal(1, (await AnswerAsync(c, Person("Ike Irons"))).Value!.Waiting);

        // The winner's first person takes the kept seat; the second waits, as one party.
        var answer = await AnswerAsync(winner, Person("Wyn West"), Person("Wes West"));
        Assert.True(answer.Succeeded, answer.Message);
        Assert.Equal((1, 1), (answer.Value!.Seated, answer.Value.Waiting));
        seats = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().SeatsAsync(gala));
        Assert.Equal((3, 0, 0), (seats.Held, seats.ReservedForWinners, seats.Free));

        // The seated person's confirmation carries the calendar entry and the door's QR code.
        var wyn = (await PeopleAsync(winner)).Single(p => p.Status == AttendeeStatus.Accepted);
        var confirmation = await fixture.InScopeAsync(s => s.GetRequiredService<SqmSite.Cms.Data.CmsDbContext>().EmailMessages.Include(m => m.Attachments)
            .SingleAsync(m => m.IdempotencyKey!.StartsWith($"gala:{gala.Id}:confirmation:{wyn.Key}")));
        Assert.Contains(wyn.DoorCodeText, confirmation.HtmlBody);
        Assert.Equal(["gala.ics", $"door-code-{wyn.DoorCode.ToLowerInvariant()}.png"], confirmation.Attachments.OrderBy(a => a.Position).Select(a => a.FileName));
        Assert.Contains("BEGIN:VEVENT", System.Text.Encoding.UTF8.GetString(confirmation.Attachments.First(a => a.FileName == "gala.ics").Content!));

        // The capacity cannot go below what is taken.
        var shrink = await fixture.InScopeAsync(s => s.GetRequiredService<GalaService>().SaveSettingsAsync(gala.CycleId,
            new GalaSettings(gala.StartsUtc, gala.Venue, gala.Address, "", 2, gala.RsvpDeadlineUtc, 2, false, 10, "21, 7, 2")));
        Assert.Equal(GalaOperationStatus.Invalid, shrink.Status);
        Assert.Contains("cannot be less than 3", shrink.Errors["Capacity"]);
    }

    [Fact]
    public async Task A_winner_cannot_decline_its_last_person_without_confirming_and_staff_are_told_at_once()
    {
        var (gala, winner) = await WinnerGalaAsync("Last Person Logistics", capacity: 10);
        await AnswerAsync(winner, Person("Lou Last"));
        var lou = (await PeopleAsync(winner)).Single();

        var refused = await AnswerAsync(winner, Person("Lou Last", coming: false, key: lou.Key));
        Assert.Equal(GalaOperationStatus.AttendeeRequired, refused.Status);
        Assert.Contains("at least one person must attend", refused.Message);
        Assert.True(refused.Errors.ContainsKey("ConfirmNobodyComing"));
        Assert.Equal(AttendeeStatus.Accepted, (await PeopleAsync(winner)).Single().Status);

        var confirmed = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().SaveAsync(winner.Id, [Person("Lou Last", coming: false, key: lou.Key)], true));
        Assert.True(confirmed.Succeeded, confirmed.Message);
        Assert.True(confirmed.Value!.NobodyComing);
        Assert.Equal(AttendeeStatus.Declined, (await PeopleAsync(winner)).Single().Status);
        var notice = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().StaffNotices
            .Where(n => n.Kind == Notices.StaffNoticeKind.GalaWinnerWithoutAttendee && n.Summary.Contains("Last Person Logistics")).CountAsync());
        Assert.Equal(1, notice);

        var board = await fixture.InScopeAsync(s => s.GetRequiredService<GalaService>().DashboardAsync(gala.CycleId));
        var line = board!.Winners.Single();
        Assert.Equal(WinnerAttendance.DeclinedAll, line.Attendance);
        Assert.True(line.AtRisk);
    }

    [Fact]
    public async Task An_offer_link_works_once_and_a_tampered_or_replayed_one_changes_nothing()
    {
        var gala = await GalaAsync(capacity: 1);
        var a = await GuestAsync(gala, "Jo Jay");
        var b = await GuestAsync(gala, "Kit Kay");
        await AnswerAsync(a, Person("Jo Jay"));
        await AnswerAsync(b, Person("Kit Kay"));

        // Free the seat: the offer's token is made inside the promotion; take it as the email would carry it.
        var jo = (await PeopleAsync(a)).Single();
        var token = await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var rsvps = s.GetRequiredService<RsvpService>();
            var saved = await rsvps.SaveAsync(a.Id, [Person("Jo Jay", coming: false, key: jo.Key)], false);
            Assert.True(saved.Succeeded, saved.Message);
            var invitation = await db.Set<GalaInvitation>().SingleAsync(i => i.Id == b.Id);
            Assert.NotNull(invitation.OfferTokenHash);

            // A fresh token of our own for the same offer (the hash is all the database holds).
            await using var transaction = await db.Database.BeginTransactionAsync();
            var fresh = invitation.OpenOffer(invitation.OfferExpiresUtc!.Value);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return fresh;
        });

        var tampered = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().AnswerOfferAsync(token[..^2] + "zz", true));
        Assert.Equal(GalaOperationStatus.LinkNotValid, tampered.Status);
        Assert.Equal(AttendeeStatus.Offered, (await PeopleAsync(b)).Single().Status);

        var accepted = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().AnswerOfferAsync(token, true));
        Assert.True(accepted.Succeeded, accepted.Message);
        Assert.Equal(AttendeeStatus.Accepted, (await PeopleAsync(b)).Single().Status);

        var replayed = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().AnswerOfferAsync(token, false));
        Assert.Equal(GalaOperationStatus.LinkNotValid, replayed.Status);
        Assert.Equal(AttendeeStatus.Accepted, (await PeopleAsync(b)).Single().Status);
        Assert.Null(await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().FindByLinkAsync("not-a-token")));
    }

    [Fact]
    public async Task A_privacy_download_holds_the_persons_gala_answers_and_erasure_removes_their_details_and_gives_the_seat_back()
    {
        var gala = await GalaAsync(capacity: 1);
        var guest = await GuestAsync(gala, "Mo Mills");
        var waiting = await GuestAsync(gala, "Nia North");
        await fixture.InScopeAsync(async s =>
        {
            var user = new SqmSite.Cms.Security.BackofficeUser { UserName = "mo.mills@example.org", Email = "mo.mills@example.org", EmailConfirmed = true, DisplayName = "Mo Mills" };
            Assert.True((await s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SqmSite.Cms.Security.BackofficeUser>>().CreateAsync(user, "Privacy-Password-1")).Succeeded);
            return 0;
        });
        await AnswerAsync(guest, Person("Mo Mills") with { Dietary = "No nuts" });
        await AnswerAsync(waiting, Person("Nia North"));

        var subject = await fixture.InScopeAsync(s => s.GetRequiredService<SqmSite.Cms.Privacy.PrivacyService>().FindAsync("mo.mills@example.org"));
        using var zip = new MemoryStream();
        await fixture.InScopeAsync(async s =>
        {
            await s.GetRequiredService<SqmSite.Cms.Privacy.PrivacyService>().ExportAsync(subject!, zip);
            return 0;
        });
        zip.Position = 0;
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Read))
        {
            using var reader = new StreamReader(archive.GetEntry("gala/answers.json")!.Open());
            var json = await reader.ReadToEndAsync();
            Assert.Contains("Mo Mills", json);
            Assert.Contains("No nuts", json);
            Assert.DoesNotContain("Nia North", json);
        }

        var erased = await fixture.InScopeAsync(s => s.GetRequiredService<SqmSite.Cms.Privacy.PrivacyService>().EraseAsync("mo.mills@example.org", "admin@example.org"));
        Assert.Equal(SqmSite.Cms.Privacy.ErasureStatus.Success, erased.Status);
        var mo = (await PeopleAsync(guest)).Single();
        Assert.Equal((SqmSite.Cms.Privacy.PrivacyService.ErasedName, "", "", AttendeeStatus.Declined), (mo.Name, mo.Email, mo.Dietary, mo.Status));

        // The freed seat goes to the waiting guest at the next pass.
        await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().PromoteDueAsync(gala.Id));
        Assert.Equal(AttendeeStatus.Offered, (await PeopleAsync(waiting)).Single().Status);
    }

    [Fact]
    public async Task A_winner_with_nobody_confirmed_is_reminded_once_at_each_set_day_and_not_once_someone_is_confirmed()
    {
        var (gala, winner) = await WinnerGalaAsync("Reminded Response Co", capacity: 10);
        var contact = $"remind.{gala.Id}@example.org";
        await fixture.InScopeAsync(async s =>
        {
            var user = new SqmSite.Cms.Security.BackofficeUser { UserName = contact, Email = contact, EmailConfirmed = true, DisplayName = "Rita Remind" };
            Assert.True((await s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SqmSite.Cms.Security.BackofficeUser>>().CreateAsync(user, "Remind-Password-1")).Succeeded);
            var db = s.GetRequiredService<AwardsDbContext>();
            db.OrganizationMembers.Add(new Organizations.OrganizationMember(winner.OrganizationId!.Value, user.Id, true, Now));
            await db.SaveChangesAsync();
            return 0;
        });

        Task<List<string>> RemindersAsync() => fixture.InScopeAsync(s => s.GetRequiredService<SqmSite.Cms.Data.CmsDbContext>().EmailMessages
            .Where(m => m.TemplateAlias == "gala-reminder" && m.IdempotencyKey!.StartsWith($"gala:{gala.Id}:reminder:{winner.Id}:")).Select(m => m.IdempotencyKey!).ToListAsync());

        // Nine days before 21 days ahead of the deadline: nothing yet.
        await fixture.InScopeAsync(s => s.GetRequiredService<GalaService>().RunDueAsync());
        Assert.Empty(await RemindersAsync());

        // Past the 21-day mark: one reminder, and a second pass sends none.
        fixture.Clock.Advance(TimeSpan.FromDays(10));
        await fixture.InScopeAsync(s => s.GetRequiredService<GalaService>().RunDueAsync());
        await fixture.InScopeAsync(s => s.GetRequiredService<GalaService>().RunDueAsync());
        Assert.Equal([$"gala:{gala.Id}:reminder:{winner.Id}:day-21:{contact}"], await RemindersAsync());

        // Someone confirms: the 7-day mark passes without a reminder.
        await AnswerAsync(winner, Person("Rita Remind"));
        fixture.Clock.Advance(TimeSpan.FromDays(14));
        await fixture.InScopeAsync(s => s.GetRequiredService<GalaService>().RunDueAsync());
        Assert.Single(await RemindersAsync());
    }

    [Fact]
    public async Task Finalists_are_invited_when_the_gala_says_so_and_the_winners_invitation_becomes_a_winners_at_the_announcement()
    {
        var winner = await Winners.WinnerTestKit.DeclaredAsync(fixture, "Finalist Then Winner Ltd", TimeSpan.FromDays(1));
        var (galaId, kinds) = await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            await SqmSite.Testing.SubmittedStories.AddAsync(db, winner.Cycle, winner.Nomination.CategoryKey, winner.Nomination.CategoryName, "Runner Up Services");
            var galas = s.GetRequiredService<GalaService>();
            var saved = await galas.SaveSettingsAsync(winner.Cycle.Id,
                new GalaSettings(Now.AddDays(60), "The Grand Hall", "1 Main Street", "", 50, Now.AddDays(30), 2, true, 10, "21, 7, 2"));
            Assert.True(saved.Succeeded, saved.Message);
            var invited = await galas.InviteAsync(saved.Value!.Id);
            Assert.True(invited.Succeeded, invited.Message);
            Assert.Equal(2, invited.Value.Invitations);
            return (saved.Value.Id, await db.Set<GalaInvitation>().Where(i => i.GalaId == saved.Value.Id).Select(i => i.Kind).ToListAsync());
        });

        // Before the announcement both are finalists: nothing says which one won.
        Assert.Equal([InvitationKind.Finalist, InvitationKind.Finalist], kinds);

        var after = await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var decision = await db.WinnerDecisions.SingleAsync(d => d.CycleId == winner.Cycle.Id);
            decision.MarkAnnounced(Now);
            await db.SaveChangesAsync();
            var again = await s.GetRequiredService<GalaService>().InviteAsync(galaId);
            Assert.True(again.Succeeded, again.Message);
            Assert.Equal(0, again.Value.Invitations);
            return await db.Set<GalaInvitation>().Where(i => i.GalaId == galaId).ToDictionaryAsync(i => i.OrganizationId!.Value, i => i.Kind);
        });
        Assert.Equal(InvitationKind.Winner, after[winner.Nomination.OrganizationId]);
        Assert.Equal(InvitationKind.Finalist, Assert.Single(after, a => a.Key != winner.Nomination.OrganizationId).Value);
    }
}
