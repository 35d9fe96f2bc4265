using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Privacy;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Retention;

/// <summary>The retention rule's dry run: what the next housekeeping pass deletes, for administrators to see before it does.</summary>
public sealed class RetentionModel(UnsuccessfulEntryRetention retention, IOptions<AwardsOptions> options, TimeProvider clock) : PageModel
{
    public int Years => options.Value.KeepUnsuccessfulEntriesYears;

    public IReadOnlyList<RetentionCandidate> Due { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Due = await retention.DueAsync(clock.GetUtcNow().UtcDateTime, ct);
}
