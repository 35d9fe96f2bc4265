using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Email;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Outbox;

public sealed class OutboxMessageModel(EmailOutbox outbox, IOptions<CmsOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public EmailMessage Message { get; private set; } = null!;

    public IReadOnlyList<EmailOutboxAttachment> Attachments { get; private set; } = [];

    public SqmSite.Cms.Backoffice.EngineTime Time { get; } = new(options);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await outbox.GetAsync(Id, ct) is not { } message)
        {
            return NotFound();
        }

        Message = message;
        Attachments = await outbox.AttachmentsAsync(Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(string? returnTo, CancellationToken ct)
    {
        var result = await outbox.RetryNowAsync(Id, User.Identity?.Name, ct);
        switch (result)
        {
            case EmailRetryStatus.NotFound:
                return NotFound();
            case EmailRetryStatus.Requeued:
                TempData.Notice("The message is queued for an attempt now, with a fresh set of retries.");
                break;
            default:
                TempData.Alert("This message is being sent or was sent already, so it was not queued again.");
                break;
        }

        // Back to the list the button was on; only outbox addresses, so the field cannot send anyone elsewhere.
        var back = returnTo is not null && Url.IsLocalUrl(returnTo) && returnTo.StartsWith("/backoffice/outbox", StringComparison.Ordinal)
            ? returnTo
            : $"/backoffice/outbox/{Id}";
        return Redirect(back);
    }
}
