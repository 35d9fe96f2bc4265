using Microsoft.Playwright;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// The way from the public site into the nominee portal (issue 8, item 3): the home page, the process page, each
/// category page and the header lead a visitor to apply, register or sign in. The public pages are output-cached for
/// every visitor, so what they show must not depend on who is signed in.
/// </summary>
public sealed class PublicSiteWayInTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Category = "CSR Coaching Program";
    private const string CategoryUrl = "/categories/csr-coaching-program/";

    [Fact]
    public async Task A_visitor_goes_from_the_home_page_and_the_header_to_the_portals_sign_in_and_register_pages()
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        await page.GotoAsync("/");
        await PortalTestSteps.CheckPageAsync(page, "public-home-cta");
        var card = page.Locator(".deadline-card");
        await card.GetByRole(AriaRole.Link, new() { Name = "Apply now" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/portal/login", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the nominee portal", Level = 1 }).WaitForAsync();

        await page.GotoAsync("/");
        await card.GetByRole(AriaRole.Link, new() { Name = "Register your organization" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Register your organization", Level = 1 }).WaitForAsync();

        await page.GotoAsync("/the-process/");
        await page.Locator(".status-panel").GetByRole(AriaRole.Link, new() { Name = "Apply now" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(page, "public-process-cta");
        await page.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "Nominee portal" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/portal/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_applies_in_a_category_from_its_page_and_signs_in_on_the_way()
    {
        const string email = "cora@example.org";
        await (await fixture.NomineePageAsync(email, "Cora's Contact Center")).Context.CloseAsync();

        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        await page.GotoAsync(CategoryUrl);
        await PortalTestSteps.CheckPageAsync(page, "public-category-cta");
        await page.GetByRole(AriaRole.Link, new() { Name = "Apply in this category" }).ClickAsync();
        await SignInPage.SubmitAsync(page, email, BrowserFixture.Password);

        // Back on the apply page, with this category already chosen and its overview box open.
        await page.GetByRole(AriaRole.Heading, new() { Name = "Apply", Level = 1 }).WaitForAsync();
        Assert.True(await page.GetByLabel(Category, new() { Exact = true }).IsCheckedAsync());
        var overview = page.GetByRole(AriaRole.Group, new() { Name = Category }).GetByLabel("Why the practice is unique");
        await overview.FillAsync("Coaches sit with every CSR once a week.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.GetByText($"Thank you. You applied in {Category}.").WaitForAsync();
    }

    [Fact]
    public async Task A_signed_in_nominee_never_changes_what_the_next_visitor_sees_on_a_cached_page()
    {
        var nominee = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("vera@example.org", "Vera's Very Own Center"));
        await nominee.GotoAsync(CategoryUrl);
        await nominee.GotoAsync("/");
        await nominee.GetByRole(AriaRole.Link, new() { Name = "Nominee portal" }).First.ClickAsync();
        await nominee.GetByRole(AriaRole.Heading, new() { Name = "Your nominations", Level = 1 }).WaitForAsync();

        var visitor = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        foreach (var url in new[] { "/", CategoryUrl })
        {
            await visitor.GotoAsync(url);
            var html = await visitor.ContentAsync();
            Assert.DoesNotContain("Vera", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Sign out", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/", "public-home-cta")]
    [InlineData("/the-process/", "public-process-cta")]
    [InlineData(CategoryUrl, "public-category-cta")]
    public async Task The_way_in_fits_a_phone_and_the_menu_leads_to_the_portal(string url, string name)
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(390, 844));
        await page.GotoAsync(url);
        await PortalTestSteps.CheckPageAsync(page, name);
        await page.GetByText("Menu", new() { Exact = true }).ClickAsync();
        await page.Locator(".nav-menu").GetByRole(AriaRole.Link, new() { Name = "Nominee portal" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/portal/login", StringComparison.Ordinal));
    }
}
