using SqmSite.Cms.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Webhooks;

/// <summary>The fields of the register and edit pages, bound and shown the same way on both.</summary>
public abstract class WebhookFormPage(WebhookService webhooks) : PageModel
{
    /// <summary>Where a new secret waits for the next page, the one place it is ever shown.</summary>
    public const string SecretKey = "WebhookSecret";

    [BindProperty]
    public string? Name { get; set; }

    /// <summary>Posted as "Url", the field name the service's messages use ("Url" itself is the page's URL helper).</summary>
    [BindProperty(Name = "Url")]
    public string? Address { get; set; }

    [BindProperty]
    public List<string> Events { get; set; } = [];

    [BindProperty]
    public bool Enabled { get; set; } = true;

    public IReadOnlyList<WebhookEventType> EventTypes => webhooks.EventTypes;

    protected WebhookService Webhooks => webhooks;

    protected WebhookEdit Edit => new(Name, Address, Events, Enabled);

    /// <summary>The first message for a field, for the message beside its input.</summary>
    public string? Error(string field) =>
        ModelState.FirstError(field);
}
