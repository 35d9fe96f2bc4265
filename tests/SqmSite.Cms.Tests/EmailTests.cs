using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Published;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>The outbox end to end: queue, real SMTP conversations with a sink on loopback, retries, claims, pickup folder.</summary>
public sealed partial class EmailTests(EmailFixture fixture) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    private static readonly object ApplicationModel = new
    {
        contactName = "Dana Reyes",
        organizationName = "Acme Contact Centers",
        categoryName = "Omni-Channel",
        cycleName = "2027 CX Best Practice Awards",
        checklistDueDate = "18 October 2027",
        dashboardUrl = "https://awards.example.org/nominee/dashboard?tab=entries&id=7",
    };

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private DateTime Now => fixture.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_queued_template_email_arrives_at_the_smtp_server_with_its_subject_body_and_recipient()
    {
        var queued = await fixture.EnqueueAsync(EmailRequest.FromTemplate("application-received", "Dana Reyes <dana@acme.example>", ApplicationModel));
        Assert.Equal(EmailQueueStatus.Success, queued.Status);
        Assert.Empty(queued.Value!.UnknownPlaceholders);
        Assert.Empty(fixture.Sink.Messages);

        var pass = await fixture.Sender.SendDueAsync();

        Assert.Equal(1, pass.Sent);
        var received = Assert.Single(fixture.Sink.Messages);
        Assert.Equal(["dana@acme.example"], received.Recipients);
        Assert.Equal("awards@example.org", received.MailFrom);
        var mail = received.Message;
        Assert.Equal("We received your application: Omni-Channel", mail.Subject);
        Assert.Equal("Dana Reyes", Assert.IsType<MailboxAddress>(Assert.Single(mail.To)).Name);
        Assert.Equal("CX Best Practice Awards", Assert.IsType<MailboxAddress>(Assert.Single(mail.From)).Name);
        Assert.Equal(queued.Value!.Message.MessageId, mail.MessageId);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.Contains("<strong>Omni-Channel</strong>", mail.HtmlBody);
        Assert.Contains("<a href=\"https://awards.example.org/nominee/dashboard?tab=entries&amp;id=7\">", mail.HtmlBody);
        Assert.Contains("by <strong>18 October 2027</strong>", mail.HtmlBody);
        Assert.Contains("Hello Dana Reyes,", mail.TextBody);
        Assert.Contains("- Answer the eligibility checklist for this category by 18 October 2027.", mail.TextBody);
        Assert.Contains("https://awards.example.org/nominee/dashboard?tab=entries&id=7", mail.TextBody);
        Assert.DoesNotContain("{{", mail.HtmlBody + mail.TextBody + mail.Subject);

        var row = await fixture.MessageAsync(queued.Value!.Message.Id);
        Assert.Equal(EmailStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(Now, row.SentUtc);
        Assert.Null(row.ClaimToken);
        Assert.Null(row.LastError);

        // Sent is sent: the next pass has nothing to do.
        Assert.Equal(EmailSendPass.Nothing, await fixture.Sender.SendDueAsync());
        Assert.Single(fixture.Sink.Messages);
    }

    [Fact]
    public async Task Placeholder_values_are_html_encoded_and_cannot_add_markup_or_links()
    {
        var model = new Dictionary<string, string?>
        {
            ["contactName"] = "<script>alert('x')</script>",
            ["organizationName"] = "Smith & Sons <b>Ltd</b>",
            ["categoryName"] = "Email \"Channel\"",
            ["reason"] = "The ratings cover one year.\nTwo are required.",
            ["dashboardUrl"] = "javascript:alert(1)",
        };

        var queued = await fixture.EnqueueAsync(EmailRequest.FromTemplate("checklist-not-eligible", "x@acme.example", model));
        Assert.Empty(queued.Value!.UnknownPlaceholders);
        var html = queued.Value!.Message.HtmlBody;

        Assert.Contains("Hello &lt;script&gt;alert('x')&lt;/script&gt;,", html);
        Assert.Contains("Smith &amp; Sons &lt;b&gt;Ltd&lt;/b&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>Ltd", html);
        Assert.Contains("The ratings cover one year.<br>Two are required.", html);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);

        // Plain text and the subject are not HTML: the values go in as they are.
        Assert.Equal("Your Email \"Channel\" entry: eligibility decision", queued.Value!.Message.Subject);
        Assert.Contains("Hello <script>alert('x')</script>,", queued.Value!.Message.TextBody);
    }

    [Fact]
    public async Task An_unknown_placeholder_stays_visible_and_is_reported_but_the_email_is_still_queued()
    {
        var request = EmailRequest.Raw("x@acme.example", "Hello {{contactName}}", "<p>Dear {{contactName}}, see {{nothingFillsThis}}.</p><p>{{broken</p>") with
        {
            Model = new { contactName = "Dana" },
        };

        var queued = await fixture.EnqueueAsync(request);

        Assert.Equal(EmailQueueStatus.Success, queued.Status);
        Assert.Equal([EmailRenderer.MalformedPlaceholder, "nothingFillsThis"], queued.Value!.UnknownPlaceholders);
        Assert.Contains("Dear Dana, see {{nothingFillsThis}}.", queued.Value!.Message.HtmlBody);
        Assert.Contains("{{nothingFillsThis}}", queued.Value!.Message.TextBody);
        Assert.Equal("Hello Dana", queued.Value!.Message.Subject);
    }

    [Fact]
    public async Task A_down_smtp_server_leaves_the_message_queued_with_its_attempt_and_it_is_delivered_once_the_server_is_back()
    {
        await fixture.Sink.StopAsync();
        var queued = await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Server down", "<p>Kept safe.</p>"));

        var first = await fixture.Sender.SendDueAsync();

        Assert.Equal(new EmailSendPass(0, 1, 0, false), first);
        var waiting = await fixture.MessageAsync(queued.Value!.Message.Id);
        Assert.Equal(EmailStatus.Queued, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal(Now.AddMinutes(1), waiting.NextAttemptUtc);
        Assert.Contains("Could not connect", waiting.LastError);
        Assert.Contains("will retry", waiting.LastError);

        // Not due yet: the next pass leaves it alone even though the server is back.
        fixture.Sink.Resume();
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(EmailSendPass.Nothing, await fixture.Sender.SendDueAsync());
        Assert.Equal(1, (await fixture.MessageAsync(waiting.Id)).Attempts);

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);
        var sent = await fixture.MessageAsync(waiting.Id);
        Assert.Equal(EmailStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal("Server down", Assert.Single(fixture.Sink.Messages).Message.Subject);
    }

    [Fact]
    public async Task Temporary_refusals_back_off_exponentially_until_the_last_attempt_marks_the_message_failed()
    {
        fixture.Sink.Fail(SmtpStage.Data, 451, "4.3.0 Mailbox temporarily unavailable");
        var id = (await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Try again", "<p>Later.</p>"))).Value!.Message.Id;

        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Retrying);
        Assert.Equal(Now.AddMinutes(1), (await fixture.MessageAsync(id)).NextAttemptUtc);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Retrying);
        var second = await fixture.MessageAsync(id);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(Now.AddMinutes(2), second.NextAttemptUtc);
        Assert.Contains("451", second.LastError);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Failed);
        var failed = await fixture.MessageAsync(id);
        Assert.Equal(EmailStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("Gave up after 3 attempts", failed.LastError);

        // Failed stays failed (nothing retries it by itself) and the outbox shows it with its error.
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(EmailSendPass.Nothing, await fixture.Sender.SendDueAsync());
        await using var scope = fixture.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
        var row = Assert.Single((await outbox.ListAsync(EmailStatus.Failed, 1)).Rows);
        Assert.Equal(id, row.Id);
        Assert.Contains("451", row.LastError);
        Assert.Equal(1, (await outbox.CountsAsync())[EmailStatus.Failed]);

        // Staff retry it once the server is fine again.
        fixture.Sink.StopFailing();
        Assert.Equal(EmailRetryStatus.Requeued, await outbox.RetryNowAsync(id, "staff@example.org"));
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);
        Assert.Equal(EmailStatus.Sent, (await fixture.MessageAsync(id)).Status);
        Assert.Equal(EmailRetryStatus.NotRetryable, await outbox.RetryNowAsync(id, "staff@example.org"));
        Assert.Equal(EmailRetryStatus.NotFound, await outbox.RetryNowAsync(int.MaxValue, "staff@example.org"));
    }

    [Fact]
    public void The_wait_between_attempts_doubles_up_to_its_ceiling()
    {
        var settings = new EmailOptions { RetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromHours(1) };
        var waits = Enumerable.Range(1, 9).Select(a => EmailSender.Backoff(settings, a).TotalMinutes);
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
        Assert.Equal(TimeSpan.FromHours(1), EmailSender.Backoff(settings, 500));
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_for_good_fails_at_once_and_the_next_message_still_goes()
    {
        fixture.Sink.Fail(SmtpStage.RcptTo, 550, "5.1.1 No such user", times: 1);
        var refused = (await fixture.EnqueueAsync(EmailRequest.Raw("nobody@acme.example", "Refused", "<p>x</p>"))).Value!.Message.Id;
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var fine = (await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Fine", "<p>x</p>"))).Value!.Message.Id;
        var connections = fixture.Sink.Connections;

        var pass = await fixture.Sender.SendDueAsync();

        Assert.Equal(new EmailSendPass(1, 0, 1, false), pass);
        var failed = await fixture.MessageAsync(refused);
        Assert.Equal(EmailStatus.Failed, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("550", failed.LastError);
        Assert.Contains("not retried", failed.LastError);
        Assert.Equal(EmailStatus.Sent, (await fixture.MessageAsync(fine)).Status);
        Assert.Equal(connections + 1, fixture.Sink.Connections);
    }

    [Fact]
    public async Task Two_senders_racing_over_the_same_outbox_deliver_every_message_exactly_once()
    {
        var ids = new List<int>();
        for (var i = 0; i < 24; i++)
        {
            ids.Add((await fixture.EnqueueAsync(EmailRequest.Raw($"racer{i}@acme.example", $"Race {i}", "<p>Once.</p>"))).Value!.Message.Id);
        }

        // Two engines on the same database, as two site instances would be; small passes so that they interleave.
        await using var one = fixture.BuildServices(o => o.MaxPerPass = 3);
        await using var two = fixture.BuildServices(o => o.MaxPerPass = 3);
        var senders = new[] { one.GetRequiredService<EmailSender>(), two.GetRequiredService<EmailSender>() };
        var sentBy = new int[2];
        for (var round = 0; round < 40 && fixture.Sink.Messages.Count < ids.Count; round++)
        {
            var passes = await Task.WhenAll(senders.Select(s => s.SendDueAsync()));
            sentBy[0] += passes[0].Sent;
            sentBy[1] += passes[1].Sent;
        }

        var received = fixture.Sink.Messages;
        Assert.Equal(ids.Count, received.Count);
        Assert.Equal(ids.Count, received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(ids.Count, sentBy.Sum());
        Assert.All(await fixture.AllMessagesAsync(), m =>
        {
            Assert.Equal(EmailStatus.Sent, m.Status);
            Assert.Equal(1, m.Attempts);
        });
    }

    [Fact]
    public async Task A_message_left_sending_by_a_sender_that_stopped_is_taken_over_once_its_claim_lapses()
    {
        var id = (await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Orphan", "<p>x</p>"))).Value!.Message.Id;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            // What a sender that died mid-send leaves behind: its claim, with the claim's end in NextAttemptUtc.
            var until = Now.AddMinutes(10);
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().EmailMessages.Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatus.Sending).SetProperty(m => m.ClaimToken, Guid.NewGuid())
                    .SetProperty(m => m.NextAttemptUtc, until).SetProperty(m => m.Attempts, 1));
        }

        Assert.Equal(EmailSendPass.Nothing, await fixture.Sender.SendDueAsync());
        Assert.Empty(fixture.Sink.Messages);

        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);
        var taken = await fixture.MessageAsync(id);
        Assert.Equal(EmailStatus.Sent, taken.Status);
        Assert.Equal(2, taken.Attempts);
    }

    [Fact]
    public async Task A_message_whose_sender_stopped_during_its_last_attempt_is_marked_failed_not_sent_again()
    {
        var id = (await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Last try", "<p>x</p>"))).Value!.Message.Id;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var until = Now.AddMinutes(10);
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().EmailMessages.Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatus.Sending).SetProperty(m => m.ClaimToken, Guid.NewGuid())
                    .SetProperty(m => m.NextAttemptUtc, until).SetProperty(m => m.Attempts, 3));
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(EmailSendPass.Nothing, await fixture.Sender.SendDueAsync());

        var failed = await fixture.MessageAsync(id);
        Assert.Equal(EmailStatus.Failed, failed.Status);
        Assert.Contains("stopped during the last attempt", failed.LastError);
        Assert.Empty(fixture.Sink.Messages);
    }

    [Fact]
    public async Task Pickup_folder_mode_writes_an_eml_file_that_a_mail_program_can_read()
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
            var queued = await fixture.EnqueueAsync(EmailRequest.FromTemplate("application-received", "dana@acme.example", ApplicationModel));

            Assert.Equal(1, (await pickup.GetRequiredService<EmailSender>().SendDueAsync()).Sent);

            var file = Assert.Single(Directory.GetFiles(folder));
            Assert.EndsWith(".eml", file);
            var mail = await MimeMessage.LoadAsync(file);
            Assert.Equal("We received your application: Omni-Channel", mail.Subject);
            Assert.Equal("dana@acme.example", Assert.IsType<MailboxAddress>(Assert.Single(mail.To)).Address);
            Assert.Equal(queued.Value!.Message.MessageId, mail.MessageId);
            Assert.Contains("Acme Contact Centers", mail.HtmlBody);
            Assert.Contains("Acme Contact Centers", mail.TextBody);
            Assert.Empty(fixture.Sink.Messages);
            Assert.Equal(EmailStatus.Sent, (await fixture.MessageAsync(queued.Value!.Message.Id)).Status);
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
    public async Task An_email_queued_inside_a_transaction_that_rolls_back_is_never_sent_and_one_that_commits_is()
    {
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var queue = scope.ServiceProvider.GetRequiredService<IEmailQueue>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var queued = await queue.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Rolled back", "<p>x</p>"));
            Assert.Equal(EmailQueueStatus.Success, queued.Status);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await fixture.AllMessagesAsync());
        Assert.Equal(EmailSendPass.Nothing, await fixture.Sender.SendDueAsync());

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IEmailQueue>().EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Committed", "<p>x</p>"));
            await transaction.CommitAsync();
        }

        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);
        Assert.Equal("Committed", Assert.Single(fixture.Sink.Messages).Message.Subject);
    }

    [Fact]
    public async Task An_email_queued_in_the_transaction_of_a_package_own_dbcontext_commits_and_rolls_back_with_it()
    {
        await using (var setup = PackageDbContext.Create(fixture.Database))
        {
            await setup.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS package_thing (id integer PRIMARY KEY, name varchar(100) NOT NULL)");
        }

        foreach (var commit in new[] { false, true })
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await using var package = PackageDbContext.Create(fixture.Database);
            await using var transaction = await package.Database.BeginTransactionAsync();
            package.Things.Add(new PackageThing { Id = commit ? 2 : 1, Name = "Nomination" });
            await package.SaveChangesAsync();
            var queued = await scope.ServiceProvider.GetRequiredService<IEmailQueue>()
                .EnqueueAsync(EmailRequest.Raw("dana@acme.example", commit ? "Package committed" : "Package rolled back", "<p>x</p>"), package);
            Assert.Equal(EmailQueueStatus.Success, queued.Status);
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        }

        await using (var check = PackageDbContext.Create(fixture.Database))
        {
            Assert.Equal([2], await check.Things.Select(t => t.Id).ToListAsync());
        }

        Assert.Equal("Package committed", Assert.Single(await fixture.AllMessagesAsync()).Subject);
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Sent);
    }

    [Fact]
    public async Task The_same_idempotency_key_queues_one_message_even_when_two_requests_race()
    {
        var request = EmailRequest.FromTemplate("application-received", "dana@acme.example", ApplicationModel, idempotencyKey: "nomination:7:received");
        var first = await fixture.EnqueueAsync(request);
        var again = await fixture.EnqueueAsync(request);
        Assert.Equal(EmailQueueStatus.Success, first.Status);
        Assert.False(first.Value!.AlreadyQueued);
        Assert.Equal(EmailQueueStatus.Success, again.Status);
        Assert.True(again.Value!.AlreadyQueued);
        Assert.Equal(first.Value!.Message.Id, again.Value!.Message.Id);

        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            fixture.EnqueueAsync(request with { IdempotencyKey = "nomination:8:received" })));
        Assert.Single(racing, r => r.Status == EmailQueueStatus.Success && !r.Value!.AlreadyQueued);
        Assert.All(racing, r => Assert.True(r.Succeeded));
        Assert.Single(racing.Select(r => r.Value!.Message.Id).Distinct());

        Assert.Equal(2, (await fixture.Sender.SendDueAsync()).Sent);
        Assert.Equal(2, fixture.Sink.Messages.Count);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("dana@acme.example\r\nBcc: everyone@acme.example")]
    [InlineData("")]
    public async Task A_bad_recipient_is_refused_with_a_status_and_nothing_is_queued(string to)
    {
        var result = await fixture.EnqueueAsync(EmailRequest.Raw(to, "Hello", "<p>x</p>"));
        Assert.Equal(EmailQueueStatus.InvalidRecipient, result.Status);
        Assert.False(result.Succeeded);
        Assert.Empty(await fixture.AllMessagesAsync());
    }

    [Fact]
    public async Task An_unknown_template_or_an_empty_request_is_refused_with_a_status()
    {
        Assert.Equal(EmailQueueStatus.TemplateNotFound, (await fixture.EnqueueAsync(EmailRequest.FromTemplate("no-such-template", "dana@acme.example"))).Status);
        Assert.Equal(EmailQueueStatus.InvalidRequest, (await fixture.EnqueueAsync(new EmailRequest { To = ["dana@acme.example"] })).Status);
        Assert.Empty(await fixture.AllMessagesAsync());
    }

    [Fact]
    public async Task A_confidential_message_is_delivered_whole_and_then_its_body_is_wiped_from_the_outbox()
    {
        var request = EmailRequest.FromTemplate("password-reset", "dana@acme.example",
            new { contactName = "Dana", resetUrl = "https://awards.example.org/reset?token=s3cret", expiresIn = "2 hours" }) with { Confidential = true };
        var id = (await fixture.EnqueueAsync(request)).Value!.Message.Id;

        await fixture.Sender.SendDueAsync();

        Assert.Contains("token=s3cret", Assert.Single(fixture.Sink.Messages).Message.TextBody);
        var row = await fixture.MessageAsync(id);
        Assert.Equal(EmailStatus.Sent, row.Status);
        Assert.DoesNotContain("s3cret", row.HtmlBody + row.TextBody);
        Assert.True(row.Confidential);
    }

    [Fact]
    public async Task The_sender_signs_in_when_a_user_name_is_set_and_a_refused_sign_in_is_retried_not_lost()
    {
        fixture.Sink.RequiredLogin = ("mailer", "right-password");
        await using var wrong = fixture.BuildServices(o => { o.Smtp.UserName = "mailer"; o.Smtp.Password = "wrong-password"; });
        await using var right = fixture.BuildServices(o => { o.Smtp.UserName = "mailer"; o.Smtp.Password = "right-password"; });
        var id = (await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Signed in", "<p>x</p>"))).Value!.Message.Id;

        Assert.Equal(1, (await wrong.GetRequiredService<EmailSender>().SendDueAsync()).Retrying);
        Assert.Equal(EmailStatus.Queued, (await fixture.MessageAsync(id)).Status);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await right.GetRequiredService<EmailSender>().SendDueAsync()).Sent);
        Assert.Equal("Signed in", Assert.Single(fixture.Sink.Messages).Message.Subject);
    }

    [Fact]
    public async Task Without_an_smtp_host_nothing_is_claimed_and_the_messages_wait()
    {
        await using var unconfigured = fixture.BuildServices(o => o.Smtp.Host = null);
        var id = (await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Waiting", "<p>x</p>"))).Value!.Message.Id;

        Assert.Equal(EmailSendPass.Nothing, await unconfigured.GetRequiredService<EmailSender>().SendDueAsync());
        var row = await fixture.MessageAsync(id);
        Assert.Equal(EmailStatus.Queued, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.NotNull(unconfigured.GetRequiredService<IOptions<EmailOptions>>().Value.ConfigurationProblem());
    }

    [Fact]
    public async Task Sent_messages_are_deleted_once_they_are_older_than_the_keep_period()
    {
        await using var keeper = fixture.BuildServices(o => o.KeepSentFor = TimeSpan.FromDays(30));
        var sender = keeper.GetRequiredService<EmailSender>();
        await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Old news", "<p>x</p>"));
        await sender.SendDueAsync();

        fixture.Clock.Advance(TimeSpan.FromDays(31));
        var failed = (await fixture.EnqueueAsync(EmailRequest.Raw("dana@acme.example", "Still failing", "<p>x</p>"))).Value!.Message.Id;
        fixture.Sink.Fail(SmtpStage.RcptTo, 550);
        await sender.SendDueAsync();

        // The old sent message is gone; a failed one is never deleted.
        Assert.Equal([failed], (await fixture.AllMessagesAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task Every_seed_template_is_published_and_filled_entirely_by_the_placeholders_its_description_lists()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var templates = scope.ServiceProvider.GetRequiredService<IPublishedContentCache>().Snapshot.OfType("emailTemplate").ToList();
        Assert.Equal(
            ["account-exists", "application-eligible", "application-received", "certification-renewal", "checklist-eligible", "checklist-not-eligible", "colleague-invitation", "confirm-email", "deadline-extended",
             "finalist", "gala-confirmation", "gala-invitation", "gala-offer", "gala-reminder", "gala-waiting", "interview-scheduled", "invitation-account-exists", "judge-invitation", "nomination-confirm", "nomination-invitation", "nomination-passed-on", "not-selected", "outcome-not-winner", "outcome-winner",
             "password-reset", "staff-digest", "staff-notice", "story-reopened",
             "story-submitted", "webhook-disabled"],
            templates.Select(t => t.UrlSegment).Order(StringComparer.Ordinal));
        var renderer = scope.ServiceProvider.GetRequiredService<EmailRenderer>();
        foreach (var template in templates)
        {
            Assert.Equal("", template.Url);
            var listed = PlaceholderName().Matches(template.Value("description") ?? "").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(listed);
            var values = listed.ToDictionary(n => n, n => (string?)(n.EndsWith("Url", StringComparison.Ordinal) ? $"https://awards.example.org/{n}" : $"[{n}]"));
            var rendered = renderer.Render(template.Value("subject")!, template.Value("body")!, null, values, new EmailLayout("Awards", null));

            Assert.True(rendered.UnknownPlaceholders.Count == 0, $"{template.UrlSegment} uses {string.Join(", ", rendered.UnknownPlaceholders)} without listing them");
            foreach (var name in listed)
            {
                Assert.True((rendered.Subject + rendered.TextBody).Contains(values[name]!, StringComparison.Ordinal), $"{template.UrlSegment} lists {name} but does not use it");
            }
        }
    }

    [Fact]
    public async Task An_edited_template_is_used_once_it_is_published_and_not_while_it_is_a_draft()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var content = scope.ServiceProvider.GetRequiredService<Content.ContentService>();
        var cache = scope.ServiceProvider.GetRequiredService<IPublishedContentCache>();
        var template = cache.Snapshot.OfType("emailTemplate").Single(t => t.UrlSegment == "not-selected");
        var values = new Dictionary<string, string?>
        {
            ["subject"] = "News about {{categoryName}}",
            ["body"] = "<p>Dear {{contactName}}, we are sorry.</p>",
            ["description"] = template.Value("description"),
        };
        var model = new { contactName = "Dana", organizationName = "Acme", categoryName = "IVR Self-Service", cycleName = "2027" };
        try
        {
            Assert.True((await content.SaveAsync(template.Id, new Content.ContentEdit(template.Name, template.UrlSegment, values), "editor")).Succeeded);
            var draft = await fixture.EnqueueAsync(EmailRequest.FromTemplate("not-selected", "dana@acme.example", model));
            Assert.Equal("Your IVR Self-Service entry: finalist decision", draft.Value!.Message.Subject);

            Assert.True((await content.PublishAsync(template.Id, "editor")).Succeeded);
            var published = await fixture.EnqueueAsync(EmailRequest.FromTemplate("not-selected", "dana@acme.example", model));
            Assert.Equal("News about IVR Self-Service", published.Value!.Message.Subject);
            Assert.Contains("<p>Dear Dana, we are sorry.</p>", published.Value!.Message.HtmlBody);
        }
        finally
        {
            // Other tests of this class expect the seed as it is in the repository.
            await scope.ServiceProvider.GetRequiredService<Sync.SyncService>().ImportAsync(RepositoryPaths.USync);
        }
    }

    [Fact]
    public void Text_bodies_keep_paragraphs_lists_and_link_addresses()
    {
        var rendered = new EmailRenderer().Render("s",
            "<h2>Next</h2><p>First   line<br>second line</p><ol><li>One</li><li>Two <a href=\"https://x.example/a\">here</a></li></ol><p><a href=\"mailto:a@x.example\">a@x.example</a></p>",
            null, new Dictionary<string, string?>(), new EmailLayout("Awards", null));

        Assert.Equal("Next\n\nFirst line\nsecond line\n\n1. One\n2. Two here (https://x.example/a)\n\na@x.example\n", rendered.TextBody);
    }

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex PlaceholderName();
}

/// <summary>A package's own DbContext on the same database, as the awards package may keep.</summary>
internal sealed class PackageDbContext(DbContextOptions<PackageDbContext> options) : DbContext(options)
{
    public DbSet<PackageThing> Things => Set<PackageThing>();

    public static PackageDbContext Create(TestDatabase database) =>
        new(database.IsPostgres
            ? new DbContextOptionsBuilder<PackageDbContext>().UseNpgsql(database.ConnectionString).Options
            : new DbContextOptionsBuilder<PackageDbContext>().UseSqlite(database.ConnectionString).Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<PackageThing>(b =>
        {
            b.ToTable("package_thing");
            b.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(t => t.Name).HasColumnName("name");
        });
}

internal sealed class PackageThing
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}
