using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

public sealed partial class OutboxTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private Task<Attempt<QueuedEmail, EmailQueueStatus>> EnqueueAsync(EmailRequest request) =>
        site.WithServicesAsync(s => s.GetRequiredService<IEmailQueue>().EnqueueAsync(request));

    private Task<int> MarkFailedAsync(int id, string error) =>
        site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().EmailMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, EmailStatus.Failed).SetProperty(m => m.Attempts, 10).SetProperty(m => m.LastError, error)));

    private Task<EmailMessage> MessageAsync(int id) =>
        site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().EmailMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task Awards_staff_see_failed_messages_with_their_error_and_retry_them()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var failed = (await EnqueueAsync(EmailRequest.Raw($"failed-{tag}@acme.example", $"Bounced {tag}", "<p>Body of the failed one</p>"))).Value!.Message;
        var waiting = (await EnqueueAsync(EmailRequest.Raw($"waiting-{tag}@acme.example", $"Waiting {tag}", "<p>x</p>"))).Value!.Message;
        await MarkFailedAsync(failed.Id, "The server answered 451: try later. Gave up after 10 attempts.");
        var client = await site.SignedInAsync(BackofficeRoles.AwardsStaff);

        var all = await client.GetStringAsync("/backoffice/outbox");
        Assert.Contains($"Bounced {tag}", all);
        Assert.Contains($"Waiting {tag}", all);
        Assert.Contains("Email is not being sent.", all);      // the test site has no SMTP host
        Assert.Contains("SqmSite:Email:Smtp:Host is not set", all);
        Assert.Contains("Gave up after 10 attempts.", all);

        var onlyFailed = await client.GetStringAsync("/backoffice/outbox?status=Failed");
        Assert.Contains($"Bounced {tag}", onlyFailed);
        Assert.DoesNotContain($"Waiting {tag}", onlyFailed);
        Assert.Contains("aria-current=\"page\">Failed", onlyFailed);

        var detail = await client.GetStringAsync($"/backoffice/outbox/{failed.Id}");
        Assert.Contains($"failed-{tag}@acme.example", detail);
        Assert.Contains("451", detail);
        Assert.Contains("Retry now", detail);
        Assert.Contains("sandbox srcdoc=\"", detail);
        Assert.Contains("&lt;p&gt;Body of the failed one&lt;/p&gt;", detail); // the HTML is an attribute value, encoded
        Assert.Contains("Body of the failed one", detail);

        var retried = await client.PostFormAsync($"/backoffice/outbox/{failed.Id}?handler=Retry",
            new() { ["returnTo"] = "/backoffice/outbox?status=Failed" }, "/backoffice/outbox?status=Failed");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("/backoffice/outbox?status=Failed", retried.Headers.Location!.OriginalString);
        var row = await MessageAsync(failed.Id);
        Assert.Equal(EmailStatus.Queued, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Contains("queued for an attempt now", await client.GetStringAsync("/backoffice/outbox?status=Failed"));
    }

    [Fact]
    public async Task Retry_never_redirects_outside_the_outbox_and_a_sent_message_is_not_queued_again()
    {
        var message = (await EnqueueAsync(EmailRequest.Raw("someone@acme.example", "Sent already", "<p>x</p>"))).Value!.Message;
        await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().EmailMessages.Where(m => m.Id == message.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, EmailStatus.Sent)));
        var client = await site.SignedInAsync(BackofficeRoles.Administrator);

        var response = await client.PostFormAsync($"/backoffice/outbox/{message.Id}?handler=Retry",
            new() { ["returnTo"] = "https://evil.example/" }, "/backoffice/users");

        Assert.Equal($"/backoffice/outbox/{message.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(EmailStatus.Sent, (await MessageAsync(message.Id)).Status);
        Assert.Contains("was not queued again", await client.GetStringAsync($"/backoffice/outbox/{message.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/backoffice/outbox/987654")).StatusCode);
    }

    [Fact]
    public async Task The_list_pages_through_messages_newest_first()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < EmailOutbox.PageSize + 3; i++)
        {
            await EnqueueAsync(EmailRequest.Raw($"page-{i}@acme.example", $"Paged {tag} {i:00}", "<p>x</p>"));
        }

        var client = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var first = await client.GetStringAsync("/backoffice/outbox?status=Queued");
        Assert.Equal(EmailOutbox.PageSize, Rows().Matches(first.Split("<tbody>")[1].Split("</tbody>")[0]).Count);
        Assert.Contains($"Paged {tag} {EmailOutbox.PageSize + 2:00}", first);
        Assert.Contains("href=\"/backoffice/outbox?status=Queued&amp;p=2\" rel=\"next\"", first);

        var second = await client.GetStringAsync("/backoffice/outbox?status=Queued&p=2");
        Assert.Contains($"Paged {tag} 00", second);
        Assert.DoesNotContain($"Paged {tag} {EmailOutbox.PageSize + 2:00}", second);
        Assert.Contains("Page 2 of", second);

        // A page past the end shows the last page rather than an error.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/backoffice/outbox?p=999&status=Nonsense")).StatusCode);
    }

    [Fact]
    public async Task The_body_of_a_confidential_message_is_not_shown_to_staff()
    {
        var message = (await EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Reset your password", "<p>https://x.example/reset?token=s3cret</p>") with { Confidential = true })).Value!.Message;
        var client = await site.SignedInAsync(BackofficeRoles.AwardsStaff);

        var detail = await client.GetStringAsync($"/backoffice/outbox/{message.Id}");

        Assert.Contains("Reset your password", detail);
        Assert.Contains("its body is not shown", detail);
        Assert.DoesNotContain("s3cret", detail);
    }

    [Fact]
    public async Task A_message_page_lists_attachment_names_and_sizes_but_of_a_confidential_message_only_how_many()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        EmailAttachment[] files = [new($"gala-{tag}.ics", "text/calendar", new byte[412]), new($"door-{tag}.png", "image/png", new byte[3 * 1024])];
        var open = (await EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Your ticket", "<p>x</p>") with { Attachments = files })).Value!.Message;
        var secret = (await EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Your door code", "<p>x</p>") with
        {
            Confidential = true,
            Attachments = [new($"secret-{tag}.png", "image/png", new byte[10])],
        })).Value!.Message;
        var client = await site.SignedInAsync(BackofficeRoles.AwardsStaff);

        var shown = await client.GetStringAsync($"/backoffice/outbox/{open.Id}");
        Assert.Contains($"gala-{tag}.ics", shown);
        Assert.Contains("text/calendar · 412 bytes", shown);
        Assert.Contains($"door-{tag}.png", shown);
        Assert.Contains("image/png · 3 KB", shown);

        var hidden = await client.GetStringAsync($"/backoffice/outbox/{secret.Id}");
        Assert.Contains("1 file is attached; like the body, it is not shown", hidden);
        Assert.DoesNotContain($"secret-{tag}", hidden);
    }

    [Fact]
    public async Task The_outbox_link_is_in_the_navigation_of_staff_and_administrators_only()
    {
        foreach (var role in BackofficeRoles.All)
        {
            var client = await site.SignedInAsync(role);
            var dashboard = await client.GetStringAsync("/backoffice");
            var expected = role is BackofficeRoles.Administrator or BackofficeRoles.AwardsStaff;
            Assert.True(expected == dashboard.Contains("href=\"/backoffice/outbox\"", StringComparison.Ordinal), $"{role}: outbox link shown = {!expected}");
        }
    }

    [GeneratedRegex("<tr>")]
    private static partial Regex Rows();
}

