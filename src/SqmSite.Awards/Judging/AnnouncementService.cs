using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Notices;

namespace SqmSite.Awards.Judging;

/// <summary>
/// Announces decided categories once the cycle's announcement time has come, on the staff digest's short poll:
/// entrants learn the outcome within minutes of the time and never before it. Safe on several instances: a decision
/// is announced in one transaction, and a second instance finds it announced.
/// </summary>
internal sealed class AnnouncementService(IServiceScopeFactory scopes, IOptions<StaffNoticeOptions> options, TimeProvider clock,
    ILogger<AnnouncementService> logger) : PollingPass(scopes, options, clock, logger)
{
    protected override string Name => "results announcement";

    protected override Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ResultsService>().AnnounceDueAsync(cancellationToken);
}
