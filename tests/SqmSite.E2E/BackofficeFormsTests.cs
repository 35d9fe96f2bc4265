using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>The forms module's backoffice forms, driven through the pages: create a form, edit its fields, save, preview.</summary>
public sealed class BackofficeFormsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_creates_a_form_and_an_empty_alias_is_refused_in_plain_words()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/forms");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Newsletter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and edit" }).ClickAsync();
        await page.Locator("#bo-errors").WaitForAsync();
        Assert.Contains("alias must be lower-case letters", await page.Locator("#bo-errors").InnerTextAsync());
        Assert.DoesNotContain("field is required", await page.ContentAsync());
        Assert.Equal("Newsletter", await page.GetByLabel("Name", new() { Exact = true }).InputValueAsync());

        await page.GetByLabel("Alias").FillAsync("newsletter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and edit" }).ClickAsync();
        await page.GetByText("The form 'Newsletter' was created.").WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Newsletter", Level = 1 }).WaitForAsync();
    }

    [Fact]
    public async Task An_editor_adds_a_field_to_the_contact_form_saves_it_and_sees_it_in_the_preview()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/forms");
        await page.GetByRole(AriaRole.Link, new() { Name = "Contact us" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Contact us", Level = 1 }).WaitForAsync();

        // The move and remove buttons are not inside the field's summary (nested interactive), and are at least 24 px.
        Assert.Equal(0, await page.Locator("summary button").CountAsync());
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Remove Your name" });
        var box = (await remove.BoundingBoxAsync())!;
        Assert.True(box.Height >= 24 && box.Width >= 24, $"the remove button is {box.Width} x {box.Height} px");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a field to page 1" }).ClickAsync();
        var added = page.Locator(".bo-form-field").Last;
        await added.Locator("summary").WaitForAsync();
        if (await added.Locator("details").GetAttributeAsync("open") is null)
        {
            await added.Locator("summary").ClickAsync();
        }

        await added.GetByLabel("Label").FillAsync("Phone number");
        await added.GetByLabel("Alias").FillAsync("phone");
        await added.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = "Short text" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save form" }).ClickAsync();
        await page.GetByText("The form was saved.").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await page.Locator("#preview").GetByLabel("Phone number").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "backoffice-form-editor-added");

        // The public page shows the new field too.
        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync("/contact/");
        await visitor.Locator("#form-contact").GetByLabel("Phone number").WaitForAsync();
    }

    [Fact]
    public async Task An_editor_adds_a_page_moves_it_up_removes_it_and_the_saved_form_keeps_the_first()
    {
        var id = await fixture.WithServicesAsync(async s =>
        {
            var saved = await s.GetRequiredService<FormService>().SaveFormAsync(new FormDefinition
            {
                Key = Guid.NewGuid(), Alias = "feedback", Name = "Feedback",
                Pages = [new FormPage { Title = "About you", Fields = [new FormField { Alias = "name", Label = "Your name", Type = FormFieldType.ShortText }] }],
            });
            return saved.Value!.Id;
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/forms/edit/{id}");
        ILocator Section(int n) => page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = $"Page {n}", Exact = true }) });

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a page" }).ClickAsync();
        await Section(2).WaitForAsync();
        await Section(2).GetByLabel("Page title (optional)").FillAsync("Your visit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move page 2 up" }).ClickAsync();
        Assert.Equal("Your visit", await Section(1).GetByLabel("Page title (optional)").InputValueAsync());
        Assert.Equal("About you", await Section(2).GetByLabel("Page title (optional)").InputValueAsync());
        await page.GetByText("Unsaved changes: press Save form to keep them").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove page 1" }).ClickAsync();
        Assert.Equal(0, await Section(2).CountAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Remove page 1" }).IsDisabledAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Save form" }).ClickAsync();
        await page.GetByText("The form was saved.").WaitForAsync();
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<FormService>().GetFormAsync("feedback"));
        Assert.Equal(["About you"], stored!.Pages.Select(p => p.Title));
    }

    [Fact]
    public async Task An_editor_moves_fields_up_and_down_removes_one_moves_a_page_down_and_the_saved_form_keeps_that_order()
    {
        var id = await fixture.WithServicesAsync(async s =>
        {
            var saved = await s.GetRequiredService<FormService>().SaveFormAsync(new FormDefinition
            {
                Key = Guid.NewGuid(), Alias = "reorder", Name = "Reorder",
                Pages =
                [
                    new FormPage
                    {
                        Title = "First",
                        Fields =
                        [
                            new FormField { Alias = "alpha", Label = "Alpha", Type = FormFieldType.ShortText },
                            new FormField { Alias = "beta", Label = "Beta", Type = FormFieldType.ShortText },
                            new FormField { Alias = "gamma", Label = "Gamma", Type = FormFieldType.ShortText },
                        ],
                    },
                    new FormPage { Title = "Second", Fields = [new FormField { Alias = "delta", Label = "Delta", Type = FormFieldType.ShortText }] },
                ],
            });
            Assert.True(saved.Succeeded, saved.Message);
            return saved.Value!.Id;
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/forms/edit/{id}");
        ILocator Section(int n) => page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = $"Page {n}", Exact = true }) });
        async Task ShowsAsync(int n, string title, params string[] labels)
        {
            // Each button posts the whole editor and the page comes back re-ordered: wait until it reads as expected.
            for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
            {
                var shown = await Section(n).Locator(".bo-form-field summary strong").AllTextContentsAsync();
                var shownTitle = await Section(n).GetByLabel("Page title (optional)").InputValueAsync();
                if ((shownTitle == title && shown.SequenceEqual(labels)) || DateTime.UtcNow > deadline)
                {
                    Assert.Equal((title, string.Join(", ", labels)), (shownTitle, string.Join(", ", shown)));
                    return;
                }
            }
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Move Gamma up" }).ClickAsync();
        await ShowsAsync(1, "First", "Alpha", "Gamma", "Beta");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move Alpha down" }).ClickAsync();
        await ShowsAsync(1, "First", "Gamma", "Alpha", "Beta");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Beta" }).ClickAsync();
        await ShowsAsync(1, "First", "Gamma", "Alpha");
        await page.GetByText("Unsaved changes: press Save form to keep them").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move page 1 down" }).ClickAsync();
        await ShowsAsync(1, "Second", "Delta");
        await ShowsAsync(2, "First", "Gamma", "Alpha");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save form" }).ClickAsync();
        await page.GetByText("The form was saved.").WaitForAsync();
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<FormService>().GetFormAsync("reorder"));
        Assert.Equal(["Second", "First"], stored!.Pages.Select(p => p.Title));
        Assert.Equal(["gamma", "alpha"], stored.Pages[1].Fields.Select(f => f.Alias));
    }
}
