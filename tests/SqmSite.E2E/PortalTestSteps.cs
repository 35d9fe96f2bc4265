using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// Arranging portal tests through the app's own services (staff steps, dates), so each test acts through the UI only
/// for the step it is about; and the page checks and dialog answers that every browser test shares.
/// </summary>
internal static class PortalTestSteps
{
    /// <summary>How long a step may take: the machines that run these share two cores among several builds.</summary>
    public const float Timeout = 90_000;

    /// <summary>The page, with <see cref="Timeout"/> for its waits and navigations.</summary>
    public static async Task<IPage> PatientAsync(Task<IPage> created)
    {
        var page = await created;
        page.Context.SetDefaultTimeout(Timeout);
        page.Context.SetDefaultNavigationTimeout(Timeout);
        return page;
    }

    public static async Task<int> OrganizationIdAsync(BrowserFixture fixture, string email) =>
        await fixture.WithServicesAsync(async s =>
        {
            var user = await s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync(email);
            return await s.GetRequiredService<AwardsDbContext>().OrganizationMembers.Where(m => m.UserId == user!.Id).Select(m => m.OrganizationId).FirstAsync();
        });

    public static Guid CategoryKey(BrowserFixture fixture, string name)
    {
        var snapshot = fixture.Services.GetRequiredService<IPublishedContentCache>().Snapshot;
        return fixture.Services.GetRequiredService<CycleCatalog>().Current!.CategoryKeys.First(k => snapshot.ByKey(k)?.Name == name);
    }

    /// <summary>An application made through the service, as the apply page would.</summary>
    public static async Task<Guid> ApplyAsync(BrowserFixture fixture, string email, string category)
    {
        var organizationId = await OrganizationIdAsync(fixture, email);
        var cycle = fixture.Services.GetRequiredService<CycleCatalog>().Current!;
        var (nomination, result) = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>()
            .ApplyAsync(cycle.Id, organizationId, CategoryKey(fixture, category), category, "Why the practice is unique.", false, email));
        Assert.True(result.Succeeded, result.Message);
        return nomination!.Key;
    }

    public static Task<Attempt<NominationOperationStatus>> StepAsync(BrowserFixture fixture, Guid key, Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
        fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, null, step));

    /// <summary>
    /// Staff bring the cycle's dates forward (applications closed, interviews and the notification date just past),
    /// as the nominee journey does. Every nomination of the fixture's site sees the moved dates.
    /// </summary>
    public static async Task MoveToStoryStepAsync(BrowserFixture fixture)
    {
        var cycle = fixture.Services.GetRequiredService<CycleCatalog>().Current!;
        var now = DateTime.UtcNow;
        var moved = cycle.Dates with
        {
            ApplicationsOpenUtc = now.AddDays(-10), ApplicationsCloseUtc = now.AddDays(-5), ChecklistDueUtc = now.AddDays(-4),
            InterviewsStartUtc = now.AddDays(-4), InterviewsEndUtc = now.AddDays(-2), FinalistsNotifiedByUtc = now.AddMinutes(-1),
        };
        var problems = await fixture.WithServicesAsync(s => s.GetRequiredService<CycleService>()
            .UpdateAsync(cycle.Id, cycle.Name, cycle.Year, cycle.FirstRatingsYear, cycle.TimeZoneId, moved, cycle.CategoryKeys.ToList()));
        Assert.Empty(problems);
    }

    public static async Task ReleaseAsync(BrowserFixture fixture)
    {
        var cycle = fixture.Services.GetRequiredService<CycleCatalog>().Current!;
        var (_, result) = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().ReleaseDecisionsAsync(cycle.Id, "staff"));
        Assert.True(result.Succeeded, result.Message);
    }

    /// <summary>Fails when the element that has focus is not the page's error summary (after a refused sign-in, register or reset).</summary>
    public static async Task AssertFocusOnErrorsAsync(IPage page)
    {
        await page.Locator("#portal-errors").WaitForAsync();
        Assert.Equal("portal-errors", await page.EvaluateAsync<string>("() => document.activeElement && document.activeElement.id"));
    }

    /// <summary>Accepts (or dismisses) every confirmation <paramref name="page"/> asks from now on and keeps what each said.</summary>
    public static DialogAnswers AnswerDialogs(IPage page, bool accept = true) => new(page, accept);

    /// <summary>axe, a screenshot and the sideways-scroll check of the page as it is, at the page's width.</summary>
    public static async Task CheckPageAsync(IPage page, string name)
    {
        var width = page.ViewportSize?.Width ?? 0;
        await BrowserFixture.ScreenshotAsync(page, name);
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, $"{name} at {width}px");
        await BrowserFixture.AssertAccessibleAsync(page, $"{name} at {width}px");
    }
}
