using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Email;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Outbox;

public sealed class OutboxModel(EmailOutbox outbox, IOptions<CmsOptions> options, IHostEnvironment environment) : PageModel
{
    /// <summary>The status filter from the query string; anything else shows every message.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps "page" for the page's own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public EmailStatus? Filter { get; private set; }

    public EmailOutboxPage Result { get; private set; } = new([], 1, EmailOutbox.PageSize, 0);

    public IReadOnlyDictionary<EmailStatus, int> Counts { get; private set; } = new Dictionary<EmailStatus, int>();

    public (EmailMode Mode, string Where, string? Problem) Delivery => outbox.Delivery;

    public SqmSite.Cms.Backoffice.EngineTime Time { get; } = new(options);

    public bool IsDevelopment => environment.IsDevelopment();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Filter = Enum.TryParse<EmailStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;
        Counts = await outbox.CountsAsync(ct);
        Result = await outbox.ListAsync(Filter, PageNumber, ct);
    }

    public string Link(EmailStatus? status, int page) =>
        "/backoffice/outbox" + (status, page) switch
        {
            (null, 1) => "",
            (null, _) => $"?p={page}",
            (_, 1) => $"?status={status}",
            _ => $"?status={status}&p={page}",
        };
}
