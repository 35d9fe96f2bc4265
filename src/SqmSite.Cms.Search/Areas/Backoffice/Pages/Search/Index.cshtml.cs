using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Search.Index;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Search.Areas.Backoffice.Pages.Search;

/// <summary>The index of this instance: its state, how far it is behind the content, and a rebuild with its live progress.</summary>
public sealed class SearchIndexModel(SearchIndex index, ContentChangeLog log, SearchQueryCounts counts, CmsDbContext db, TimeProvider clock,
    IOptions<CmsOptions> options) : PageModel
{
    /// <summary>The window the lists of searches cover.</summary>
    public const int Days = 30;

    public SearchIndexState State { get; private set; } = null!;

    /// <summary>Content changes this index has not applied yet, and when the oldest was made.</summary>
    public (int Count, DateTime? OldestUtc) Behind { get; private set; }

    public EngineTime Time { get; } = new(options);

    public IReadOnlyList<SearchQueryTotal> Frequent { get; private set; } = [];

    public IReadOnlyList<SearchQueryTotal> WithoutResults { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // What this server counted since its last save, so the lists are current; other servers add theirs every half minute.
        await counts.FlushAsync(db, ct);
        (Frequent, WithoutResults) = await SearchQueryCounts.TopAsync(db, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-Days)), 20, ct);
    }

    /// <summary>The same figures as JSON, for the page's live progress.</summary>
    public async Task<IActionResult> OnGetStateAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.Headers.CacheControl = "no-store";
        var rebuild = State.Rebuild;
        return new JsonResult(new
        {
            ready = State.Ready,
            documents = State.Documents,
            behind = Behind.Count,
            lastUpdate = State.LastUpdateUtc is { } u ? Time.Format(u) : "never",
            rebuild = rebuild is null ? null : new
            {
                running = rebuild.Running,
                done = rebuild.Done,
                total = rebuild.Total,
                perSecond = Math.Round(rebuild.ItemsPerSecond),
                failure = rebuild.Failure,
                summary = Summary(rebuild),
            },
        });
    }

    public IActionResult OnPostRebuild()
    {
        if (index.StartRebuild($"started by {User.Identity?.Name ?? "an editor"}"))
        {
            TempData.Notice("The rebuild has started. Search keeps answering from the current index until the new one is complete.");
        }
        else
        {
            TempData.Alert("A rebuild is already running; its progress is below.");
        }

        return RedirectToPage();
    }

    public string Summary(SearchRebuildProgress rebuild) => rebuild switch
    {
        { Failure: { } failure } => $"Failed: {failure}",
        { Running: true } => $"{rebuild.Done:N0} of {rebuild.Total:N0} items, {rebuild.ItemsPerSecond:N0} per second",
        _ => $"{rebuild.Total:N0} items in {(rebuild.FinishedUtc!.Value - rebuild.StartedUtc).TotalSeconds:0.0} s ({rebuild.ItemsPerSecond:N0} per second), finished {Time.Format(rebuild.FinishedUtc.Value)}",
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        State = index.State();
        Behind = await log.PendingAsync(State.Position, ContentChange.ContentKinds, ct);
    }
}
