using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>A winner's contact reads the publishing terms and signs them: name, job title, channels, the version read.</summary>
public sealed class ConsentModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, ConsentService consents)
    : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle NominationCycle { get; private set; } = null!;

    public PublishingTerms? Terms { get; private set; }

    public IReadOnlyList<WinnerConsent> History { get; private set; } = [];

    [BindProperty]
    public string? SignerName { get; set; }

    [BindProperty]
    public string? SignerJobTitle { get; set; }

    [BindProperty]
    public List<PublishingChannels> Channels { get; set; } = [];

    [BindProperty]
    public int? TermsVersion { get; set; }

    [BindProperty]
    public bool Agree { get; set; }

    public WinnerConsent? InForce => History.FirstOrDefault(c => !c.IsWithdrawn);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Channels = [.. WinnerConsent.ChannelList.Select(c => c.Channel)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var channels = WinnerConsent.Combine(Channels);
        var result = await consents.SignAsync(Key, Organization.Id, SignerName, SignerJobTitle, channels, TermsVersion, Agree, User.Identity?.Name ?? "nominee", ct);
        if (result.Status == WinnersOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice("Thank you: your consent is recorded. Our marketing team will publish your winner story.");
            return Redirect($"/portal/nominations/{Key}/consent");
        }

        ModelState.AddAttempt(result);
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await FindNominationAsync(nominations, Key, ct) is not { } found || found.Nomination.AwardedUtc is null
            || !await consents.IsAnnouncedAsync(found.Nomination, ct))
        {
            return false;
        }

        (Nomination, NominationCycle) = found;
        Terms = await consents.TermsAsync(ct);
        History = await consents.HistoryAsync(Nomination.Id, ct);
        return true;
    }
}
