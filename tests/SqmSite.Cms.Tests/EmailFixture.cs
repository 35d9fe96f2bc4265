using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Sync;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>
/// The engine on a real database with the seed (so the email templates are there), an SMTP sink on loopback
/// that the sender talks to, and a clock the tests move. One per test class; each test starts from an empty outbox.
/// </summary>
public sealed class EmailFixture : IAsyncLifetime
{
    public const string From = "CX Best Practice Awards <awards@example.org>";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public TestDatabase Database { get; private set; } = null!;

    public SmtpSink Sink { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public EmailSender Sender => Services.GetRequiredService<EmailSender>();

    public async Task InitializeAsync()
    {
        Sink = SmtpSink.Start();
        Database = await TestDatabase.CreateAsync();
        Services = BuildServices();
        await using var scope = Services.CreateAsyncScope();
        await CmsDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), default);
        var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(RepositoryPaths.USync);
        Assert.Empty(report.Problems);
    }

    /// <summary>An engine on this database whose sender talks to the sink; <paramref name="tweak"/> changes its settings.</summary>
    public ServiceProvider BuildServices(Action<EmailOptions>? tweak = null) =>
        CmsFixture.BuildServices(Database, Clock, services => services.Configure<EmailOptions>(o =>
        {
            o.Mode = EmailMode.Smtp;
            o.From = From;
            o.Smtp.Host = Sink.Host;
            o.Smtp.Port = Sink.Port;
            o.Smtp.Security = SmtpSecurity.None;
            o.Smtp.Timeout = TimeSpan.FromSeconds(10);
            o.MaxAttempts = 3;
            o.RetryDelay = TimeSpan.FromMinutes(1);
            o.MaxRetryDelay = TimeSpan.FromMinutes(30);
            tweak?.Invoke(o);
        }));

    /// <summary>An empty outbox, a sink that is up, accepts everything and has received nothing.</summary>
    public async Task ResetAsync()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().EmailMessages.ExecuteDeleteAsync();
        }

        Sink.Resume();
        Sink.StopFailing();
        Sink.RequiredLogin = null;
        Sink.Clear();
    }

    public async Task<Attempt<QueuedEmail, EmailQueueStatus>> EnqueueAsync(EmailRequest request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IEmailQueue>().EnqueueAsync(request);
    }

    public async Task<EmailMessage> MessageAsync(int id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().EmailMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<EmailMessage>> AllMessagesAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().EmailMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sink.DisposeAsync();
        await Database.DisposeAsync();
    }
}
