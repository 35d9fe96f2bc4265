using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>Files sent with an email: stored with the queued message, sent as MIME attachments, wiped when confidential.</summary>
public sealed class EmailAttachmentTests(EmailFixture fixture) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    /// <summary>CRLF lines as RFC 5545 wants, one bare LF and a non-ASCII name: any rewriting on the way would show.</summary>
    private static readonly byte[] Calendar = Encoding.UTF8.GetBytes(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SqmSite//Gala//EN\r\nBEGIN:VEVENT\r\nUID:gala-2027@example.org\r\n"
        + "SUMMARY:Gala – Café Royal\r\nDTSTART:20271112T230000Z\r\nDESCRIPTION:Line one\nline two\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");

    private static readonly byte[] QrCode = TestImages.Png(64, 64);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static EmailRequest GalaEmail(bool confidential = false) =>
        EmailRequest.Raw("dana@acme.example", "Your gala ticket", "<p>See you at the gala.</p>") with
        {
            Confidential = confidential,
            Attachments =
            [
                new EmailAttachment("gala-2027.ics", "text/calendar", Calendar),
                new EmailAttachment("door-code.png", "image/png", QrCode),
            ],
        };

    private async Task<List<EmailMessageAttachment>> StoredAttachmentsAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Set<EmailMessageAttachment>().AsNoTracking()
            .OrderBy(a => a.EmailMessageId).ThenBy(a => a.Position).ToListAsync();
    }

    private static List<(string? FileName, string MimeType, byte[] Bytes)> Files(MimeMessage mail) =>
        [.. mail.Attachments.Cast<MimePart>().Select(part =>
        {
            using var bytes = new MemoryStream();
            part.Content!.DecodeTo(bytes);
            return (part.FileName, part.ContentType.MimeType, bytes.ToArray());
        })];

    [Fact]
    public async Task Two_attachments_arrive_at_the_smtp_server_with_their_names_types_and_exact_bytes()
    {
        var queued = await fixture.EnqueueAsync(GalaEmail());
        Assert.Equal(EmailQueueStatus.Success, queued.Status);
        var stored = await StoredAttachmentsAsync();
        Assert.Equal(["gala-2027.ics", "door-code.png"], stored.Select(a => a.FileName));
        Assert.All(stored, a => Assert.Equal(queued.Value!.Message.Id, a.EmailMessageId));

        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);

        var mail = Assert.Single(fixture.Sink.Messages).Message;
        Assert.Equal("multipart/mixed", mail.Body!.ContentType.MimeType);
        Assert.Contains("See you at the gala.", mail.HtmlBody);
        Assert.Contains("See you at the gala.", mail.TextBody);
        var files = Files(mail);
        Assert.Equal(2, files.Count);
        Assert.Equal(("gala-2027.ics", "text/calendar"), (files[0].FileName, files[0].MimeType));
        Assert.Equal(Calendar, files[0].Bytes);
        Assert.Equal(("door-code.png", "image/png"), (files[1].FileName, files[1].MimeType));
        Assert.Equal(QrCode, files[1].Bytes);
        Assert.All(mail.Attachments, a => Assert.True(a.ContentDisposition!.IsAttachment));

        // A non-confidential message keeps its files after delivery (the outbox shows them until the purge).
        Assert.All(await StoredAttachmentsAsync(), a => Assert.NotNull(a.Content));
    }

    [Fact]
    public async Task A_confidential_message_delivers_its_attachments_and_then_their_content_is_gone_from_the_database()
    {
        var id = (await fixture.EnqueueAsync(GalaEmail(confidential: true))).Value!.Message.Id;
        Assert.All(await StoredAttachmentsAsync(), a => Assert.NotNull(a.Content));

        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);

        var files = Files(Assert.Single(fixture.Sink.Messages).Message);
        Assert.Equal([Calendar, QrCode], files.Select(f => f.Bytes));
        var stored = await StoredAttachmentsAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, a => Assert.Null(a.Content));
        Assert.Equal([Calendar.Length, QrCode.Length], stored.Select(a => a.Length));
        Assert.Equal(EmailStatus.Sent, (await fixture.MessageAsync(id)).Status);

        // Read the way the database holds it, not through the model: no bytes are left in the table.
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var withContent = await db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS \"Value\" FROM \"cmsEmailAttachment\" WHERE \"Content\" IS NOT NULL").SingleAsync();
        Assert.Equal(0, withContent);
    }

    public static TheoryData<string, EmailAttachment[]> RefusedAttachments()
    {
        var file = new byte[] { 1, 2, 3 };
        EmailAttachment Png(string name) => new(name, "image/png", file);
        return new()
        {
            { "eleven files", [.. Enumerable.Range(1, 11).Select(i => Png($"file-{i}.png"))] },
            { "more than 10 MB together", [new("a.pdf", "application/pdf", new byte[6 * 1024 * 1024]), new("b.pdf", "application/pdf", new byte[(4 * 1024 * 1024) + 1])] },
            { "a path", [Png("../../etc/passwd.png")] },
            { "a Windows path", [Png("C:\\Users\\dana\\qr.png")] },
            { "a line break", [Png("qr.png\r\nContent-Type: text/html")] },
            { "a NUL", [Png("qr\0.png")] },
            { "a right-to-left override", [Png("invoice\u202Egnp.exe")] },
            { "a name too long", [Png(new string('a', 197) + ".png")] },
            { "no name", [Png("  ")] },
            { "dot dot", [Png("..")] },
            { "no subtype", [new("qr.png", "image", file)] },
            { "not a type", [new("qr.png", "a png please", file)] },
            { "a multipart type", [new("x.eml", "multipart/mixed; boundary=x", file)] },
            { "a header in the type", [new("qr.png", "image/png\r\nBcc: everyone@acme.example", file)] },
            { "an empty file", [new("qr.png", "image/png", [])] },
        };
    }

    [Theory]
    [MemberData(nameof(RefusedAttachments))]
    public async Task Attachments_that_may_not_be_sent_are_refused_as_an_invalid_request_and_nothing_is_queued(string why, EmailAttachment[] attachments)
    {
        var result = await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Refused: " + why, "<p>x</p>") with { Attachments = attachments });

        Assert.Equal(EmailQueueStatus.InvalidRequest, result.Status);
        Assert.False(result.Succeeded);
        Assert.Empty(await fixture.AllMessagesAsync());
        Assert.Empty(await StoredAttachmentsAsync());
    }

    [Fact]
    public async Task Ten_files_of_ten_megabytes_together_with_a_parameter_in_a_type_are_within_the_limits()
    {
        var megabyte = new byte[1024 * 1024];
        Random.Shared.NextBytes(megabyte);
        var attachments = Enumerable.Range(1, 10)
            .Select(i => new EmailAttachment($"Scan {i} (final) é.pdf", i == 1 ? "text/calendar; method=REQUEST; charset=utf-8" : "application/pdf", megabyte))
            .ToArray();

        var result = await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "At the limits", "<p>x</p>") with { Attachments = attachments });

        Assert.Equal(EmailQueueStatus.Success, result.Status);
        Assert.Equal(10, (await StoredAttachmentsAsync()).Count);
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);
        var mail = Assert.Single(fixture.Sink.Messages).Message;
        Assert.Equal(attachments.Select(a => a.FileName), mail.Attachments.Select(a => a.ContentDisposition!.FileName));
        Assert.Equal("REQUEST", mail.Attachments.First().ContentType.Parameters["method"]);
    }

    [Fact]
    public async Task Attachments_commit_and_roll_back_with_the_transaction_the_message_is_queued_in()
    {
        foreach (var commit in new[] { false, true })
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(EmailQueueStatus.Success, (await scope.ServiceProvider.GetRequiredService<IEmailQueue>().EnqueueAsync(GalaEmail())).Status);
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        }

        var message = Assert.Single(await fixture.AllMessagesAsync());
        Assert.Equal([message.Id, message.Id], (await StoredAttachmentsAsync()).Select(a => a.EmailMessageId));

        // Through a package's own DbContext and its transaction, as the gala feature will queue them.
        await using (var setup = PackageDbContext.Create(fixture.Database))
        {
            await setup.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS package_thing (id integer PRIMARY KEY, name varchar(100) NOT NULL)");
        }

        await using (var scope = fixture.Services.CreateAsyncScope())
        await using (var package = PackageDbContext.Create(fixture.Database))
        {
            await using var transaction = await package.Database.BeginTransactionAsync();
            var queued = await scope.ServiceProvider.GetRequiredService<IEmailQueue>().EnqueueAsync(GalaEmail() with { Subject = "Via the package" }, package);
            Assert.Equal(EmailQueueStatus.Success, queued.Status);
            await transaction.CommitAsync();
        }

        Assert.Equal(4, (await StoredAttachmentsAsync()).Count);
        Assert.Equal(2, (await fixture.Sender.SendDueAsync()).Sent);
        Assert.All(fixture.Sink.Messages, m => Assert.Equal([Calendar, QrCode], Files(m.Message).Select(f => f.Bytes)));
    }

    [Fact]
    public async Task The_pickup_folder_eml_file_carries_the_attachments()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sqmsite-pickup-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var pickup = fixture.BuildServices(o =>
            {
                o.Mode = EmailMode.PickupFolder;
                o.PickupFolder = folder;
                o.Smtp.Host = null;
            });
            await fixture.EnqueueAsync(GalaEmail());

            Assert.Equal(1, (await pickup.GetRequiredService<EmailSender>().SendDueAsync()).Sent);

            var mail = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(folder)));
            var files = Files(mail);
            Assert.Equal(["gala-2027.ics", "door-code.png"], files.Select(f => f.FileName));
            Assert.Equal([Calendar, QrCode], files.Select(f => f.Bytes));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Purging_an_old_sent_message_deletes_its_attachments_with_it()
    {
        await using var keeper = fixture.BuildServices(o => o.KeepSentFor = TimeSpan.FromDays(30));
        var sender = keeper.GetRequiredService<EmailSender>();
        await fixture.EnqueueAsync(GalaEmail());
        await sender.SendDueAsync();
        Assert.Equal(2, (await StoredAttachmentsAsync()).Count);

        fixture.Clock.Advance(TimeSpan.FromDays(31));
        await sender.SendDueAsync();

        Assert.Empty(await fixture.AllMessagesAsync());
        Assert.Empty(await StoredAttachmentsAsync());
    }

    [Fact]
    public async Task The_outbox_lists_names_types_and_sizes_without_reading_the_content()
    {
        var id = (await fixture.EnqueueAsync(GalaEmail())).Value!.Message.Id;
        await using var scope = fixture.Services.CreateAsyncScope();

        var listed = await scope.ServiceProvider.GetRequiredService<EmailOutbox>().AttachmentsAsync(id);

        Assert.Equal(
            [new EmailOutboxAttachment("gala-2027.ics", "text/calendar", Calendar.Length), new EmailOutboxAttachment("door-code.png", "image/png", QrCode.Length)],
            listed);
        Assert.Equal($"{Calendar.Length} bytes", listed[0].Size);
        Assert.Equal("1 KB", new EmailOutboxAttachment("x", "image/png", 1024).Size);
    }
}