/// <summary>The site with its SMTP settings pointing at a sink, so the background sender really runs.</summary>
public sealed class MailingSiteFactory : SiteFactory
{
    public SmtpSink Sink { get; } = SmtpSink.Start();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:Email:Mode", "Smtp");
        builder.UseSetting("SqmSite:Email:From", "Awards <awards@example.org>");
        builder.UseSetting("SqmSite:Email:Smtp:Host", Sink.Host);
        builder.UseSetting("SqmSite:Email:Smtp:Port", Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SqmSite:Email:Smtp:Security", "None");
        builder.UseSetting("SqmSite:Email:PollInterval", "00:00:01");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

public sealed class EmailDeliveryTests(MailingSiteFactory site) : IClassFixture<MailingSiteFactory>
{
    [Fact]
    public async Task The_running_site_delivers_a_queued_template_email_over_smtp_by_itself()
    {
        var result = await site.WithServicesAsync(s => s.GetRequiredService<IEmailQueue>().EnqueueAsync(
            EmailRequest.FromTemplate("confirm-email", "Dana Reyes <dana@acme.example>",
                new { contactName = "Dana", organizationName = "Acme", confirmUrl = "https://awards.example.org/confirm?t=1", expiresIn = "24 hours" })));
        Assert.Equal(EmailQueueStatus.Success, result.Status);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (site.Sink.To("dana@acme.example").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var mail = Assert.Single(site.Sink.To("dana@acme.example")).Message;
        Assert.Equal("Please confirm your email address for the CX Best Practice Awards", mail.Subject);
        Assert.Contains("<a href=\"https://awards.example.org/confirm?t=1\">https://awards.example.org/confirm?t=1</a>", mail.HtmlBody);
        var client = await site.SignedInAsync(BackofficeRoles.Administrator);
        var outbox = await client.GetStringAsync("/backoffice/outbox?status=Sent");
        Assert.Contains("Please confirm your email address", outbox);
        Assert.DoesNotContain("Email is not being sent.", outbox);
    }
}
