using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Certification;

namespace SqmSite.Awards.Pages.Certification;

/// <summary>The public registry: certificates in force, by practice area, unless the organization took theirs off the list.</summary>
public sealed class RegistryModel(CertificationService certification) : PageModel
{
    public IReadOnlyList<IGrouping<string, Certificate>> Areas { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Areas = [.. (await certification.RegistryAsync(ct)).GroupBy(c => c.AreaName)];
}
