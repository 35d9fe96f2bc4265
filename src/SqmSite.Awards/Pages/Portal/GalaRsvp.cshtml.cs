using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Gala;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The personal link of a gala invitation: the same answer form as the portal's, for anyone holding the link (a
/// guest has no account). The token is the only key; an unknown, tampered or expired one gets a clear page (400).
/// </summary>
[EnableRateLimiting(SqmSite.Cms.DependencyInjection.PublicPostRateLimit)]
public sealed class GalaRsvpModel(RsvpService rsvps, GalaAnswers answers) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public List<AttendeeRow> Rows { get; set; } = [];

    [BindProperty]
    public bool ConfirmNobodyComing { get; set; }

    /// <summary>Null when the link does not open an invitation.</summary>
    public GalaAnswerView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await rsvps.FindByLinkAsync(Token, ct) is not { } invitation || (View = await answers.LoadAsync(invitation, ct)) is null)
        {
            return NotValid();
        }

        Rows = GalaAnswers.RowsOf(View);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await rsvps.FindByLinkAsync(Token, ct) is not { } invitation)
        {
            return NotValid();
        }

        var result = await answers.SaveAsync(invitation, Rows, ConfirmNobodyComing, ct);
        if (!result.Succeeded)
        {
            (View, Rows) = await answers.RefusedAsync(ModelState, invitation, result, Rows, ct);
            return View is null ? NotValid() : Page();
        }

        TempData.Notice(result.Value!.Describe());
        return Redirect("/gala/rsvp?token=" + Uri.EscapeDataString(Token!));
    }

    private PageResult NotValid()
    {
        View = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
