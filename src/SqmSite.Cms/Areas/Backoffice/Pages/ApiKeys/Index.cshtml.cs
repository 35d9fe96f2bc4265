using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.ApiKeys;
using SqmSite.Cms.Backoffice;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.ApiKeys;

/// <summary>Administrators create, list and revoke delivery API keys. A new key's token is on the answer to its POST and nowhere else.</summary>
public sealed class ApiKeysModel(IApiKeyService keys, TimeProvider clock, IOptions<CmsOptions> options) : PageModel
{
    public const int DefaultLifetimeDays = 90;

    private const string DateFormat = "yyyy-MM-dd";

    public sealed class NewKey
    {
        /// <summary>Nullable so that an empty name reaches the service, which words the message, instead of the binder's "required".</summary>
        public string? Name { get; set; }

        public ApiKeyScope Scope { get; set; } = ApiKeyScope.Read;

        /// <summary>A date input's value: the key stops working at the start of that day in the engine's zone.</summary>
        public string? Expires { get; set; }
    }

    [BindProperty]
    public NewKey Input { get; set; } = new();

    public IReadOnlyList<ApiKeySummary> Keys { get; private set; } = [];

    /// <summary>The key just created, with its token: shown on this one answer.</summary>
    public IssuedApiKey? Issued { get; private set; }

    public EngineTime Time { get; } = new(options);

    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Now, Time.Zone));

    public string MinExpiry => Today.AddDays(1).ToString(DateFormat, CultureInfo.InvariantCulture);

    public string MaxExpiry => Today.AddYears(1).ToString(DateFormat, CultureInfo.InvariantCulture);

    public string? Error(string key) => ModelState.FirstError(key);

    public static string StatusOf(ApiKeySummary key, DateTime utcNow) =>
        key.RevokedUtc is not null ? "Revoked" : key.ExpiresUtc <= utcNow ? "Expired" : "Active";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Expires = Today.AddDays(DefaultLifetimeDays).ToString(DateFormat, CultureInfo.InvariantCulture);
        Keys = await keys.ListAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            if (ExpiryFromInput() is { } expiresUtc)
            {
                var created = await keys.CreateAsync(Input.Name ?? "", Input.Scope, expiresUtc, User.Identity?.Name, ct);
                if (created.Succeeded)
                {
                    Issued = created.Value;

                    // The token is on this answer only: never stored by a browser or proxy cache, never in TempData's cookie.
                    Response.Headers.CacheControl = "no-store";
                    ModelState.Clear();
                    Input = new NewKey();
                    await OnGetAsync(ct);
                    return Page();
                }

                ModelState.AddAttempt(created);
            }
            else
            {
                ModelState.AddModelError(nameof(NewKey.Expires), "Choose an expiry date, such as " + Today.AddDays(DefaultLifetimeDays).ToString(DateFormat, CultureInfo.InvariantCulture) + ".");
            }
        }

        Keys = await keys.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid key, CancellationToken ct)
    {
        var revoked = await keys.RevokeAsync(key, User.Identity?.Name, ct);
        if (revoked.Succeeded)
        {
            TempData.Notice($"“{revoked.Value!.Name}” is revoked: calls with it are refused from now on.");
        }
        else
        {
            TempData.Alert(revoked);
        }

        return Redirect("/backoffice/api-keys");
    }

    /// <summary>The start of the chosen day in the engine's zone, in UTC; null when the input is not a date.</summary>
    private DateTime? ExpiryFromInput()
    {
        if (!DateOnly.TryParseExact(Input.Expires?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        var local = date.ToDateTime(TimeOnly.MinValue);

        // Where the clocks jump forward at midnight, that day starts an hour later.
        if (Time.Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Time.Zone);
    }
}
