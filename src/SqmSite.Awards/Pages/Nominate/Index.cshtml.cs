using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Nominate;

/// <summary>
/// "Nominate someone": a peer, a customer or a colleague nominates an organization's practice, a person or a team in a
/// category that takes nominations by others. No account; the nominator confirms the address by a link. Antiforgery,
/// the public posts' rate limit and a honeypot guard it; the answer is the same whoever is nominated.
/// </summary>
[EnableRateLimiting(SqmSite.Cms.DependencyInjection.PublicPostRateLimit)]
public sealed class IndexModel(OutsideNominationService outside) : PageModel
{
    /// <summary>Hidden from people; a bot that fills it is told "sent" and nothing is kept.</summary>
    public const string HoneypotField = "website";

    [BindProperty(SupportsGet = true)]
    public Guid Category { get; set; }

    [BindProperty]
    public string? NominatorName { get; set; }

    [BindProperty]
    public string? NominatorEmail { get; set; }

    [BindProperty]
    public string? Relationship { get; set; }

    [BindProperty]
    public string? OrganizationName { get; set; }

    [BindProperty]
    public string? SubjectName { get; set; }

    [BindProperty]
    public string? ContactEmail { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public AwardCategory? Open { get; private set; }

    public AwardCycle? Cycle { get; private set; }

    public bool Sent { get; private set; }

    public IActionResult OnGet()
    {
        Response.Headers.CacheControl = "no-store";
        return Load() ? Page() : Closed();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (!Load())
        {
            return Closed();
        }

        if (!string.IsNullOrEmpty(Request.Form[HoneypotField]))
        {
            Sent = true;
            return Page();
        }

        var result = await outside.SubmitAsync(Category, NominatorName, NominatorEmail, Relationship, OrganizationName, SubjectName, ContactEmail, Reason, ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return Page();
        }

        Sent = true;
        return Page();
    }

    /// <summary>Not a category that takes nominations now (or none at all): a page that says so, answered 404.</summary>
    private PageResult Closed()
    {
        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;
        return Page();
    }

    private bool Load()
    {
        if (outside.OpenFor(Category) is not var (cycle, category))
        {
            return false;
        }

        (Cycle, Open) = (cycle, category);
        return true;
    }
}
