using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Tests;

/// <summary>The forms engine with uSync's seed forms, on a real database (SQLite, or PostgreSQL under test.sh).</summary>
public sealed class FormsFixture : IAsyncLifetime
{
    public CmsFixture Cms { get; } = new();

    public FormWorkflowProbe Probe { get; } = new();

    public ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cms.InitializeAsync();
        Services = CmsFixture.BuildServices(Cms.Database, Cms.Clock, services =>
        {
            services.Configure<FormsOptions>(o => o.MaxFileBytes = 64 * 1024);
            services.AddSingleton(Probe);
            services.AddNotificationHandler<FormEntrySubmittingNotification, FormWorkflowProbe.Handler>();
            services.AddNotificationHandler<FormEntrySubmittedNotification, FormWorkflowProbe.Handler>();
        });
    }

    public Task<T> WithFormsAsync<T>(Func<FormService, Task<T>> action) => InScopeAsync(action);

    public Task<T> WithEntriesAsync<T>(Func<FormEntryService, Task<T>> action) => InScopeAsync(action);

    private async Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Cms.DisposeAsync();
    }
}

/// <summary>A package's workflow in miniature: counts notifications, and refuses submits while told to.</summary>
public sealed class FormWorkflowProbe
{
    public int Submitting;
    public int Submitted;

    public string? RefuseWith { get; set; }

    public List<Guid> SubmittedEntries { get; } = [];

    internal sealed class Handler(FormWorkflowProbe probe) :
        INotificationHandler<FormEntrySubmittingNotification>, INotificationHandler<FormEntrySubmittedNotification>
    {
        public Task HandleAsync(FormEntrySubmittingNotification notification, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref probe.Submitting);
            if (probe.RefuseWith is { } reason)
            {
                notification.Cancel(reason);
            }

            return Task.CompletedTask;
        }

        public Task HandleAsync(FormEntrySubmittedNotification notification, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref probe.Submitted);
            lock (probe.SubmittedEntries)
            {
                probe.SubmittedEntries.Add(notification.Entry.Key);
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>Answers as a browser posts them, for the forms tests.</summary>
internal static class FormTestInputs
{
    public static FormInput Input(params (string Alias, string Value)[] values) =>
        FormInput.From(values.Select(v => new KeyValuePair<string, string>(v.Alias, v.Value)));

    public static readonly (string, string)[] ValidContact =
    [
        ("name", "Ann Example"), ("email", "ann@example.org"), ("topic", "Eligibility"), ("message", "Hello"), ("consent", "true"),
    ];
}
