using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Content;
using SqmSite.Cms.Forms;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

public sealed class ContactFormTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task After_an_error_the_address_is_still_the_contact_page_and_a_reload_shows_it()
    {
        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync("/contact/");
        var form = visitor.Locator("#form-contact");
        await form.GetByLabel("Your name").FillAsync("Dana Visitor");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await visitor.GetByText("Your message is required.").First.WaitForAsync();
        Assert.Equal("Dana Visitor", await form.GetByLabel("Your name").InputValueAsync());
        Assert.EndsWith("/contact/", new Uri(visitor.Url).AbsolutePath);

        // Opening the address again (as a reload from the address bar or a bookmark does) shows the page, not a 404.
        var again = await visitor.GotoAsync(visitor.Url);
        Assert.Equal(200, again!.Status);
        await visitor.Locator("#form-contact").GetByRole(AriaRole.Button, new() { Name = "Send message" }).WaitForAsync();

        // A reload of the failed post posts again and shows the same page with its messages.
        await form.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await visitor.GetByText("Your name is required.").First.WaitForAsync();
        var reloaded = await visitor.ReloadAsync();
        Assert.Equal(200, reloaded!.Status);
        await visitor.Locator("#form-contact").WaitForAsync();
    }

    [Fact]
    public async Task A_visitor_sends_the_contact_form_and_an_editor_finds_and_exports_the_entry()
    {
        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync("/contact/");
        var form = visitor.Locator("#form-contact");

        // Sending it empty shows every problem next to its field, without losing the page.
        await form.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await visitor.GetByText("Your name is required.").First.WaitForAsync();
        Assert.Equal("true", await form.GetByLabel("Your name").GetAttributeAsync("aria-invalid"));
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "contact-form-errors.png"), FullPage = true });

        await visitor.GotoAsync("/contact/");

        await form.GetByLabel("Your name").FillAsync("Dana Visitor");
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Email address" }).FillAsync("dana@example.org");
        await form.GetByLabel("Organization").FillAsync("Northwind Contact Center");

        // The conditional field appears as soon as its answer is picked, before anything is sent.
        var subject = form.GetByLabel("Tell us the subject");
        Assert.False(await subject.IsVisibleAsync());
        await form.GetByLabel("Something else").CheckAsync();
        await subject.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await subject.FillAsync("Judging visits");

        await form.GetByLabel("Your message").FillAsync("Do the judges visit every finalist, or only some?");
        Assert.Contains("49 / 2,000 characters", await form.Locator(".sqm-counter").InnerTextAsync());
        await form.GetByLabel("I agree that the awards team keeps my name").CheckAsync();
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "contact-form.png"), FullPage = true });

        await form.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await visitor.GetByText("Thank you, your message has reached the awards team.").WaitForAsync();
        Assert.Contains("/contact/?sent=contact", visitor.Url);
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "contact-thank-you.png"), FullPage = true });

        var editor = await fixture.NewPageAsync();
        await SignInPage.OpenAndSubmitAsync(editor, "/backoffice/login", BrowserFixture.EditorEmail, BrowserFixture.Password);
        await editor.GetByRole(AriaRole.Link, new() { Name = "Forms", Exact = true }).ClickAsync();
        // The contact form's row: another test of this class adds a form with one entry of its own.
        await editor.GetByRole(AriaRole.Row).Filter(new() { HasText = "Contact us" })
            .GetByRole(AriaRole.Link, new() { Name = "1 submitted, 0 drafts" }).ClickAsync();
        await editor.GetByRole(AriaRole.Cell, new() { Name = "Dana Visitor" }).WaitForAsync();

        await editor.GetByLabel("Search the answers").FillAsync("judges");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await editor.GetByText("1 entry matches").WaitForAsync();
        await editor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "backoffice-form-entries.png"), FullPage = true });

        var download = await BrowserFixture.DownloadAsync(editor, editor.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }));
        Assert.Matches("^contact-entries-\\d{4}-\\d{2}-\\d{2}\\.csv$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path!);
        Assert.Contains("Dana Visitor", csv);
        Assert.Contains("Judging visits", csv);

        await editor.GotoAsync("/backoffice/forms");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Contact us" }).ClickAsync();
        await editor.GetByRole(AriaRole.Heading, new() { Name = "Contact us", Level = 1 }).WaitForAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await editor.GetByText("Preview: this form cannot be sent from here.").WaitForAsync();
        await editor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "backoffice-form-editor.png"), FullPage = true });

        // The example checklist: editors change its questions, but its entries are not theirs to read.
        await editor.GotoAsync("/backoffice/forms");
        Assert.Contains("(administrators only)", await editor.ContentAsync());
        await editor.GetByRole(AriaRole.Link, new() { Name = "Eligibility checklist: Email Channel (example)" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await editor.Locator("#preview").GetByText("Is email handled by dedicated or specialist CSRs, or by the wider team?").WaitForAsync();
        await editor.Locator("#preview").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "backoffice-checklist-preview.png") });
    }

    [Fact]
    public async Task A_visitor_goes_through_a_two_page_form_saves_it_for_later_resumes_from_the_link_and_sends_it()
    {
        var formId = await fixture.WithServicesAsync(async s =>
        {
            var saved = await s.GetRequiredService<FormService>().SaveFormAsync(new FormDefinition
            {
                Key = Guid.NewGuid(), Alias = "site-visit", Name = "Site visit request", SubmitLabel = "Request the visit",
                SuccessMessage = "Thank you, we will propose dates for the visit.",
                Pages =
                [
                    new FormPage { Title = "Your center", Fields = [new FormField { Alias = "center", Label = "Contact center name", Type = FormFieldType.ShortText, Required = true }] },
                    new FormPage { Title = "The visit", Fields = [new FormField { Alias = "agents", Label = "Number of agents", Type = FormFieldType.Number, Required = true, Min = 1, Max = 100000 }] },
                ],
            });
            Assert.True(saved.Succeeded, saved.Message);
            var content = s.GetRequiredService<ContentService>();
            var home = (await content.GetTreeAsync()).Single(i => i.ParentId is null && i.Name == "Home");
            var page = await content.CreateAsync(home.Id, "contentPage", new ContentEdit("Request a site visit", "site-visit",
                new Dictionary<string, string?> { ["summary"] = "Ask the judges to visit your center.", ["body"] = "<p>Tell us about your center.</p>", ["form"] = "site-visit" }), "editor@example.org");
            Assert.True((await content.PublishAsync(page.Value!.Id, "editor@example.org")).Succeeded);
            return saved.Value!.Id;
        });

        var visitor = await fixture.NewPageAsync(390, 844);
        await visitor.GotoAsync("/site-visit/");
        var form = visitor.Locator("#form-site-visit");
        await form.GetByText("Step 1 of 2: Your center").WaitForAsync();

        // Next checks the page it leaves; Back keeps what was typed.
        await form.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await visitor.GetByText("Contact center name is required.").First.WaitForAsync();
        await form.GetByLabel("Contact center name").FillAsync("Harbor Care Center");
        await form.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await form.GetByText("Step 2 of 2: The visit").WaitForAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        Assert.Equal("Harbor Care Center", await form.GetByLabel("Contact center name").InputValueAsync());
        await form.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // Saved for later: the page gives the link to come back with.
        await form.GetByLabel("Number of agents").FillAsync("240");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save and continue later" }).ClickAsync();
        await visitor.GetByText("Your answers are saved.").WaitForAsync();
        await BrowserFixture.AssertNoSidewaysScrollAsync(visitor, "saved form at 390 px");
        await BrowserFixture.ScreenshotAsync(visitor, "form-saved-for-later");
        var link = await visitor.Locator(".sqm-form-resume-link").GetAttributeAsync("href");

        var later = await fixture.NewPageAsync();
        await later.GotoAsync(link!);
        var resumed = later.Locator("#form-site-visit");
        await resumed.GetByText("Step 2 of 2: The visit").WaitForAsync();
        Assert.Equal("240", await resumed.GetByLabel("Number of agents").InputValueAsync());
        await resumed.GetByLabel("Number of agents").FillAsync("0");
        await resumed.GetByRole(AriaRole.Button, new() { Name = "Request the visit" }).ClickAsync();
        await resumed.Locator(".sqm-error").WaitForAsync();
        Assert.Equal("true", await resumed.GetByLabel("Number of agents").GetAttributeAsync("aria-invalid"));
        await resumed.GetByLabel("Number of agents").FillAsync("240");
        await resumed.GetByRole(AriaRole.Button, new() { Name = "Request the visit" }).ClickAsync();
        await later.GetByText("Thank you, we will propose dates for the visit.").WaitForAsync();

        var entries = await fixture.WithServicesAsync(async s =>
            (await s.GetRequiredService<FormEntryService>().QueryEntriesAsync(new FormEntryQuery(formId, FormEntryState.Submitted))).Items
                .Select(e => e.Values["center"]?.GetValue<string>()).ToList());
        Assert.Equal(["Harbor Care Center"], entries);
    }
}
