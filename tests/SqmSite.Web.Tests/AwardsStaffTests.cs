using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>The site at a moment inside the application window, so nominations can be made.</summary>
public sealed class DuringApplicationsSiteFactory : SiteFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class AwardsStaffTests(DuringApplicationsSiteFactory site) : IClassFixture<DuringApplicationsSiteFactory>
{
    private async Task<Guid> NominateAsync(string organizationName)
    {
        return await site.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var organization = new Organization(organizationName, null, false, DateTime.UtcNow);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            var cycle = s.GetRequiredService<CycleCatalog>().Current!;
            var category = site.Snapshot.ByUrl("/categories/email-channel/")!;
            var (nomination, result) = await s.GetRequiredService<NominationService>()
                .ApplyAsync(cycle.Id, organization.Id, category.Key, category.Name, "Our email practice is unusual.", false, "nominee@example.org");
            Assert.True(result.Succeeded, result.Message);
            return nomination!.Key;
        });
    }

    [Fact]
    public async Task Staff_review_a_checklist_pick_a_finalist_and_release_the_batch_on_the_date()
    {
        var key = await NominateAsync("Staff Flow Inc");
        await site.WithServicesAsync(s => s.GetRequiredService<NominationService>()
            .StepAsync(key, null, (n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), "nominee", now)));

        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var page = $"/backoffice/awards/nominations/{key}";
        Assert.Contains("Staff Flow Inc", await staff.GetStringAsync(page));

        // Not eligible without a reason is refused with a message; eligible works.
        await staff.PostFormAsync($"{page}?handler=Review", new() { ["eligible"] = "false", ["reason"] = "" }, page);
        var afterRefusal = await staff.GetAsync(page);
        Assert.True(afterRefusal.IsSuccessStatusCode, await afterRefusal.Content.ReadAsStringAsync());
        Assert.Contains("Give the reason the nomination is not eligible", await afterRefusal.Content.ReadAsStringAsync());
        var eligible = await staff.PostFormAsync($"{page}?handler=Review", new() { ["eligible"] = "true" }, page);
        Assert.Equal(HttpStatusCode.Redirect, eligible.StatusCode);

        await staff.PostFormAsync($"{page}?handler=Decide", new() { ["finalist"] = "true" }, page);
        var list = await staff.GetStringAsync("/backoffice/awards/nominations");
        Assert.Contains("Finalist decisions waiting to be released (1)", list);

        // Too early: the batch is refused and nobody hears.
        var cycleId = site.Services.GetRequiredService<CycleCatalog>().Current!.Id;
        await staff.PostFormAsync("/backoffice/awards/nominations?handler=Release", new() { ["cycleId"] = cycleId.ToString() }, "/backoffice/awards/nominations");
        Assert.Contains("Decisions go out on or after", await staff.GetStringAsync("/backoffice/awards/nominations"));

        // Months later the sign-in has expired, as it would: sign in again.
        site.Clock.SetUtcNow(site.Services.GetRequiredService<CycleCatalog>().Current!.Dates.FinalistsNotifiedByUtc.AddHours(1));
        staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        await staff.PostFormAsync("/backoffice/awards/nominations?handler=Release", new() { ["cycleId"] = cycleId.ToString() }, "/backoffice/awards/nominations");
        Assert.Contains("1 decision(s) released to the nominees.", await staff.GetStringAsync("/backoffice/awards/nominations"));

        var stored = await site.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal(NominationState.Finalist, stored!.VisibleState);
        Assert.Equal(["Applied", "Checklist submitted", "Checklist reviewed", "Finalist decision", "Decision released"], stored.Events.Select(e => e.Action));
        Assert.All(stored.Events.Skip(2), e => Assert.Equal(SiteFactory.UserFor(BackofficeRoles.AwardsStaff), e.Actor));
    }

    [Fact]
    public async Task A_cycle_saved_with_an_invalid_date_or_zone_gets_messages()
    {
        var staff = await site.SignedInAsync(BackofficeRoles.Editor);
        var cycle = site.Services.GetRequiredService<CycleCatalog>().Current!;
        var page = $"/backoffice/awards/cycles/edit/{cycle.Id}";
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", cycle.Name), new("Year", cycle.Year.ToString()), new("TimeZoneId", "Nowhere/Special"),
            new("Dates[ApplicationsOpen]", "2027-02-30T09:00"),
        };
        var response = await staff.PostMultiValueFormAsync(page, fields, page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Pick the time zone of the deadlines from the list.", html);

        fields[2] = new("TimeZoneId", "America/New_York");
        response = await staff.PostMultiValueFormAsync(page, fields, page);
        html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Applications open must be a date and time such as 2027-09-30 23:59.", html);
        Assert.Contains("Applications close must be a date and time", html);
        Assert.Equal(cycle.Dates, site.Services.GetRequiredService<CycleCatalog>().Current!.Dates);
    }
}
