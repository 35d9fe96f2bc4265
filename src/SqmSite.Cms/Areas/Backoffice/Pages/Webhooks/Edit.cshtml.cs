using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Web;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Webhooks;

public sealed class EditWebhookModel(WebhookService webhooks, IOptions<CmsOptions> options) : WebhookFormPage(webhooks)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Webhook Webhook { get; private set; } = null!;

    /// <summary>A secret just made (on register or "new secret"), shown once.</summary>
    public string? Secret { get; private set; }

    public SqmSite.Cms.Backoffice.EngineTime Time { get; } = new(options);

    private string Here => $"/backoffice/webhooks/{Key}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(fill: true, ct))
        {
            return NotFound();
        }

        Secret = TempData[SecretKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var saved = await Webhooks.UpdateAsync(Key, Edit, User.Identity?.Name, ct);
        if (saved.Status == WebhookOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!saved.Succeeded)
        {
            ModelState.AddAttempt(saved);
            await LoadAsync(fill: false, ct);
            return Page();
        }

        TempData.Notice("Webhook saved.");
        return Redirect(Here);
    }

    public Task<IActionResult> OnPostEnableAsync(CancellationToken ct) =>
        ActAsync(Webhooks.EnableAsync(Key, User.Identity?.Name, ct), "The webhook is enabled again; waiting deliveries go out now.");

    public Task<IActionResult> OnPostTestAsync(CancellationToken ct) =>
        ActAsync(Webhooks.SendTestAsync(Key, User.Identity?.Name, ct), "A test event is queued; see the delivery log for the answer.");

    public async Task<IActionResult> OnPostSecretAsync(CancellationToken ct)
    {
        var made = await Webhooks.NewSecretAsync(Key, User.Identity?.Name, ct);
        if (!made.Succeeded)
        {
            return NotFound();
        }

        TempData[SecretKey] = made.Value!.Secret;
        TempData.Notice("A new secret was made; deliveries are signed with it from now on.");
        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        var deleted = await Webhooks.DeleteAsync(Key, User.Identity?.Name, ct);
        if (!deleted.Succeeded)
        {
            return NotFound();
        }

        TempData.Notice($"The webhook \"{deleted.Value!.Name}\" and its delivery log were deleted.");
        return Redirect("/backoffice/webhooks");
    }

    private async Task<IActionResult> ActAsync<T>(Task<Attempt<T, WebhookOperationStatus>> action, string notice)
    {
        var result = await action;
        if (result.Status == WebhookOperationStatus.NotFound)
        {
            return NotFound();
        }

        TempData.Notice(notice);
        return Redirect(Here);
    }

    private async Task<bool> LoadAsync(bool fill, CancellationToken ct)
    {
        if (await Webhooks.GetAsync(Key, ct) is not { } webhook)
        {
            return false;
        }

        Webhook = webhook;
        if (fill)
        {
            (Name, Address, Events, Enabled) = (webhook.Name, webhook.Url, [.. webhook.Events], webhook.Enabled);
        }

        return true;
    }
}
