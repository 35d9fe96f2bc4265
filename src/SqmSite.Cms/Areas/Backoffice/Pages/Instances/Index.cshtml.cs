using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Content;
using SqmSite.Cms.Instances;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Instances;

/// <summary>The instances of the site on this database: which are running, and how far each has followed the change log.</summary>
public sealed class InstancesModel(SiteInstances instances, ContentChangeLog log, IServiceProvider services, Published.IPublishedContentCache cache,
    IOptions<CmsOptions> options) : PageModel
{
    public IReadOnlyList<InstanceRow> Rows { get; private set; } = [];

    public long Latest { get; private set; }

    public string? ThisInstance { get; private set; }

    public EngineTime Time { get; } = new(options);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var follower = services.GetService(typeof(ChangeFollower)) as ChangeFollower;
        ThisInstance = follower?.Name;
        Latest = await log.LatestAsync(ct);
        Rows = await instances.ListAsync(ThisInstance ?? "", follower?.Position ?? cache.Snapshot.ChangePosition, ct);
    }
}
