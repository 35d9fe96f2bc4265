using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Pages.Nominate;

/// <summary>
/// The nominator's confirmation link. Opening it is the confirmation (a link checker that opens it early confirms
/// what its owner sent); a link that opens nothing gets a clear page (400).
/// </summary>
public sealed class ConfirmModel(OutsideNominationService outside) : PageModel
{
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var result = await outside.ConfirmAsync(token, ct);
        if (!result.Succeeded)
        {
            Problem = result.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
