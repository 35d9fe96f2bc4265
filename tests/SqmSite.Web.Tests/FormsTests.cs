using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>The site with forms: a generous public post limit (tests post a lot from one address).</summary>
public class FormsSiteFactory : SiteFactory
{
    protected virtual int PostsPerMinute => 10_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:PublicPostsPerMinute", PostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<int> CountEntriesAsync(string alias) => await WithServicesAsync(async s =>
        await s.GetRequiredService<CmsDbContext>().Set<FormEntry>().CountAsync(e => e.Form.Alias == alias));
}

/// <summary>The production limit of public posts, to see the 429.</summary>
public sealed class RateLimitedSiteFactory : FormsSiteFactory
{
    protected override int PostsPerMinute => 3;
}

public sealed partial class FormsTests(FormsSiteFactory site) : IClassFixture<FormsSiteFactory>
{
    private static Dictionary<string, string> Contact(string message = "Which category fits our email team?") => new()
    {
        ["__page"] = "0",
        ["__return"] = "/contact/",
        ["__action"] = "submit",
        ["f_name"] = "Ann Example",
        ["f_email"] = "ann@example.org",
        ["f_organization"] = "Example Contact Center",
        ["f_topic"] = "Categories",
        ["f_message"] = message,
        ["f_consent"] = "true",
    };

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    private static string SubmissionKey(string html) => SubmissionPattern().Match(html).Groups[1].Value;

