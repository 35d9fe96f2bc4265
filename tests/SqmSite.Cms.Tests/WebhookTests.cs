using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Media;
using SqmSite.Cms.Published;
using SqmSite.Cms.Webhooks;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>
/// Webhooks on a real database, posting to a receiver on loopback that checks the signature on its own. The clock is
/// the fixture's: retries are due only when the test moves it.
/// </summary>
public sealed class WebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>, IAsyncLifetime
{
    private static readonly string[] AllEngineEvents =
        [WebhookEventAliases.ContentPublished, WebhookEventAliases.ContentUnpublished, WebhookEventAliases.ContentDeleted, WebhookEventAliases.MediaChanged];

    private WebhookReceiver Receiver => fixture.Receiver;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<Attempt<WebhookWithSecret, WebhookOperationStatus>> CreateAsync(WebhookEdit edit, IServiceProvider? services = null)
    {
        return services is null ? fixture.InScopeAsync<WebhookService, Attempt<WebhookWithSecret, WebhookOperationStatus>>(Create) : InAsync(services);

        Task<Attempt<WebhookWithSecret, WebhookOperationStatus>> Create(WebhookService w) => w.CreateAsync(edit, "admin@example.org");

        async Task<Attempt<WebhookWithSecret, WebhookOperationStatus>> InAsync(IServiceProvider provider)
        {
            await using var scope = provider.CreateAsyncScope();
            return await Create(scope.ServiceProvider.GetRequiredService<WebhookService>());
        }
    }

    private Task<Attempt<WebhookDelivery, WebhookOperationStatus>> SendTestAsync(Guid key) =>
        fixture.InScopeAsync<WebhookService, Attempt<WebhookDelivery, WebhookOperationStatus>>(w => w.SendTestAsync(key, "admin@example.org"));

