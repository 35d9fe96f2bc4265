using Microsoft.AspNetCore.Mvc;
using SqmSite.Cms.Web;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Webhooks;

public sealed class NewWebhookModel(WebhookService webhooks) : WebhookFormPage(webhooks)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await Webhooks.CreateAsync(Edit, User.Identity?.Name, ct);
        if (!created.Succeeded)
        {
            ModelState.AddAttempt(created);
            return Page();
        }

        TempData[SecretKey] = created.Value!.Secret;
        TempData.Notice($"The webhook \"{created.Value.Webhook.Name}\" is registered.");
        return Redirect($"/backoffice/webhooks/{created.Value.Webhook.Key}");
    }
}
