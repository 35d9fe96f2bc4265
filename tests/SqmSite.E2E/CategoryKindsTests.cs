using Microsoft.Playwright;

namespace SqmSite.E2E;

/// <summary>Awards for people and teams: the public categories page grouped by kind, and entering a person through the portal's form.</summary>
public sealed class CategoryKindsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_visitor_sees_the_categories_by_kind_and_a_nominee_enters_a_person_by_name_and_job_title()
    {
        foreach (var (width, height) in new[] { (1366, 900), (390, 844) })
        {
            var visitor = await fixture.NewPageAsync(width, height);
            await visitor.GotoAsync("/categories/");
            await visitor.GetByRole(AriaRole.Heading, new() { Name = "Practice awards: 17 categories" }).WaitForAsync();
            await visitor.GetByRole(AriaRole.Heading, new() { Name = "Awards for people: 2 categories" }).WaitForAsync();
            await visitor.GetByRole(AriaRole.Heading, new() { Name = "The employee satisfaction award" }).WaitForAsync();
            await PortalTestSteps.CheckPageAsync(visitor, "categories-by-kind");
            await visitor.Context.CloseAsync();
        }

        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("iris@example.org", "Iris's Individual Center"));
        await page.GotoAsync("/portal/apply");
        await page.GetByLabel("Best CSR · for a person", new() { Exact = true }).CheckAsync();
        var entry = page.GetByRole(AriaRole.Group, new() { Name = "Best CSR", Exact = true });
        await entry.GetByText("It needs no eligibility checklist.").WaitForAsync();
        await entry.GetByLabel("The person's name").FillAsync("Dana Whitfield");
        await entry.GetByLabel("Why this person stands out").FillAsync("Resolves on the first call what others escalate, and teaches how.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();

        // The job title was left out: the page says so and keeps what was typed.
        await page.Locator("#portal-errors").GetByText("Best CSR: Give the person's job title.").WaitForAsync();
        Assert.Equal("Dana Whitfield", await page.GetByRole(AriaRole.Group, new() { Name = "Best CSR", Exact = true }).GetByLabel("The person's name").InputValueAsync());
        await PortalTestSteps.CheckPageAsync(page, "portal-apply-person-refused");
        await page.GetByRole(AriaRole.Group, new() { Name = "Best CSR", Exact = true }).GetByLabel("Their job title").FillAsync("Senior CSR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.GetByText("Thank you. You applied in Best CSR: Dana Whitfield (Senior CSR). No eligibility checklist is needed").WaitForAsync();
        var card = page.Locator(".portal-card", new() { HasText = "Best CSR: Dana Whitfield (Senior CSR)" });
        await card.WaitForAsync();
        await PortalTestSteps.CheckPageAsync(page, "portal-person-entered");

        // The category stays open for another person, naming who is entered already.
        var phone = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("iris@example.org", "Iris's Individual Center", 390, 844));
        await phone.GotoAsync("/portal/apply");
        await phone.GetByLabel("Best CSR · for a person", new() { Exact = true }).CheckAsync();
        await phone.GetByText("Already entered: Dana Whitfield.").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(phone, "portal-apply-person");
    }
}
