using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Data;
using SqmSite.Awards.Notices;
using SqmSite.Cms;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Certification;

/// <summary>
/// Renewal reminders: 60 and 14 days before a certificate in force ends, its organization's people get an email through
/// the outbox, once each (the idempotency key holds it however many passes or instances ask), the 14-day one alone when
/// the 60-day one was never due to be sent (a site down for weeks does not send both at once).
/// </summary>
public sealed class CertificationReminders(AwardsDbContext db, IEmailQueue emails, UserManager<BackofficeUser> users, IOptions<CmsOptions> options,
    TimeProvider clock, ILogger<CertificationReminders> logger)
{
    public static readonly int[] DaysBefore = [60, 14];

    public const string Template = "certification-renewal";

    /// <summary>Queues what is due today; returns how many emails were asked for.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var horizon = today.AddDays(DaysBefore.Max());
        var due = await db.Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Active && c.ExpiresOn >= today && c.ExpiresOn <= horizon).ToListAsync(ct);
        var queued = 0;
        var baseUrl = (options.Value.PublicBaseUrl ?? "").TrimEnd('/');
        foreach (var certificate in due)
        {
            var daysLeft = certificate.ExpiresOn.DayNumber - today.DayNumber;
            var reminder = DaysBefore.Where(d => daysLeft <= d).Min();
            var members = await db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == certificate.OrganizationId).Select(m => m.UserId).ToListAsync(ct);
            foreach (var id in members)
            {
                if (await users.FindByIdAsync(id) is not { Email: { } email } user)
                {
                    continue;
                }

                var model = new Dictionary<string, string?>
                {
                    ["contactName"] = user.DisplayName,
                    ["organizationName"] = certificate.OrganizationName,
                    ["areaName"] = certificate.AreaName,
                    ["number"] = certificate.Number,
                    ["expiresOn"] = CertificationService.Day(certificate.ExpiresOn),
                    ["daysLeft"] = daysLeft.ToString(CultureInfo.InvariantCulture),
                    ["portalUrl"] = baseUrl + "/portal/certification",
                    ["verifyUrl"] = baseUrl + CertificationService.VerifyPath(certificate.Number),
                };
                var result = await emails.EnqueueAsync(EmailRequest.FromTemplate(Template, email, model,
                    $"certification:{certificate.Number}:renewal:{reminder}:{email.ToLowerInvariant()}"), db, ct);
                if (!result.Succeeded)
                {
                    logger.LogError("The renewal reminder of certificate {Number} was not queued: {Error}", certificate.Number, result.Message);
                    continue;
                }

                queued++;
            }
        }

        return queued;
    }
}

/// <summary>The reminders' background pass, at the staff notices' interval.</summary>
internal sealed class CertificationReminderPass(IServiceScopeFactory scopes, IOptions<StaffNoticeOptions> options, TimeProvider clock, ILogger<CertificationReminderPass> logger)
    : PollingPass(scopes, options, clock, logger)
{
    protected override string Name => "certificate renewal reminders";

    protected override Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CertificationReminders>().RunDueAsync(cancellationToken);
}
