using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Webhooks;

public sealed class WebhooksModel(WebhookService webhooks, IOptions<CmsOptions> options) : PageModel
{
    public IReadOnlyList<WebhookRow> Rows { get; private set; } = [];

    public SqmSite.Cms.Backoffice.EngineTime Time { get; } = new(options);

    public async Task OnGetAsync(CancellationToken ct) => Rows = await webhooks.ListAsync(ct);
}
