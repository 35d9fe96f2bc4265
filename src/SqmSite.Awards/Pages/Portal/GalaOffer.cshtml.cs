using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Gala;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The link of a waiting-list offer: seats held for 48 hours for a waiting party, confirmed or given back here, once.
/// A used, replaced or tampered link, or one past its hold, gets a clear page.
/// </summary>
[EnableRateLimiting(SqmSite.Cms.DependencyInjection.PublicPostRateLimit)]
public sealed class GalaOfferModel(RsvpService rsvps, GalaAnswers answers, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public GalaAnswerView? View { get; private set; }

    public IReadOnlyList<GalaAttendee> Offered { get; private set; } = [];

    /// <summary>The outcome after an answer, or why the link does not work.</summary>
    public string? Outcome { get; private set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await rsvps.FindOfferAsync(Token, ct) is not { } found || (View = await answers.LoadAsync(found.Invitation, ct)) is null)
        {
            return Refused("This link is not valid: it was already used, or a newer one replaced it.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Offered = found.Offered;
        if (found.Invitation.OfferExpiresUtc <= now || Offered.Count == 0 || Offered.Any(p => !p.HoldsSeat(now)))
        {
            return Refused("This offer has expired: the seats were held for 48 hours and have gone to the next party on the waiting list.");
        }

        return Page();
    }

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) => AnswerAsync(true, ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) => AnswerAsync(false, ct);

    private async Task<IActionResult> AnswerAsync(bool accept, CancellationToken ct)
    {
        var result = await rsvps.AnswerOfferAsync(Token, accept, ct);
        if (!result.Succeeded)
        {
            return Refused(result.Message!);
        }

        Outcome = accept
            ? $"Confirmed: {(result.Value == 1 ? "1 seat is" : $"{result.Value} seats are")} yours. Each person gets a confirmation email with the calendar entry and a QR code for the door."
            : "The seats are given back, and go to the next party on the waiting list. Thank you for telling us.";
        return Page();
    }

    private PageResult Refused(string message)
    {
        View = null;
        Outcome = message;
        Failed = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
