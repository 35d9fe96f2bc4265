using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// Award cycles in Chromium, as staff: create one with its zone picked from the list (a zone outside the list is
/// refused by the server), edit it, copy a cycle to the next year, and create and rebuild the checklist forms.
/// </summary>
public sealed class StaffCycleTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] DateLabels =
    [
        "Applications open", "Applications close", "Eligibility checklist due", "Interviews start", "Interviews end",
        "Finalists notified by", "Nomination stories due", "Winners announced by", "Conference and gala start", "Conference and gala end",
    ];

    [Fact]
    public async Task Staff_create_a_cycle_picking_its_zone_from_the_list_then_edit_it()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await page.GotoAsync("/backoffice/awards/cycles");
        await page.GetByRole(AriaRole.Link, new() { Name = "New cycle" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("2040/41 Pacific Awards");
        await page.GetByLabel("Application year").FillAsync("2040");
        var zone = page.GetByLabel("Time zone of the deadlines");
        Assert.Equal("select", await zone.EvaluateAsync<string>("e => e.tagName.toLowerCase()"));
        await zone.SelectOptionAsync(new SelectOptionValue { Label = "Pacific Time" });
        var dates = new[] { "2039-11-01T09:00", "2040-09-30T23:59", "2040-10-18T23:59", "2040-10-18T09:00", "2040-11-29T17:00",
            "2040-12-06T17:00", "2040-12-20T23:59", "2041-02-15T12:00", "2041-04-28T09:00", "2041-04-30T17:00" };
        for (var i = 0; i < DateLabels.Length; i++)
        {
            await page.GetByLabel(DateLabels[i], new() { Exact = true }).FillAsync(dates[i]);
        }

        await PortalTestSteps.CheckPageAsync(page, "staff-cycle-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save cycle" }).ClickAsync();
        await page.GetByText("The cycle was saved.").WaitForAsync();
        var created = fixture.Services.GetRequiredService<CycleCatalog>().All.Single(c => c.Year == 2040);
        Assert.Equal("America/Los_Angeles", created.TimeZoneId);
        Assert.Equal(new DateTime(2040, 10, 1, 6, 59, 0, DateTimeKind.Utc), created.Dates.ApplicationsCloseUtc);

        // A zone outside the list, posted anyway, is refused with the site's words and nothing changes.
        await page.GetByLabel("Time zone of the deadlines").EvaluateAsync("e => { e.add(new Option('Mars', 'Mars/Olympus_Mons', true, true)); }");
        await page.GetByLabel("Name").FillAsync("2040/41 Awards");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save cycle" }).ClickAsync();
        await page.GetByText("Pick the time zone of the deadlines from the list.").First.WaitForAsync();
        Assert.Equal("2040/41 Pacific Awards", fixture.Services.GetRequiredService<CycleCatalog>().All.Single(c => c.Year == 2040).Name);

        await page.GetByLabel("Time zone of the deadlines").SelectOptionAsync(new SelectOptionValue { Label = "Central Time" });
        await page.GetByLabel("Name").FillAsync("2040/41 Awards");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save cycle" }).ClickAsync();
        await page.GetByText("The cycle was saved.").WaitForAsync();
        var edited = fixture.Services.GetRequiredService<CycleCatalog>().All.Single(c => c.Year == 2040);
        Assert.Equal(("2040/41 Awards", "America/Chicago"), (edited.Name, edited.TimeZoneId));

        await page.GotoAsync("/backoffice/awards/cycles");
        await page.GetByRole(AriaRole.Row, new() { Name = "2040/41 Awards" }).GetByText("Central Time").WaitForAsync();
        Assert.Equal(0, await page.GetByText("America/").CountAsync());
        await PortalTestSteps.CheckPageAsync(page, "staff-cycles");
        var phone = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, 390);
        await phone.GotoAsync("/backoffice/awards/cycles");
        await PortalTestSteps.CheckPageAsync(phone, "staff-cycles");
        await phone.GotoAsync($"/backoffice/awards/cycles/edit/{edited.Id}");
        await PortalTestSteps.CheckPageAsync(phone, "staff-cycle-edit");
    }

    [Fact]
    public async Task Staff_copy_a_cycle_to_the_next_year_after_confirming()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        var confirmations = PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync("/backoffice/awards/cycles");
        var copy = page.GetByRole(AriaRole.Button, new() { Name = "Copy to 2028" });
        Assert.Contains("every date a year later", await copy.GetAttributeAsync("data-confirm"));
        await copy.ClickAsync();
        await page.GetByText("was created with every date a year later").WaitForAsync();
        var next = fixture.Services.GetRequiredService<CycleCatalog>().All.Single(c => c.Year == 2028);
        Assert.Equal("America/New_York", next.TimeZoneId);
        Assert.All(confirmations, c => Assert.Contains("2028", c));
    }

    [Fact]
    public async Task Staff_create_the_missing_checklist_forms_and_rebuild_one()
    {
        var cycle = fixture.Services.GetRequiredService<CycleCatalog>().All.Single(c => c.Year == 2027);
        var page = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync($"/backoffice/awards/cycles/edit/{cycle.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Checklist forms of this cycle" }).ClickAsync();
        var create = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Create the missing checklist forms") });
        await create.ClickAsync();
        await page.GetByText("checklist form(s) created.").WaitForAsync();
        await page.GetByText("Every open category has its checklist form.").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(page, "staff-checklists");

        await page.GetByRole(AriaRole.Row, new() { Name = "Email Channel" }).GetByRole(AriaRole.Link, new() { Name = "Rebuild" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Rebuild the checklist of Email Channel?" }).WaitForAsync();
        var rebuild = page.GetByRole(AriaRole.Button, new() { Name = "Rebuild from the category's questions" });
        Assert.Contains("Nobody is emailed", await rebuild.GetAttributeAsync("data-confirm"));
        await rebuild.ClickAsync();
        await page.GetByText("The checklist of Email Channel was rebuilt from the category's questions.").WaitForAsync();

        var phone = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, 390);
        await phone.GotoAsync($"/backoffice/awards/cycles/{cycle.Id}/checklists");
        await PortalTestSteps.CheckPageAsync(phone, "staff-checklists");
    }

    [Fact]
    public async Task Staff_create_one_categorys_checklist_form_and_the_others_stay_missing()
    {
        var current = fixture.Services.GetRequiredService<CycleCatalog>().All.Single(c => c.Year == 2027);
        var snapshot = fixture.Services.GetRequiredService<SqmSite.Cms.Published.IPublishedContentCache>().Snapshot;
        var categories = current.CategoryKeys.Where(k => snapshot.ByKey(k)?.Name is "Emerging Channels" or "Omni-Channel").ToList();
        var (cycle, problems) = await fixture.WithServicesAsync(s => s.GetRequiredService<CycleService>()
            .CreateAsync("2061/62 Awards", 2061, current.TimeZoneId, current.Dates, categories));
        Assert.Empty(problems);

        var page = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await page.GotoAsync($"/backoffice/awards/cycles/{cycle!.Id}/checklists");
        var row = page.GetByRole(AriaRole.Row, new() { Name = "Omni-Channel" });
        await row.GetByText("Missing").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the checklist of Omni-Channel" }).ClickAsync();
        await page.GetByText("The checklist of Omni-Channel was created.").WaitForAsync();
        await row.GetByText("Same questions").WaitForAsync();
        var alias = (await row.Locator("code").TextContentAsync())!.Trim();
        Assert.StartsWith("checklist-2061-", alias);
        await page.GetByRole(AriaRole.Row, new() { Name = "Emerging Channels" }).GetByText("Missing").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the missing checklist forms (1)" }).WaitForAsync();

        var form = await fixture.WithServicesAsync(s => s.GetRequiredService<SqmSite.Cms.Forms.FormService>().GetFormAsync(alias));
        Assert.NotNull(form);
        Assert.NotEmpty(form.Pages.SelectMany(p => p.Fields));
    }
}
