using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;
using SqmSite.Testing;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>The backoffice's smaller forms, each pressed once: reorder the tree, delete a page or a form, unlock a user, retry a failed email (from the list and on its own page), sign out.</summary>
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
        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByText("The page was deleted.").WaitForAsync();
        Assert.Contains("cannot be undone", Assert.Single(asked));
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
        using var asked = PortalTestSteps.AnswerDialogs(page);
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
        await SignInPage.OpenAndSubmitAsync(page, "/backoffice/login", BrowserFixture.EditorEmail, BrowserFixture.Password);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Erin Editor" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/backoffice/login", StringComparison.Ordinal));
        await page.GotoAsync("/backoffice/content");
        Assert.Contains("/backoffice/login", page.Url);
    }

    private Task<EmailStatus> StatusAsync(int id) => fixture.WithServicesAsync(s =>
        s.GetRequiredService<CmsDbContext>().EmailMessages.AsNoTracking().Where(m => m.Id == id).Select(m => m.Status).SingleAsync());

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !await done(); await Task.Delay(200))
        {
            Assert.True(DateTime.UtcNow < deadline, what);
        }
    }

    /// <summary>A message to a new address that the SMTP server refused once, marked failed; its id, tag and address.</summary>
    private async Task<(int Id, string Tag, string Address)> RefusedMessageAsync()
    {
        // Nothing else on its way out, so the one refusal below lands on this message.
        await WaitForAsync(() => fixture.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().EmailMessages
            .AllAsync(m => m.Status != EmailStatus.Queued && m.Status != EmailStatus.Sending)), "the outbox did not empty");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var address = $"bounced-{tag}@acme.example";
        fixture.Sink.Fail(SmtpStage.RcptTo, 550, "No such mailbox here", times: 1);
        var id = await fixture.WithServicesAsync(async s =>
            (await s.GetRequiredService<IEmailQueue>().EnqueueAsync(EmailRequest.Raw(address, $"Your entry {tag}", "<p>Thank you.</p>"))).Value!.Message.Id);
        await WaitForAsync(async () => await StatusAsync(id) == EmailStatus.Failed, "the refused message was not marked failed");
        return (id, tag, address);
    }

    [Fact]
    public async Task Awards_staff_retry_a_refused_email_on_its_own_page_and_it_is_delivered()
    {
        var (id, _, address) = await RefusedMessageAsync();
        var page = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await page.GotoAsync($"/backoffice/outbox/{id}");
        await page.GetByText("No such mailbox here").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).ClickAsync();
        await page.GetByText("The message is queued for an attempt now, with a fresh set of retries.").WaitForAsync();
        Assert.EndsWith($"/backoffice/outbox/{id}", page.Url);

        await WaitForAsync(() => Task.FromResult(fixture.Sink.To(address).Count == 1), "the retried message did not arrive");
        await WaitForAsync(async () => await StatusAsync(id) == EmailStatus.Sent, "the retried message is not marked sent");
        await page.ReloadAsync();
        Assert.Equal("Sent", (await page.Locator(".bo-status .bo-badge").TextContentAsync())!.Trim());
        await page.GetByText("Sent", new() { Exact = true }).First.WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).CountAsync());
    }

    [Fact]
    public async Task Awards_staff_retry_a_refused_email_from_the_outbox_and_it_is_delivered()
    {
        var (id, tag, address) = await RefusedMessageAsync();

        var page = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await page.GotoAsync("/backoffice/outbox");
        await page.GetByRole(AriaRole.Link, new() { Name = "Failed" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = $"Your entry {tag}" });
        await row.GetByText("No such mailbox here").WaitForAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).ClickAsync();
        await page.GetByText("The message is queued for an attempt now, with a fresh set of retries.").WaitForAsync();
        Assert.Contains("status=Failed", page.Url);

        await WaitForAsync(() => Task.FromResult(fixture.Sink.To(address).Count == 1), "the retried message did not arrive");
        await WaitForAsync(async () => await StatusAsync(id) == EmailStatus.Sent, "the retried message is not marked sent");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sent" }).ClickAsync();
        await page.Locator("tr", new() { HasText = $"Your entry {tag}" }).WaitForAsync();
    }
}
