using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Web;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Webhooks;

public sealed class WebhookDeliveriesModel(WebhookService webhooks, IOptions<CmsOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps "page" for the page's own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Webhook Webhook { get; private set; } = null!;

    public WebhookDeliveryPage Result { get; private set; } = new([], 1, WebhookService.PageSize, 0);

    public SqmSite.Cms.Backoffice.EngineTime Time { get; } = new(options);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await webhooks.GetAsync(Key, ct) is not { } webhook)
        {
            return NotFound();
        }

        Webhook = webhook;
        Result = await webhooks.DeliveriesAsync(webhook.Id, PageNumber, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAgainAsync(long delivery, CancellationToken ct)
    {
        var again = await webhooks.SendAgainAsync(Key, delivery, User.Identity?.Name, ct);
        if (!again.Succeeded)
        {
            return NotFound();
        }

        TempData.Notice("The delivery is queued to be sent again; it appears at the top of the log.");
        return Redirect($"/backoffice/webhooks/{Key}/deliveries");
    }
}
