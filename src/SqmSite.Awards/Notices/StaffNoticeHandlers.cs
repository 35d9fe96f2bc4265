using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Notifications;

namespace SqmSite.Awards.Notices;

/// <summary>A message sent through the public contact form (an engine form) becomes a staff notice.</summary>
internal sealed class ContactMessageNoticeHandler(StaffNotices notices) : INotificationHandler<FormEntrySubmittedNotification>
{
    /// <summary>The alias of the seeded contact form (uSync/Forms/contact.json).</summary>
    public const string ContactFormAlias = "contact";

    public async Task HandleAsync(FormEntrySubmittedNotification notification, CancellationToken cancellationToken)
    {
        if (!string.Equals(notification.Form.Alias, ContactFormAlias, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var entry = notification.Entry;
        var from = string.Join(" ", new[] { entry.Text("name"), entry.Text("email") is { Length: > 0 } email ? $"<{email}>" : null }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var organization = entry.Text("organization") is { Length: > 0 } org ? $" of {org}" : "";
        var topic = entry.Choices("topic").FirstOrDefault() is { Length: > 0 } t ? $" about {t}" : "";
        var message = entry.Text("message") ?? "";

        // Staff answer from the email itself: awards staff may not open the forms' entries in the backoffice.
        await notices.RecordAsync(StaffNoticeKind.ContactMessage, $"{from}{organization} wrote{topic}:\n{message}",
            $"/backoffice/forms/entries/{entry.FormId}", ct: cancellationToken);
    }
}

/// <summary>
/// Once every few minutes, sends the daily digests that are due (see <see cref="StaffNotices.SendDueDigestsAsync(CancellationToken)"/>);
/// a digest already queued is not queued twice (idempotency key per day).
/// </summary>
internal sealed class StaffDigestService(IServiceScopeFactory scopes, IOptions<StaffNoticeOptions> options, TimeProvider clock,
    ILogger<StaffDigestService> logger) : PollingPass(scopes, options, clock, logger)
{
    protected override string Name => "staff digest";

    protected override Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<StaffNotices>().SendDueDigestsAsync(cancellationToken);
}