    private async Task<ContentNode> PublishPageAsync(string name)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var page = await services.GetRequiredService<ContentService>().CreatePageAsync(services.GetRequiredService<IPublishedContentCache>(), name);
        await fixture.QueueChangesAsync();
        return page;
    }

    [Fact]
    public async Task Every_input_is_checked_with_a_message_by_field()
    {
        var good = new WebhookEdit("Main website", "https://example.org/hooks/awards", [WebhookEventAliases.ContentPublished]);
        var cases = new (WebhookEdit Edit, string Field, string Message)[]
        {
            (good with { Name = "  " }, "Name", "Enter a name"),
            (good with { Name = new string('n', Webhook.NameMaxLength + 1) }, "Name", "longer than 200"),
            (good with { Url = null }, "Url", "Enter the address"),
            (good with { Url = "example.org/hooks" }, "Url", "complete http:// or https://"),
            (good with { Url = "ftp://example.org/hooks" }, "Url", "complete http:// or https://"),
            (good with { Url = "https://user:secret@example.org/hooks" }, "Url", "user name and password"),
            (good with { Url = "https://example.org/hooks#top" }, "Url", "#fragment"),
            (good with { Url = "https://example.org/" + new string('a', Webhook.UrlMaxLength) }, "Url", "longer than 2000"),
            (good with { Events = [] }, "Events", "at least one event"),
            (good with { Events = null }, "Events", "at least one event"),
            (good with { Events = ["content.published", "everything." + new string('x', 5000)] }, "Events", "is not an event"),
            (good with { Events = [WebhookEventAliases.Test] }, "Events", "is not an event"),
        };
        foreach (var (edit, field, message) in cases)
        {
            var refused = await CreateAsync(edit);
            Assert.Equal(WebhookOperationStatus.ValidationFailed, refused.Status);
            Assert.Contains(message, refused.Errors[field], StringComparison.Ordinal);
            Assert.True(refused.Errors[field].Length < 300, "the message names the problem without echoing a long input");
        }

        // Several problems at once: each field says its own.
        var all = await CreateAsync(new WebhookEdit("", "nonsense", []));
        Assert.Equal(["Events", "Name", "Url"], all.Errors.Keys.Order());

        var created = await CreateAsync(good with { Name = "  Main website  ", Events = ["media.changed", "content.published", "media.changed"] });
        Assert.True(created.Succeeded, created.Message);
        Assert.Equal("Main website", created.Value!.Webhook.Name);
        Assert.Equal(["content.published", "media.changed"], created.Value.Webhook.Events);
        Assert.StartsWith("whsec_", created.Value.Secret, StringComparison.Ordinal);

        // The secret is kept protected: the row does not hold it in clear.
        var row = await fixture.WebhookAsync(created.Value.Webhook.Key);
        Assert.DoesNotContain(created.Value.Secret[6..], row.ProtectedSecret, StringComparison.Ordinal);

        var edited = await fixture.InScopeAsync<WebhookService, Attempt<Webhook, WebhookOperationStatus>>(
            w => w.UpdateAsync(created.Value.Webhook.Key, good with { Url = "mailto:someone@example.org" }, "admin"));
        Assert.Equal(WebhookOperationStatus.ValidationFailed, edited.Status);
        Assert.Equal("https://example.org/hooks/awards", (await fixture.WebhookAsync(created.Value.Webhook.Key)).Url);

        var missing = await fixture.InScopeAsync<WebhookService, Attempt<Webhook, WebhookOperationStatus>>(w => w.UpdateAsync(Guid.NewGuid(), good, "admin"));
        Assert.Equal(WebhookOperationStatus.NotFound, missing.Status);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://intranet.localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    public async Task Private_and_loopback_addresses_are_refused_unless_the_setting_allows_them(string url)
    {
        await using var strict = fixture.BuildServices(allowPrivate: false);
        var refused = await CreateAsync(new WebhookEdit("Internal", url, [WebhookEventAliases.ContentPublished]), strict);
        Assert.Equal(WebhookOperationStatus.ValidationFailed, refused.Status);
        Assert.Contains("private network", refused.Errors["Url"], StringComparison.Ordinal);

        Assert.True((await CreateAsync(new WebhookEdit("Internal", url, [WebhookEventAliases.ContentPublished]))).Succeeded);
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_sending_time_when_private_addresses_are_not_allowed()
    {
        // Registered where loopback is allowed, sent where it is not: the check at connection time is what holds.
        var hook = await fixture.RegisterAsync("Rebound", [WebhookEventAliases.ContentPublished], Receiver.HookUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        Assert.True((await SendTestAsync(hook.Webhook.Key)).Succeeded);
        await using var strict = fixture.BuildServices(allowPrivate: false);
        var pass = await strict.GetRequiredService<WebhookSender>().SendDueAsync();

        Assert.Equal(1, pass.Failed);
        Assert.Empty(Receiver.Received);
        var delivery = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Null(delivery.LastResponseCode);
        Assert.Contains("not a public address", delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_page_is_delivered_signed_and_the_receiver_verifies_the_signature()
    {
        var hook = await fixture.RegisterAsync("Main website", [WebhookEventAliases.ContentPublished]);
        var page = await PublishPageAsync("Webhook news");

        // Durable first: the delivery is a row before anything is posted.
        var queued = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(WebhookDeliveryStatus.Pending, queued.Status);
        Assert.Empty(Receiver.Received);

        var pass = await fixture.Sender.SendDueAsync();
        Assert.Equal(1, pass.Delivered);
        var got = Assert.Single(Receiver.Received);
        Assert.True(got.SignatureValid, "the receiver's own check of the signature");
        Assert.Equal(200, got.AnsweredWith);
        Assert.Equal(queued.Key.ToString(), got.Id);
        Assert.Equal(WebhookEventAliases.ContentPublished, got.Event);
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), got.Timestamp);
        Assert.True(WebhookSignature.Verify(hook.Secret, got.Timestamp, got.Signature, got.Body, fixture.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(hook.Secret, got.Timestamp, got.Signature, got.Body + " ", fixture.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_other", got.Timestamp, got.Signature, got.Body, fixture.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(hook.Secret, got.Timestamp, got.Signature, got.Body, fixture.Clock.GetUtcNow().AddMinutes(6), TimeSpan.FromMinutes(5)));

        using var body = JsonDocument.Parse(got.Body);
        Assert.Equal("content.published", body.RootElement.GetProperty("event").GetString());
        Assert.Equal(queued.EventKey, body.RootElement.GetProperty("id").GetGuid());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(page.Key, data.GetProperty("id").GetGuid());
        Assert.Equal("contentPage", data.GetProperty("contentType").GetString());
        Assert.Equal("Webhook news", data.GetProperty("name").GetString());
        Assert.Contains("webhook-news", data.GetProperty("route").GetProperty("path").GetString(), StringComparison.Ordinal);

        var delivered = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(200, delivered.LastResponseCode);
        Assert.Equal(1, delivered.Attempts);
        Assert.Null(delivered.ClaimToken);
        Assert.Equal(WebhookSendPass.Nothing, await fixture.Sender.SendDueAsync());
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_after_growing_pauses_until_it_answers()
    {
        var hook = await fixture.RegisterAsync("Flaky", [WebhookEventAliases.ContentPublished]);
        Receiver.AnswerNext(500, 503, 500);
        Assert.True((await SendTestAsync(hook.Webhook.Key)).Succeeded);

        var pauses = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var before = fixture.Clock.GetUtcNow().UtcDateTime;
            Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Failed);
            var failed = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
            Assert.Equal(WebhookDeliveryStatus.Failed, failed.Status);
            Assert.Equal(attempt, failed.Attempts);
            Assert.Equal(attempt == 2 ? 503 : 500, failed.LastResponseCode);
            Assert.Contains($"Attempt {attempt}; will retry.", failed.LastError, StringComparison.Ordinal);
            var pause = failed.NextAttemptUtc - before;
            pauses.Add(pause);

            // Not due before its time: nothing is posted.
            fixture.Clock.Advance(pause - TimeSpan.FromSeconds(1));
            Assert.Equal(WebhookSendPass.Nothing, await fixture.Sender.SendDueAsync());
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], pauses);
        Assert.Equal(3, (await fixture.WebhookAsync(hook.Webhook.Key)).ConsecutiveFailures);

        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Delivered);
        var delivered = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(4, delivered.Attempts);
        Assert.Equal(200, delivered.LastResponseCode);
        Assert.Equal(4, Receiver.Received.Count);
        Assert.All(Receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Single(Receiver.Received.Select(r => r.Id).Distinct());
        Assert.Equal(0, (await fixture.WebhookAsync(hook.Webhook.Key)).ConsecutiveFailures);
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        var hook = await fixture.RegisterAsync("Moved", [WebhookEventAliases.ContentPublished], Receiver.RedirectUrl);
        Assert.True((await SendTestAsync(hook.Webhook.Key)).Succeeded);

        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Failed);
        Assert.Empty(Receiver.Received);
        var failed = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(307, failed.LastResponseCode);
        Assert.Contains("redirects are not followed", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_its_last_attempt_a_delivery_is_abandoned_and_after_N_failures_the_webhook_is_disabled_and_administrators_emailed()
    {
        var hook = await fixture.RegisterAsync("Broken", [WebhookEventAliases.ContentPublished]);
        Receiver.AnswerNext([.. Enumerable.Repeat(500, 20)]);

        // The first event uses its four attempts (MaxAttempts) and is abandoned.
        Assert.True((await SendTestAsync(hook.Webhook.Key)).Succeeded);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(i == 3 ? 1 : 0, (await fixture.Sender.SendDueAsync()).Abandoned);
            fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        }

        var abandoned = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(WebhookDeliveryStatus.Abandoned, abandoned.Status);
        Assert.Contains("Gave up after 4 attempts", abandoned.LastError, StringComparison.Ordinal);
        Assert.Equal(WebhookSendPass.Nothing, await fixture.Sender.SendDueAsync());
        Assert.True((await fixture.WebhookAsync(hook.Webhook.Key)).Enabled);

        // The second fails twice more: six in a row (DisableAfterFailures) and the site disables the webhook.
        Assert.True((await SendTestAsync(hook.Webhook.Key)).Succeeded);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Failed);
            fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        }

        var webhook = await fixture.WebhookAsync(hook.Webhook.Key);
        Assert.False(webhook.Enabled);
        Assert.Equal(6, webhook.ConsecutiveFailures);
        Assert.Contains("after 6 failed attempts", webhook.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(6, Receiver.Received.Count);

        // One email to each administrator (not to the editor), in the outbox with the webhook's page.
        var emails = await fixture.InScopeAsync<CmsDbContext, List<Email.EmailMessage>>(db => db.EmailMessages.AsNoTracking().ToListAsync());
        Assert.Equal(WebhookFixture.Administrators.Order(), emails.SelectMany(e => e.To).Order());
        Assert.All(emails, e =>
        {
            Assert.Equal("webhook-disabled", e.TemplateAlias);
            Assert.Equal("Webhook disabled: Broken", e.Subject);
            Assert.Contains($"/backoffice/webhooks/{hook.Webhook.Key}", e.TextBody, StringComparison.Ordinal);
            Assert.Contains("500", e.TextBody, StringComparison.Ordinal);
        });

        // Disabled: nothing more is posted, whatever is due.
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(WebhookSendPass.Nothing, await fixture.Sender.SendDueAsync());
        Assert.Equal(6, Receiver.Received.Count);

        // Enabled again, with a receiver that works: the waiting delivery goes and the count starts afresh; the
        // abandoned one stays as it is (an administrator can send it again).
        Receiver.Clear();
        Assert.True((await fixture.InScopeAsync<WebhookService, Attempt<Webhook, WebhookOperationStatus>>(w => w.EnableAsync(hook.Webhook.Key, "admin"))).Succeeded);
        Assert.Equal(0, (await fixture.WebhookAsync(hook.Webhook.Key)).ConsecutiveFailures);
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Delivered);
        Assert.Single(Receiver.Received);
        var final = await fixture.DeliveriesAsync(hook.Webhook.Key);
        Assert.Equal([WebhookDeliveryStatus.Abandoned, WebhookDeliveryStatus.Delivered], final.Select(d => d.Status));
    }

    [Fact]
    public async Task Send_again_posts_the_same_body_once_more_as_a_new_delivery()
    {
        var hook = await fixture.RegisterAsync("Resend", [WebhookEventAliases.ContentPublished]);
        await PublishPageAsync("Sent twice");
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Delivered);
        var first = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await fixture.InScopeAsync<WebhookService, Attempt<WebhookDelivery, WebhookOperationStatus>>(w => w.SendAgainAsync(hook.Webhook.Key, first.Id, "admin"));
        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(1, (await fixture.Sender.SendDueAsync()).Delivered);

        var both = await fixture.DeliveriesAsync(hook.Webhook.Key);
        Assert.Equal(2, both.Count);
        var second = both[1];
        Assert.Equal(first.Id, second.ResentFromId);
        Assert.Equal(first.EventKey, second.EventKey);
        Assert.Equal(first.Payload, second.Payload);
        Assert.NotEqual(first.Key, second.Key);
        Assert.Equal(WebhookDeliveryStatus.Delivered, second.Status);
        Assert.Equal(2, Receiver.Received.Count);
        Assert.Equal(Receiver.Received[0].Body, Receiver.Received[1].Body);
        Assert.NotEqual(Receiver.Received[0].Timestamp, Receiver.Received[1].Timestamp);
        Assert.All(Receiver.Received, r => Assert.True(r.SignatureValid));

        // A delivery of another webhook, or one gone, is not found.
        var other = await fixture.RegisterAsync("Other", [WebhookEventAliases.ContentPublished]);
        var wrong = await fixture.InScopeAsync<WebhookService, Attempt<WebhookDelivery, WebhookOperationStatus>>(w => w.SendAgainAsync(other.Webhook.Key, first.Id, "admin"));
        Assert.Equal(WebhookOperationStatus.NotFound, wrong.Status);
    }

    [Fact]
    public async Task Each_engine_event_makes_a_delivery_for_the_webhooks_that_receive_it()
    {
        var all = await fixture.RegisterAsync("Everything", AllEngineEvents);
        var onlyMedia = await fixture.RegisterAsync("Media only", [WebhookEventAliases.MediaChanged]);

        // A deletion is told for an item that was live; one unpublished already was told when it left the site.
        var page = await PublishPageAsync("Comes and goes");
        var unpublished = await fixture.InScopeAsync<ContentService, Attempt<ContentNode, ContentOperationStatus>>(c => c.UnpublishAsync(page.Id, "test"));
        Assert.True(unpublished.Succeeded, unpublished.Message);
        Assert.True((await fixture.InScopeAsync<ContentService, Attempt<ContentNode, ContentOperationStatus>>(c => c.PublishAsync(page.Id, "test"))).Succeeded);
        var deleted = await fixture.InScopeAsync<ContentService, Attempt<ContentNode, ContentOperationStatus>>(c => c.DeleteAsync(page.Id, "test"));
        Assert.True(deleted.Succeeded, deleted.Message);
        var media = await fixture.InScopeAsync<MediaService, Attempt<MediaItem, MediaOperationStatus>>(async m =>
        {
            var uploaded = await m.UploadAsync(new MemoryStream(TestImages.Png(120, 80)), "Gala stage.png", "The gala stage", null, "test");
            Assert.True(uploaded.Succeeded, uploaded.Message);
            await fixture.QueueChangesAsync();
            var deleted = await m.DeleteAsync(uploaded.Value!.Id, "test");
            Assert.True(deleted.Succeeded, deleted.Message);
            return uploaded;
        });

        await fixture.QueueChangesAsync();
        var events = await fixture.DeliveriesAsync(all.Webhook.Key);
        Assert.Equal(
            [WebhookEventAliases.ContentPublished, WebhookEventAliases.ContentUnpublished, WebhookEventAliases.ContentDeleted, WebhookEventAliases.MediaChanged, WebhookEventAliases.MediaChanged],
            events.Select(d => d.Event));
        Assert.All(events.Take(3), d => Assert.Contains(page.Key.ToString(), d.Payload, StringComparison.Ordinal));
        Assert.All(events.Skip(3), d => Assert.Contains(media.Value!.Key.ToString(), d.Payload, StringComparison.Ordinal));
        Assert.Contains("\"change\":\"saved\"", events[3].Payload, StringComparison.Ordinal);
        Assert.Contains("\"change\":\"deleted\"", events[4].Payload, StringComparison.Ordinal);

        // A withdrawn item is named by its id and type only.
        Assert.DoesNotContain("Comes and goes", events[1].Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("Comes and goes", events[2].Payload, StringComparison.Ordinal);

        var mediaOnly = await fixture.DeliveriesAsync(onlyMedia.Webhook.Key);
        Assert.Equal([WebhookEventAliases.MediaChanged, WebhookEventAliases.MediaChanged], mediaOnly.Select(d => d.Event));

        // One event, one id, whichever webhook is told.
        Assert.Equal(events[3].EventKey, mediaOnly[0].EventKey);
        Assert.Equal(events[3].Payload, mediaOnly[0].Payload);

    }

    [Fact]
    public async Task A_queued_delivery_survives_a_restart_and_is_sent_by_the_next_process()
    {
        var hook = await fixture.RegisterAsync("Durable", [WebhookEventAliases.ContentPublished]);
        await PublishPageAsync("Before the restart");
        Assert.Equal(WebhookDeliveryStatus.Pending, Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key)).Status);

        // A claimed delivery whose process died mid-post: its claim lapses and the next process takes it.
        await fixture.InScopeAsync<CmsDbContext, int>(db => db.Set<WebhookDelivery>().ExecuteUpdateAsync(s => s
            .SetProperty(d => d.ClaimToken, Guid.NewGuid())
            .SetProperty(d => d.Attempts, 1)
            .SetProperty(d => d.NextAttemptUtc, fixture.Clock.GetUtcNow().UtcDateTime.AddMinutes(1))));

        await using var restarted = fixture.BuildServices();
        var sender = restarted.GetRequiredService<WebhookSender>();
        Assert.Equal(WebhookSendPass.Nothing, await sender.SendDueAsync());
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await sender.SendDueAsync()).Delivered);

        var got = Assert.Single(Receiver.Received);
        Assert.True(got.SignatureValid, "the restarted process reads the protected secret");
        var delivered = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task A_disabled_webhook_gets_no_deliveries_and_a_deleted_one_takes_its_log_with_it()
    {
        var hook = await fixture.RegisterAsync("Switched off", [WebhookEventAliases.ContentPublished]);
        var off = await fixture.InScopeAsync<WebhookService, Attempt<Webhook, WebhookOperationStatus>>(
            w => w.UpdateAsync(hook.Webhook.Key, new WebhookEdit("Switched off", Receiver.HookUrl, [WebhookEventAliases.ContentPublished], Enabled: false), "admin"));
        Assert.True(off.Succeeded, off.Message);
        Assert.Equal("Disabled by admin.", (await fixture.WebhookAsync(hook.Webhook.Key)).DisabledReason);

        await PublishPageAsync("Nobody is told");
        Assert.Empty(await fixture.DeliveriesAsync(hook.Webhook.Key));

        Assert.True((await SendTestAsync(hook.Webhook.Key)).Succeeded);
        Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.True((await fixture.InScopeAsync<WebhookService, Attempt<Webhook, WebhookOperationStatus>>(w => w.DeleteAsync(hook.Webhook.Key, "admin"))).Succeeded);
        Assert.Equal(0, await fixture.InScopeAsync<CmsDbContext, int>(db => db.Set<WebhookDelivery>().CountAsync()));
    }

    [Fact]
    public async Task A_change_whose_process_stopped_before_telling_anyone_is_still_delivered_by_the_next_process()
    {
        var hook = await fixture.RegisterAsync("After a crash", [WebhookEventAliases.ContentPublished, WebhookEventAliases.MediaChanged]);

        // The change commits, and the process stops before any notification or sending pass: only the log knows.
        ContentNode page;
        MediaItem picture;
        await using (var crashed = await fixture.StartProcessAsync())
        {
            await using var scope = crashed.CreateAsyncScope();
            var services = scope.ServiceProvider;
            page = await services.GetRequiredService<ContentService>().CreatePageAsync(services.GetRequiredService<IPublishedContentCache>(), "Published, then the power went");
            var uploaded = await services.GetRequiredService<MediaService>().UploadAsync(new MemoryStream(TestImages.Png(60, 40)), "Logo.png", "The logo", null, "test");
            Assert.True(uploaded.Succeeded, uploaded.Message);
            picture = uploaded.Value!;
        }

        Assert.Empty(await fixture.DeliveriesAsync(hook.Webhook.Key));
        await using var next = await fixture.StartProcessAsync();
        await WebhookFixture.QueueChangesAsync(next);

        var queued = await fixture.DeliveriesAsync(hook.Webhook.Key);
        Assert.Equal([WebhookEventAliases.ContentPublished, WebhookEventAliases.MediaChanged], queued.Select(d => d.Event));
        Assert.Contains(page.Key.ToString(), queued[0].Payload, StringComparison.Ordinal);
        Assert.Contains("Published, then the power went", queued[0].Payload, StringComparison.Ordinal);
        Assert.Contains("\"route\":{\"path\":\"/published-then-the-power-went/\"}", queued[0].Payload, StringComparison.Ordinal);
        Assert.Contains(picture.Key.ToString(), queued[1].Payload, StringComparison.Ordinal);

        // Read once: the next pass finds nothing new.
        await fixture.QueueChangesAsync();
        Assert.Equal(2, (await fixture.DeliveriesAsync(hook.Webhook.Key)).Count);
    }

    [Fact]
    public async Task Two_instances_following_the_log_at_once_queue_each_change_once()
    {
        var hook = await fixture.RegisterAsync("Two servers", [WebhookEventAliases.ContentPublished]);
        for (var i = 0; i < 12; i++)
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await services.GetRequiredService<ContentService>().CreatePageAsync(services.GetRequiredService<IPublishedContentCache>(), $"Busy day {i}");
        }

        await using var other = await fixture.StartProcessAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => WebhookFixture.QueueChangesAsync(i % 2 == 0 ? fixture.Services : other))));

        var queued = await fixture.DeliveriesAsync(hook.Webhook.Key);
        Assert.Equal(12, queued.Count);
        Assert.Equal(12, queued.Select(d => d.EventKey).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"Busy day {i}"),
            queued.Select(d => System.Text.Json.JsonDocument.Parse(d.Payload).RootElement.GetProperty("data").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_page_withdrawn_before_its_publish_was_queued_is_told_only_as_withdrawn()
    {
        var hook = await fixture.RegisterAsync("Late", [WebhookEventAliases.ContentPublished, WebhookEventAliases.ContentUnpublished]);
        ContentNode page;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            page = await services.GetRequiredService<ContentService>().CreatePageAsync(services.GetRequiredService<IPublishedContentCache>(), "Withdrawn at once");
            Assert.True((await services.GetRequiredService<ContentService>().UnpublishAsync(page.Id, "test")).Succeeded);
        }

        await fixture.QueueChangesAsync();

        // Its name never leaves the site: the publish is not told once the page is gone, the unpublish is, by id and type.
        var queued = Assert.Single(await fixture.DeliveriesAsync(hook.Webhook.Key));
        Assert.Equal(WebhookEventAliases.ContentUnpublished, queued.Event);
        Assert.Contains(page.Key.ToString(), queued.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("Withdrawn at once", queued.Payload, StringComparison.Ordinal);
    }
}
