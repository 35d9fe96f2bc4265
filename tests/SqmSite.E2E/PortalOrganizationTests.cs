using Microsoft.Playwright;
using SqmSite.Testing;

namespace SqmSite.E2E;

/// <summary>
/// The organization page's forms, each through its button: the profile, the logo (upload and remove) and pending
/// invitations (send again, revoke); the people table scrolls sideways on a phone as a focusable, named region.
/// </summary>
public sealed class PortalOrganizationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Email = "orla@example.org";
    private const string Name = "Orla's Organized Center";

    [Fact]
    public async Task A_member_saves_the_profile_and_uploads_and_removes_the_logo()
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, Name));
        await page.GotoAsync("/portal/organization");
        await page.GetByLabel("Official name").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        await page.Locator("#portal-errors").WaitForAsync();
        await page.GetByLabel("Official name").FillAsync("Orla's Orderly Center");
        await page.GetByLabel("Website").FillAsync("orla.example.org");
        await page.GetByLabel("We are a client of the research team").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        await page.GetByText("The organization's profile was saved.").WaitForAsync();
        Assert.Equal("Orla's Orderly Center", await page.GetByLabel("Official name").InputValueAsync());
        Assert.Equal("https://orla.example.org", await page.GetByLabel("Website").InputValueAsync());
        Assert.True(await page.GetByLabel("We are a client of the research team").IsCheckedAsync());

        await page.GetByLabel("Upload a logo").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = TestImages.Png(400, 400) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await page.GetByText("The logo was saved.").WaitForAsync();
        await page.GetByRole(AriaRole.Img, new() { Name = "Orla's Orderly Center logo" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove the logo" }).ClickAsync();
        await page.GetByText("The logo was removed.").WaitForAsync();
        await page.GetByText("No logo yet.").WaitForAsync();
    }

    [Fact]
    public async Task Pending_invitations_are_sent_again_and_revoked_and_the_tables_scroll_as_focusable_regions()
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("ivo@example.org", "Ivo's Inviting Center"));
        await page.GotoAsync("/portal/organization");
        await page.GetByLabel("Their name").FillAsync("Pia Pending");
        await page.GetByLabel("Their email").FillAsync("pia@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await page.GetByText("We sent an invitation to pia@example.org").WaitForAsync();
        // Sending again within minutes of the first is refused, with the reason (the site's own rule against floods).
        await page.GetByRole(AriaRole.Button, new() { Name = "Send again to pia@example.org" }).ClickAsync();
        await page.GetByText("The invitation to pia@example.org was sent less than").WaitForAsync();

        var phone = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("ivo@example.org", "Ivo's Inviting Center", 390, 844));
        await phone.GotoAsync("/portal/organization");
        var people = phone.Locator("#people").GetByRole(AriaRole.Region, new() { Name = "People" });
        await people.FocusAsync();
        Assert.Equal("0", await people.GetAttributeAsync("tabindex"));
        Assert.True(await people.EvaluateAsync<bool>("e => e === document.activeElement"));
        await phone.GetByRole(AriaRole.Region, new() { Name = "Pending invitations" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(phone, "portal-organization-invitations");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the invitation to pia@example.org" }).ClickAsync();
        await page.GetByText("The invitation was revoked; its link no longer works.").WaitForAsync();
        Assert.Contains("There are no pending invitations.", await page.Locator("#invitations").InnerTextAsync());
    }
}
