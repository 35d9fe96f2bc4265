using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Content;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>The backoffice's smaller forms, each pressed once: reorder the tree, delete a page or a form, unlock a user, sign out.</summary>
public sealed class BackofficeHousekeepingFormsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_moves_a_page_up_in_the_tree()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/content");
        async Task<int> PositionAsync(string name) => await page.EvaluateAsync<int>(
            "n => [...document.querySelectorAll('.bo-tree a')].findIndex(a => a.textContent.trim() === n)", name);
        var before = await PositionAsync("FAQ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move FAQ up" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("#node-", StringComparison.Ordinal));
        Assert.True(await PositionAsync("FAQ") < before);
    }

    [Fact]
    public async Task An_editor_deletes_a_draft_page_after_confirming()
    {
        var id = await fixture.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
            var created = await content.CreateAsync(parent.Id, "contentPage", new ContentEdit("Old draft", "old-draft",
                new Dictionary<string, string?> { ["summary"] = "To be deleted.", ["body"] = "<p>Gone soon.</p>" }), "editor@example.org");
            return created.Value!.Id;
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/content/edit/{id}");
        string? asked = null;
        page.Dialog += (_, d) => { asked = d.Message; _ = d.AcceptAsync(); };
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByText("The page was deleted.").WaitForAsync();
        Assert.Contains("cannot be undone", asked);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Old draft" }).CountAsync());
    }

    [Fact]
    public async Task An_editor_deletes_a_form_without_entries_after_confirming()
    {
        var id = await fixture.WithServicesAsync(async s =>
        {
            var saved = await s.GetRequiredService<FormService>().SaveFormAsync(new FormDefinition
            {
                Key = Guid.NewGuid(), Alias = "survey", Name = "Survey",
                Pages = [new FormPage { Fields = [new FormField { Alias = "question1", Label = "Question 1", Type = FormFieldType.ShortText }] }],
            });
            return saved.Value!.Id;
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/forms/edit/{id}");
        page.Dialog += (_, d) => _ = d.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete form" }).ClickAsync();
        await page.GetByText("The form 'Survey' was deleted.").WaitForAsync();
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_out_user()
    {
        await fixture.EnsureBackofficeUserAsync("locked@example.org", BackofficeRoles.Marketing, "Lee Locked");
        var userId = await fixture.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            var user = (await users.FindByEmailAsync("locked@example.org"))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15));
            return user.Id;
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator);
        await page.GotoAsync($"/backoffice/users/edit/{userId}");
        await page.GetByText("Locked out").First.WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Unlock account" }).ClickAsync();
        await page.GetByText("The account is unlocked.").WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Unlock account" }).CountAsync());
    }

    [Fact]
    public async Task Sign_out_in_the_header_ends_the_session()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/backoffice/login");
        await page.GetByLabel("Email").FillAsync(BrowserFixture.EditorEmail);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Erin Editor" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/backoffice/login", StringComparison.Ordinal));
        await page.GotoAsync("/backoffice/content");
        Assert.Contains("/backoffice/login", page.Url);
    }
}