    [Fact]
    public async Task The_contact_page_shows_the_form_and_is_never_served_from_the_shared_cache()
    {
        var first = site.Browser();
        var response = await first.GetAsync("/contact/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"form-contact\"", html);
        Assert.Contains("name=\"f_email\"", html);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        Assert.Single(Regex.Matches(html, "<h1[\\s>]"));

        // A visitor who already holds an antiforgery cookie gets a page without Set-Cookie: exactly the response a
        // shared cache would have kept and served to the next visitor with the wrong token.
        var again = await (await first.GetAsync("/contact/")).Content.ReadAsStringAsync();
        var second = site.Browser();
        var theirs = await second.GetStringAsync("/contact/");
        Assert.NotEqual(Token(again), Token(theirs));
        Assert.NotEqual(SubmissionKey(again), SubmissionKey(theirs));

        var fields = Contact();
        fields["__RequestVerificationToken"] = Token(theirs);
        fields["__submission"] = SubmissionKey(theirs);
        var post = await second.PostAsync("/forms/contact", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
    }

    [Fact]
    public async Task A_visitor_sends_the_contact_form_and_sees_the_thank_you()
    {
        var client = site.Browser();
        var before = await site.CountEntriesAsync("contact");
        var response = await client.PostFormAsync("/forms/contact", Contact("Is a team of three eligible?"), "/contact/");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/contact/?sent=contact#form-contact", response.Headers.Location!.OriginalString);
        var thanks = await client.GetStringAsync("/contact/?sent=contact");
        Assert.Contains("Thank you, your message has reached the awards team.", thanks);
        Assert.DoesNotContain("name=\"f_email\"", thanks);
        Assert.Equal(before + 1, await site.CountEntriesAsync("contact"));
    }

    [Fact]
    public async Task Bad_input_is_shown_again_with_a_message_next_to_each_field_and_nothing_is_stored()
    {
        var client = site.Browser();
        var before = await site.CountEntriesAsync("contact");
        var fields = Contact(new string('x', 2001));
        fields["f_email"] = "ann at example";
        fields["f_topic"] = "Something else";
        fields.Remove("f_consent");
        var response = await client.PostFormAsync("/forms/contact", fields, "/contact/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<p class=\"sqm-error\" id=\"f-contact-email-error\"><span class=\"visually-hidden\">Error:</span> Enter an email address such as name@example.org.</p>", html);
        Assert.Contains("id=\"f-contact-message-error\"><span class=\"visually-hidden\">Error:</span> Your message may have at most 2,000 characters; it has 2,001.", html);
        Assert.Contains("Tell us the subject is required.", html);
        Assert.Contains("Please tick the box to agree: Data consent.", html);
        Assert.Contains("value=\"ann at example\"", html); // what was typed is kept
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal(before, await site.CountEntriesAsync("contact"));
    }

    [Fact]
    public async Task A_post_without_its_antiforgery_token_is_refused()
    {
        var client = site.Browser();
        await client.GetAsync("/contact/");
        var response = await client.PostAsync("/forms/contact", new FormUrlEncodedContent(Contact()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_bot_that_fills_the_honeypot_is_thanked_and_ignored()
    {
        var before = await site.CountEntriesAsync("contact");
        var fields = Contact();
        fields["website"] = "http://spam.example";
        var response = await site.Browser().PostFormAsync("/forms/contact", fields, "/contact/");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("sent=contact", response.Headers.Location!.OriginalString);
        Assert.Equal(before, await site.CountEntriesAsync("contact"));
    }

    [Fact]
    public async Task Sending_the_same_page_twice_makes_one_entry()
    {
        var client = site.Browser();
        var page = await client.GetStringAsync("/contact/");
        var fields = Contact("Sent twice by an impatient double click");
        fields["__RequestVerificationToken"] = Token(page);
        fields["__submission"] = SubmissionKey(page);
        var before = await site.CountEntriesAsync("contact");

        var responses = await Task.WhenAll(
            client.PostAsync("/forms/contact", new FormUrlEncodedContent(fields)),
            client.PostAsync("/forms/contact", new FormUrlEncodedContent(fields)));
        var third = await client.PostAsync("/forms/contact", new FormUrlEncodedContent(fields));

        Assert.All([.. responses, third], r => Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode));
        Assert.Equal(before + 1, await site.CountEntriesAsync("contact"));
    }

    [Theory]
    [InlineData("/forms/no-such-form", "/contact/", HttpStatusCode.NotFound)]
    [InlineData("/forms/contact", "https://evil.example/", HttpStatusCode.BadRequest)]
    [InlineData("/forms/contact", "/no-such-page/", HttpStatusCode.BadRequest)]
    public async Task Posts_to_unknown_forms_or_pages_get_a_4xx(string url, string returnUrl, HttpStatusCode expected)
    {
        var fields = Contact();
        fields["__return"] = returnUrl;
        var response = await site.Browser().PostFormAsync(url, fields, "/contact/");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Garbage_never_gets_a_500()
    {
        var client = site.Browser();
        var bodies = new List<IEnumerable<KeyValuePair<string, string>>>
        {
            new Dictionary<string, string> { ["__page"] = "-7", ["__return"] = "/contact/", ["__action"] = "explode" },
            new Dictionary<string, string> { ["__page"] = "999999999999", ["__return"] = "/contact/", ["__submission"] = "not-a-guid", ["__resume"] = "forged" },
            new List<KeyValuePair<string, string>> { new("__return", "/contact/"), new("f_topic", "Eligibility"), new("f_topic", "Categories"), new("f_consent", "sure") },
            new Dictionary<string, string> { ["__return"] = "/contact/", ["f_name"] = "Ann\nExample", ["f_unknown"] = "x", ["f_email"] = new string('@', 5000) },
        };
        foreach (var body in bodies)
        {
            var response = await client.PostMultiValueFormAsync("/forms/contact", body, "/contact/");
            // Exactly the answers a person can be given; a 500 re-executed as an error page must not pass for one.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.SeeOther, $"{(int)response.StatusCode} for {string.Join("&", body.Select(b => b.Key))}");
        }
    }

    [Fact]
    public async Task Broken_or_oversized_bodies_get_a_4xx()
    {
        var client = site.Browser();
        var page = await client.GetStringAsync("/contact/");
        var broken = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"f_name\"\r\n\r\nAnn", System.Text.Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        broken.Headers.Add("RequestVerificationToken", Token(page));
        var response = await client.PostAsync("/forms/contact", broken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var huge = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[13 * 1024 * 1024]), "f_file", "big.pdf" },
        };
        var tooBig = await client.PostAsync("/forms/contact", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }

    [Fact]
    public async Task A_visitor_saves_a_multi_page_form_for_later_resumes_it_from_the_link_and_submits_it()
    {
        var alias = await MultiPageFormOnAPageAsync();
        var client = site.Browser();
        var url = $"/{alias}/";

        // Page 1 → page 2: the answers are saved and the address carries the resume token from now on.
        var next = await client.PostFormAsync($"/forms/{alias}", new() { ["__page"] = "0", ["__return"] = url, ["__action"] = "next", ["f_name"] = "Ann" }, url);
        Assert.Equal(HttpStatusCode.SeeOther, next.StatusCode);
        var location = next.Headers.Location!.OriginalString;
        var token = ResumePattern().Match(location).Groups[1].Value;
        Assert.True(token.Length >= 40, location);

        var page2 = await client.GetStringAsync(location.Split('#')[0]);
        Assert.Contains("Step 2 of 3: Numbers", page2);
        Assert.Contains("name=\"__resume\" value=\"" + token + "\"", page2);

        // Save for later shows the link; a new browser with only the link continues where Ann left off.
        var save = await client.PostFormAsync($"/forms/{alias}", new() { ["__page"] = "1", ["__return"] = url, ["__action"] = "save", ["__resume"] = token, ["f_fcr"] = "77" },
            location.Split('#')[0]);
        var saved = await client.GetStringAsync(save.Headers.Location!.OriginalString.Split('#')[0]);
        Assert.Contains("Your answers are saved.", saved);
        Assert.Contains($"?resume={token}", saved);

        var elsewhere = site.Browser();
        var resumed = await elsewhere.GetStringAsync($"{url}?resume={token}");
        Assert.Contains("Step 2 of 3", resumed);
        Assert.Contains("value=\"77\"", resumed);
        var stranger = await site.Browser().GetStringAsync($"{url}?resume=not-the-token");
        Assert.Contains("These saved answers could not be found.", stranger);
        Assert.DoesNotContain("value=\"77\"", stranger);

        var last = await elsewhere.PostFormAsync($"/forms/{alias}", new() { ["__page"] = "1", ["__return"] = url, ["__action"] = "next", ["__resume"] = token, ["f_fcr"] = "77" },
            $"{url}?resume={token}");
        var page3 = await elsewhere.GetStringAsync(last.Headers.Location!.OriginalString.Split('#')[0]);
        Assert.Contains("Step 3 of 3", page3);

        var done = await elsewhere.PostFormAsync($"/forms/{alias}", new() { ["__page"] = "2", ["__return"] = url, ["__action"] = "submit", ["__resume"] = token, ["f_agree"] = "true" },
            $"{url}?resume={token}");
        Assert.Equal($"{url}?sent={alias}#form-{alias}", done.Headers.Location!.OriginalString);
        var after = await elsewhere.GetStringAsync($"{url}?resume={token}");
        Assert.Contains("Thank you, your answers were sent.", after); // the link of a submitted entry no longer opens the form
    }

    [Fact]
    public async Task An_editor_lists_filters_and_exports_entries_as_attachments()
    {
        await site.Browser().PostFormAsync("/forms/contact", Contact("=1+2 is how formulas start"), "/contact/");
        var editor = await site.SignedInAsync(BackofficeRoles.Editor);
        var contactId = await site.WithServicesAsync(async s => (await s.GetRequiredService<FormService>().GetFormsAsync()).Single(f => f.Alias == "contact").Id);

        var list = await editor.GetStringAsync("/backoffice/forms");
        Assert.Contains("Contact us", list);
        Assert.Contains("(administrators only)", list); // the checklist's entries

        var entries = await editor.GetStringAsync($"/backoffice/forms/entries/{contactId}?State=Submitted&Q=formulas");
        Assert.Contains("1 entry matches", entries);
        Assert.Contains("Ann Example", entries);
        var none = await editor.GetStringAsync($"/backoffice/forms/entries/{contactId}?From=2000-01-01&To=2000-01-02");
        Assert.Contains("0 entries match", none);
        Assert.Contains("must be a date", await editor.GetStringAsync($"/backoffice/forms/entries/{contactId}?From=yesterday"));

        var csv = await editor.GetAsync($"/backoffice/forms/entries/{contactId}?handler=Csv&Q=formulas");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".csv", csv.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        using (var reader = CsvReader.Create(await csv.Content.ReadAsByteArrayAsync(), new CsvReaderOptions { HasHeader = true }))
        {
            Assert.True(reader.Read());
            Assert.Equal("'=1+2 is how formulas start", reader.GetString("Your message"));
            Assert.Equal("Categories", reader.GetString("What is your question about?"));
            Assert.False(reader.Read());
        }

        var excel = await editor.GetAsync($"/backoffice/forms/entries/{contactId}?handler=Excel&Q=formulas");
        Assert.Equal("attachment", excel.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", excel.Content.Headers.ContentType!.MediaType);
        using var workbook = new XLWorkbook(await excel.Content.ReadAsStreamAsync());
        Assert.Equal("'=1+2 is how formulas start", workbook.Worksheet(1).Cell(2, 10).GetString());
        Assert.False(workbook.Worksheet(1).Cell(2, 10).HasFormula);

        var entryLink = EntryLinkPattern().Match(entries).Groups[1].Value;
        var entry = await editor.GetStringAsync($"/backoffice/forms/entry/{entryLink}");
        Assert.Contains("=1+2 is how formulas start", WebUtility.HtmlDecode(entry));
    }

    [Fact]
    public async Task Entries_of_a_confidential_form_are_for_administrators_only()
    {
        var checklistId = await site.WithServicesAsync(async s => (await s.GetRequiredService<FormService>().GetFormsAsync()).Single(f => f.Alias == "checklist-email-channel").Id);
        var editor = await site.SignedInAsync(BackofficeRoles.Editor);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/backoffice/forms/entries/{checklistId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/backoffice/forms/entries/{checklistId}?handler=Csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/backoffice/forms/edit/{checklistId}")).StatusCode); // the questions are editors' to change

        var admin = await site.SignedInAsync(BackofficeRoles.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/backoffice/forms/entries/{checklistId}")).StatusCode);

        var marketing = await site.SignedInAsync(BackofficeRoles.Marketing);
        var refused = await marketing.GetAsync($"/backoffice/forms/entries/{checklistId}");
        Assert.StartsWith("/backoffice/access-denied", refused.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task An_editor_builds_a_form_in_the_editor_and_saves_it()
    {
        var editor = await site.SignedInAsync(BackofficeRoles.Editor);
        var alias = "feedback-" + Guid.NewGuid().ToString("N")[..6];
        var created = await editor.PostFormAsync("/backoffice/forms", new() { ["Name"] = "Feedback", ["Alias"] = alias });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editUrl = created.Headers.Location!.OriginalString;

        Dictionary<string, string> Fields(string command) => new()
        {
            ["Command"] = command,
            ["Input.Name"] = "Feedback",
            ["Input.Alias"] = alias,
            ["Input.Pages[0].Fields[0].Alias"] = "rating",
            ["Input.Pages[0].Fields[0].Label"] = "How was it?",
            ["Input.Pages[0].Fields[0].Type"] = "SingleChoice",
            ["Input.Pages[0].Fields[0].Options"] = "Good\nBad",
            ["Input.Pages[0].Fields[0].Required"] = "true",
        };

        // Adding a field re-renders the editor with it, unsaved; a broken condition is refused with its message.
        var added = await (await editor.PostFormAsync(editUrl, Fields("addField:0"))).Content.ReadAsStringAsync();
        Assert.Contains("Unsaved changes", added);
        Assert.Contains("name=\"Input.Pages[0].Fields[1].Alias\" value=\"question2\"", added);

        var fields = Fields("save");
        fields["Input.Pages[0].Fields[1].Alias"] = "why";
        fields["Input.Pages[0].Fields[1].Label"] = "Why was it bad?";
        fields["Input.Pages[0].Fields[1].Type"] = "LongText";
        fields["Input.Pages[0].Fields[1].MaxLength"] = "lots";
        fields["Input.Pages[0].Fields[1].ConditionField"] = "rating";
        fields["Input.Pages[0].Fields[1].ConditionValue"] = "Terrible";
        var refused = await (await editor.PostFormAsync(editUrl, fields)).Content.ReadAsStringAsync();
        Assert.Contains("the maximum must be a whole number", refused);
        Assert.Contains("&#x27;Terrible&#x27; is not one of the choices", refused);

        fields["Input.Pages[0].Fields[1].MaxLength"] = "500";
        fields["Input.Pages[0].Fields[1].ConditionValue"] = "Bad";
        var saved = await editor.PostFormAsync(editUrl, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var form = await site.WithServicesAsync(s => s.GetRequiredService<FormService>().GetFormAsync(alias));
        Assert.Equal(["rating", "why"], form!.ValueFields.Select(f => f.Alias));
        Assert.Equal("Bad", form.Field("why")!.Condition!.Value);
        Assert.Equal(500, form.Field("why")!.MaxLength);

        // Move the second field above the first, preview, then delete the form (it has no entries).
        var moved = await (await editor.PostFormAsync(editUrl, new(fields) { ["Command"] = "fieldUp:0:1" })).Content.ReadAsStringAsync();
        Assert.Contains("name=\"Input.Pages[0].Fields[0].Alias\" value=\"why\"", moved);
        var preview = await (await editor.PostFormAsync(editUrl, Fields("preview"))).Content.ReadAsStringAsync();
        Assert.Contains("Preview: this form cannot be sent from here.", preview);
        var deleted = await editor.PostFormAsync(editUrl + "?handler=Delete", [], editUrl);
        Assert.Equal("/backoffice/forms", deleted.Headers.Location!.OriginalString);
    }

    /// <summary>A three-page form on its own published page, made through the engine's services.</summary>
    private async Task<string> MultiPageFormAsync(string alias)
    {
        var definition = new FormDefinition
        {
            Key = Guid.NewGuid(),
            Alias = alias,
            Name = "Three steps",
            Pages =
            [
                new FormPage { Title = "You", Fields = [new FormField { Alias = "name", Label = "Name", Type = FormFieldType.ShortText, Required = true }] },
                new FormPage { Title = "Numbers", Fields = [new FormField { Alias = "fcr", Label = "FCR", Type = FormFieldType.Percentage, Required = true }] },
                new FormPage { Title = "Confirm", Fields = [new FormField { Alias = "agree", Label = "I confirm", Type = FormFieldType.Checkbox, Required = true }] },
            ],
        };
        var saved = await site.WithServicesAsync(s => s.GetRequiredService<FormService>().SaveFormAsync(definition));
        Assert.True(saved.Succeeded, saved.Message);
        return alias;
    }

    private async Task<string> MultiPageFormOnAPageAsync()
    {
        var alias = await MultiPageFormAsync("steps-" + Guid.NewGuid().ToString("N")[..8]);
        await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var created = await content.CreateAsync(site.Snapshot.Home!.Id, "contentPage",
                new ContentEdit("Three steps", alias, new Dictionary<string, string?> { ["summary"] = "s", ["body"] = "<p>b</p>", ["form"] = alias }), "test");
            Assert.True(created.Succeeded, created.Message + string.Join(" ", created.Errors.Values));
            return await content.PublishAsync(created.Value!.Id, "test");
        });
        return alias;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"__submission\" value=\"([^\"]+)\"")]
    private static partial Regex SubmissionPattern();

    [GeneratedRegex("resume=([A-Za-z0-9_-]+)")]
    private static partial Regex ResumePattern();

    [GeneratedRegex("href=\"/backoffice/forms/entry/(\\d+)\"")]
    private static partial Regex EntryLinkPattern();
}

public sealed class FormRateLimitTests(RateLimitedSiteFactory site) : IClassFixture<RateLimitedSiteFactory>
{
    [Fact]
    public async Task Public_form_posts_beyond_the_limit_get_429_and_reading_pages_does_not_count()
    {
        var client = site.Browser();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostFormAsync("/forms/contact",
                new() { ["__page"] = "0", ["__return"] = "/contact/", ["__action"] = "submit", ["f_name"] = "Ann" }, "/contact/");
            codes.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/contact/")).StatusCode);
    }
}
