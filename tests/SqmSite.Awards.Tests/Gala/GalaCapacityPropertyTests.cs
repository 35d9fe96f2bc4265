using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Gala;

namespace SqmSite.Awards.Tests.Gala;

/// <summary>
/// Capacity over random sequences of answers on the real database: guests accept, decline, substitute one person for
/// another and confirm offered seats, and time passes so offers lapse and the next parties are offered seats. After
/// every step no more seats are held than the gala has; after every promotion no waiting party fits the free seats
/// (it would have been offered them).
/// </summary>
public sealed class GalaCapacityPropertyTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    private static int _year = 2300;

    /// <summary>One step: guest <c>Guest</c> answers with <c>Coming</c> people (substituting its first person when asked), or time passes.</summary>
    public sealed record Step(int Guest, int Coming, bool Substitute, bool TimePasses)
    {
        public override string ToString() => TimePasses ? "49 hours pass" : $"guest {Guest}: {Coming} coming{(Substitute ? ", first one swapped" : "")}";
    }

    public sealed record Scenario(int Capacity, IReadOnlyList<int> Seats, IReadOnlyList<Step> Steps)
    {
        public override string ToString() => $"capacity {Capacity}; seats {string.Join("/", Seats)}; " + string.Join("; ", Steps);
    }

    private static readonly Arbitrary<Scenario> Scenarios = (
        from capacity in Gen.Choose(1, 4)
        from seats in Gen.Choose(1, 2).ListOf(4)
        from steps in Gen.OneOf(
                Gen.Choose(0, 3).SelectMany(g => Gen.Choose(0, 2).SelectMany(c => Gen.Elements(false, false, true).Select(sub => new Step(g, c, sub, false)))),
                Gen.Constant(new Step(0, 0, false, true)))
            .ListOf().Select(l => l.Take(10).ToList())
        select new Scenario(capacity, [.. seats], steps)).ToArbitrary();

    [Fact]
    public void Held_seats_never_pass_the_capacity_and_a_waiting_party_that_fits_is_always_offered_seats() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(Scenarios, s => RunAsync(s).GetAwaiter().GetResult()));

    private async Task<bool> RunAsync(Scenario scenario)
    {
        var (gala, guests) = await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var now = fixture.Clock.GetUtcNow().UtcDateTime;
            var year = Interlocked.Increment(ref _year);
            var cycle = new AwardCycle($"Capacity property {year}", year, "America/New_York", fixture.Cycle.Dates, []);
            db.Cycles.Add(cycle);
            await db.SaveChangesAsync();
            var galas = s.GetRequiredService<GalaService>();
            var saved = await galas.SaveSettingsAsync(cycle.Id,
                new GalaSettings(now.AddDays(400), "Hall", "Street", "", scenario.Capacity, now.AddDays(300), 2, false, 10, "7"));
            Assert.True(saved.Succeeded, saved.Message);
            var invitations = new List<GalaInvitation>();
            for (var i = 0; i < scenario.Seats.Count; i++)
            {
                var added = await galas.AddGuestAsync(saved.Value!.Id, $"Guest {i}", $"guest{i}.{year}@example.org", "Sponsor", scenario.Seats[i]);
                Assert.True(added.Succeeded, added.Message);
                invitations.Add(added.Value!);
            }

            return (saved.Value!, invitations);
        });

        var names = 0;
        foreach (var step in scenario.Steps)
        {
            if (step.TimePasses)
            {
                fixture.Clock.Advance(TimeSpan.FromHours(49));
                await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().PromoteDueAsync(gala.Id));
                if (!await NoWaitingPartyFitsAsync(gala))
                {
                    return false;
                }
            }
            else
            {
                var invitation = guests[step.Guest];
                var people = (await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().PeopleAsync(invitation.Id)))
                    .Where(p => p.Status is not (AttendeeStatus.Declined or AttendeeStatus.Lapsed)).ToList();
                var rows = new List<AttendeeInput>();
                for (var i = 0; i < people.Count; i++)
                {
                    var keep = i < step.Coming && !(step.Substitute && i == 0);
                    rows.Add(new AttendeeInput(people[i].Key, people[i].Name, people[i].Email, "", "", "", keep));
                }

                var coming = rows.Count(r => r.Coming);
                while (coming < step.Coming)
                {
                    var n = ++names;
                    rows.Add(new AttendeeInput(null, $"Person {n}", $"person{n}.{gala.Id}@example.org", "", "", "", true));
                    coming++;
                }

                var result = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().SaveAsync(invitation.Id, rows, false));
                if (!result.Succeeded && result.Status != GalaOperationStatus.Invalid)
                {
                    return false;
                }
            }

            var seats = await fixture.InScopeAsync(s => s.GetRequiredService<RsvpService>().SeatsAsync(gala));
            var accepted = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().Set<GalaAttendee>()
                .CountAsync(a => a.GalaId == gala.Id && a.Status == AttendeeStatus.Accepted));
            if (seats.Held > gala.Capacity || accepted > gala.Capacity)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>After a promotion: every party still waiting needs more seats than are free.</summary>
    private Task<bool> NoWaitingPartyFitsAsync(GalaEvent gala) => fixture.InScopeAsync(async s =>
    {
        var seats = await s.GetRequiredService<RsvpService>().SeatsAsync(gala);
        var waiting = await s.GetRequiredService<AwardsDbContext>().Set<GalaAttendee>().AsNoTracking()
            .Where(a => a.GalaId == gala.Id && a.Status == AttendeeStatus.Waiting).GroupBy(a => a.InvitationId).Select(g => g.Count()).ToListAsync();
        return waiting.All(need => need > seats.Free);
    });
}
