using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Content;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// Every page of the engine's backoffice under axe-core (WCAG 2.1 A/AA) at a desktop and a phone width, with no
/// sideways scrolling of the page as a whole; and the keyboard: focus ring contrast, the rich-text toolbar, an
/// error summary that takes focus.
/// </summary>
public sealed class BackofficeAccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, int> Pages()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[]
                 {
                     "home", "content-tree", "create", "editor-new", "editor-existing", "versions", "email-template", "media",
                     "forms", "form-edit", "form-entries", "form-entry", "outbox", "outbox-message", "users", "user-edit", "api-keys",
                     "webhooks", "webhook-new", "webhook-edit", "webhook-deliveries", "login",
                 })
        {
            data.Add(name, 1366);
            data.Add(name, 390);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_backoffice_page_passes_axe_and_does_not_scroll_sideways(string name, int width)
    {
        var url = await UrlAsync(name);
        var page = name == "login" ? await fixture.NewPageAsync(width) : await fixture.BackofficePageAsync(BackofficeRoles.Administrator, width);
        var response = await page.GotoAsync(url);
        Assert.Equal(200, response!.Status);
        await BrowserFixture.ScreenshotAsync(page, "backoffice-a11y-" + name);
        var wide = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => !e.closest('.bo-table-scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')
            """);
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, $"{name} ({url}) at {width}px, wider: {wide}");
        await BrowserFixture.AssertAccessibleAsync(page, $"{name} ({url}) at {width}px");

        // Times are shown in the engine's zone, named; never in UTC.
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(" UTC", text);
        Assert.DoesNotContain("America/New_York", text);
    }

    [Fact]
    public async Task The_focus_ring_has_3_to_1_contrast_on_white_on_the_page_grey_and_in_the_header()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/content");
        await page.Keyboard.PressAsync("Tab");
        async Task<double> RingContrastAsync(string selector, string background)
        {
            await page.FocusAsync(selector);
            var color = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineColor");
            return Contrast(color, background);
        }

        // A link in the white tree card, a link on the page grey (the crumbs of the editor), the header's navigation.
        Assert.True(await RingContrastAsync(".bo-tree a", "rgb(255, 255, 255)") >= 3);
        Assert.True(await RingContrastAsync(".bo-main > p a", "rgb(244, 246, 249)") >= 3);
        Assert.True(await RingContrastAsync(".bo-header nav a", "rgb(11, 61, 92)") >= 3);
    }

    [Fact]
    public async Task Links_on_the_dashboard_and_in_the_content_tree_are_at_least_24_px_high()
    {
        await fixture.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var faq = (await content.GetTreeAsync()).Single(i => i.Name == "FAQ");
            var latest = await content.GetLatestVersionAsync((await content.GetNodeAsync(faq.Id))!);
            return await content.SaveAsync(faq.Id, new ContentEdit(latest!.Name, latest.UrlSegment,
                latest.Values.ToDictionary(v => v.Key, v => (string?)SqmSite.Cms.ContentTypes.PropertyValueParser.ToRaw(v.Value))), "editor@example.org");
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice");
        var recent = page.Locator(".bo-list--links a").First;
        Assert.True((await recent.BoundingBoxAsync())!.Height >= 24, "a recently edited link is under 24 px high");
        await page.GotoAsync("/backoffice/content");
        Assert.True((await page.Locator(".bo-tree a").First.BoundingBoxAsync())!.Height >= 24, "a content tree link is under 24 px high");
        Assert.True((await page.Locator(".bo-move button").First.BoundingBoxAsync())!.Height >= 24, "a move button is under 24 px high");
    }

    [Fact]
    public async Task A_failed_sign_in_moves_focus_to_the_error_summary()
    {
        var page = await fixture.NewPageAsync();
        await SignInPage.OpenAndSubmitAsync(page, "/backoffice/login", "editor@example.org", "not the password");
        await page.GetByText("The email or password is not right.").WaitForAsync();
        Assert.Equal("bo-errors", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // A tick box posted with a value that is not a boolean is answered on the page, not with a 500.
        var response = await page.APIRequest.PostAsync("/backoffice/login", new() { Form = FormOf(page.APIRequest, await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync()) });
        Assert.Equal(200, response.Status);
        Assert.Contains("Keep me signed in", await response.TextAsync());
    }

    private static IFormData FormOf(IAPIRequestContext request, string token)
    {
        var form = request.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("Email", "editor@example.org");
        form.Set("Password", "not the password");
        form.Set("RememberMe", "sure");
        return form;
    }

    [Fact]
    public async Task An_editor_formats_text_with_the_toolbar_and_saves_a_draft_with_the_keyboard_only()
    {
        var id = await fixture.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
            var created = await content.CreateAsync(parent.Id, "contentPage", new ContentEdit("Keyboard page", "keyboard-page",
                new Dictionary<string, string?> { ["summary"] = "Typed without a mouse.", ["body"] = "<p>Old body.</p>" }), "editor@example.org");
            return created.Value!.Id;
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/content/edit/{id}");

        async Task TabToAsync(string js, bool backwards = false)
        {
            for (var i = 0; i < 120; i++)
            {
                if (await page.EvaluateAsync<bool>(js))
                {
                    return;
                }

                await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            }

            Assert.Fail("The keyboard never reached " + js);
        }

        // A person cannot tab faster than the page starts up; the loop below can. Wait until backoffice.js has made
        // the body's toolbar one tab stop (it does so on trix-initialize), as it has long before anyone reaches it.
        await page.Locator("trix-toolbar[data-bo-keyboard] [role=toolbar] button[tabindex='0']").First.WaitForAsync();
        // Under load a key's effect (a focus move, Trix taking typed text in) can land a moment after the key press:
        // each step waits for the state it needs, and says where the focus went if it never comes.
        async Task ExpectAsync(string js, string what)
        {
            try
            {
                await page.WaitForFunctionAsync(js, null, new() { Timeout = 10_000 });
            }
            catch (TimeoutException)
            {
                Assert.Fail($"Expected {what}; the focus is on " + await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 200) ?? 'nothing'"));
            }
        }

        await TabToAsync("() => document.activeElement?.getAttribute('input') === 'field-body'");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Only the keyboard");
        await ExpectAsync("() => document.querySelector(\"trix-editor[input='field-body']\").editor.getDocument().toString().trim() === 'Only the keyboard'", "the typed text in the editor");
        await page.Keyboard.PressAsync("Shift+Home");
        await ExpectAsync("() => { const r = document.querySelector(\"trix-editor[input='field-body']\").editor.getSelectedRange(); return r[0] === 0 && r[1] === 17; }", "the typed line selected");

        // The toolbar is one tab stop before the editor; arrows move inside it.
        await page.Keyboard.PressAsync("Shift+Tab");
        await ExpectAsync("() => document.activeElement?.getAttribute('data-trix-attribute') === 'bold'", "Shift+Tab from the editor to reach the bold button");
        Assert.Equal("toolbar", await page.EvaluateAsync<string?>("() => document.activeElement.closest('[role=toolbar]')?.getAttribute('role')"));
        await page.Keyboard.PressAsync("ArrowRight");
        await ExpectAsync("() => document.activeElement?.getAttribute('data-trix-attribute') === 'italic'", "ArrowRight to move to the italic button");
        await page.Keyboard.PressAsync("ArrowLeft");
        await ExpectAsync("() => document.activeElement?.getAttribute('data-trix-attribute') === 'bold'", "ArrowLeft to move back to the bold button");
        await page.Keyboard.PressAsync("Enter");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-keyboard-bold");
        await page.Locator("trix-editor[input='field-body'] strong").WaitForAsync();

        await TabToAsync("() => document.activeElement?.textContent?.trim() === 'Save draft'");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("Draft saved. It is not on the site until you publish.").WaitForAsync();

        var body = await fixture.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var latest = await content.GetLatestVersionAsync((await content.GetNodeAsync(id))!);
            return SqmSite.Cms.ContentTypes.PropertyValueParser.ToRaw(latest!.Values["body"]);
        });
        Assert.Contains("<strong>Only the keyboard</strong>", body);
    }

    [Fact]
    public async Task The_outbox_names_no_server_folder()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator);
        await page.GotoAsync("/backoffice/outbox");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("/tmp/", text);
        Assert.DoesNotContain("Development mode", text);
    }

    // xUnit makes an instance per test case: the addresses (and the entry and email they need) are made once per site.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<Dictionary<string, string>>>> UrlsBySite = new();

    private async Task<string> UrlAsync(string name) =>
        (await UrlsBySite.GetOrAdd(fixture.BaseUrl, _ => new Lazy<Task<Dictionary<string, string>>>(MakeUrlsAsync)).Value)[name];

    private async Task<Dictionary<string, string>> MakeUrlsAsync()
    {
        var urls = new Dictionary<string, string>();
        {
            await fixture.WithServicesAsync(async s =>
            {
                var content = s.GetRequiredService<ContentService>();
                var tree = await content.GetTreeAsync();
                var about = tree.Single(i => i.Name == "About the awards");
                var template = tree.First(i => i.ContentTypeAlias == "emailTemplate");
                var forms = s.GetRequiredService<FormService>();
                var contact = (await forms.GetFormsAsync()).Single(f => f.Alias == "contact");
                var admin = await s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync("admin@example.org");

                // One entry and one email, so the entries and outbox tables are on the page.
                var entry = await s.GetRequiredService<FormEntryService>().PostAsync("contact", FormOwner.Anonymous(), new FormPost(0, FormAction.Submit, new FormInput(new Dictionary<string, IReadOnlyList<string>>
                {
                    ["name"] = ["Dana Visitor"], ["email"] = ["dana@example.org"], ["organization"] = ["Northwind Contact Center, a long organization name"],
                    ["topic"] = ["Eligibility"], ["message"] = ["Is a team of three eligible for the awards this year, or only larger teams?"], ["consent"] = ["true"],
                })));
                Assert.True(entry.Succeeded, entry.Message);
                var queued = await s.GetRequiredService<IEmailQueue>().EnqueueAsync(new EmailRequest
                {
                    To = ["someone.with.a.long.address@example.org"], Subject = "A message with a subject long enough to need room", HtmlBody = "<p>Hello.</p>",
                });
                var key = await s.GetRequiredService<SqmSite.Cms.ApiKeys.IApiKeyService>().CreateAsync("Main website, with a longer name than most",
                    SqmSite.Cms.ApiKeys.ApiKeyScope.Preview, s.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(30), "admin@example.org");
                Assert.True(key.Succeeded, key.Message);

                // A webhook with a delivery in its log (never sent: the address is not real), so both tables are on the page.
                var webhook = await s.GetRequiredService<SqmSite.Cms.Webhooks.WebhookService>().CreateAsync(new SqmSite.Cms.Webhooks.WebhookEdit(
                    "Firm website, with a longer name than most", "https://hooks.example.org/awards/a-rather-long-path/that-needs-to-wrap",
                    ["content.published", "media.changed"]), "admin@example.org");
                Assert.True(webhook.Succeeded, webhook.Message);
                var hookKey = webhook.Value!.Webhook.Key;
                Assert.True((await s.GetRequiredService<SqmSite.Cms.Webhooks.WebhookService>().UpdateAsync(hookKey, new SqmSite.Cms.Webhooks.WebhookEdit(
                    "Firm website, with a longer name than most", "https://hooks.example.org/awards/a-rather-long-path/that-needs-to-wrap",
                    ["content.published", "media.changed"], Enabled: false), "admin@example.org")).Succeeded);
                Assert.True((await s.GetRequiredService<SqmSite.Cms.Webhooks.WebhookService>().SendTestAsync(hookKey, "admin@example.org")).Succeeded);
                var entryId = (await forms.GetFormsAsync()).Count;
                urls["home"] = "/backoffice";
                urls["content-tree"] = "/backoffice/content";
                urls["create"] = $"/backoffice/content/create?parentId={about.Id}";
                urls["editor-new"] = $"/backoffice/content/edit?parentId={about.Id}&type=contentPage";
                urls["editor-existing"] = $"/backoffice/content/edit/{about.Id}";
                urls["versions"] = $"/backoffice/content/versions/{about.Id}";
                urls["email-template"] = $"/backoffice/content/edit/{template.Id}";
                urls["media"] = "/backoffice/media";
                urls["forms"] = "/backoffice/forms";
                urls["form-edit"] = $"/backoffice/forms/edit/{contact.Id}";
                urls["form-entries"] = $"/backoffice/forms/entries/{contact.Id}";
                urls["form-entry"] = $"/backoffice/forms/entry/{entry.Value!.Entry!.Id}";
                urls["outbox"] = "/backoffice/outbox";
                urls["outbox-message"] = $"/backoffice/outbox/{queued.Value!.Message.Id}";
                urls["users"] = "/backoffice/users";
                urls["user-edit"] = $"/backoffice/users/edit/{admin!.Id}";
                urls["api-keys"] = "/backoffice/api-keys";
                urls["webhooks"] = "/backoffice/webhooks";
                urls["webhook-new"] = "/backoffice/webhooks/new";
                urls["webhook-edit"] = $"/backoffice/webhooks/{hookKey}";
                urls["webhook-deliveries"] = $"/backoffice/webhooks/{hookKey}/deliveries";
                urls["login"] = "/backoffice/login";
                return entryId;
            });
        }

        return urls;
    }

    private static double Contrast(string rgb, string background)
    {
        static double Luminance(string css)
        {
            var parts = css[(css.IndexOf('(') + 1)..css.IndexOf(')')].Split(',').Take(3).Select(p => double.Parse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture) / 255).ToArray();
            double Channel(double c) => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            return (0.2126 * Channel(parts[0])) + (0.7152 * Channel(parts[1])) + (0.0722 * Channel(parts[2]));
        }

        var (a, b) = (Luminance(rgb), Luminance(background));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }
}
