using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Winners;
using UglyToad.PdfPig;

namespace SqmSite.Awards.Tests.Winners;

/// <summary>
/// The winners' certificates on a real database: who has one (declared winners only), when the organization may have
/// it (after the announcement, its own only), and the PDFs read back: the names, the year, a page per winner.
/// </summary>
public sealed class WinnerCertificatesTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    private static int _years = 2150;

    private static readonly Guid EmailChannel = Guid.NewGuid();

    private static readonly Guid WebSelfService = Guid.NewGuid();

    /// <summary>A cycle of its own with two categories (published order: Email Channel, then Web Self-Service).</summary>
    private async Task<AwardCycle> CycleAsync()
    {
        var year = Interlocked.Increment(ref _years);
        var (cycle, problems) = await fixture.InScopeAsync(s => s.GetRequiredService<CycleService>()
            .CreateAsync($"{year}/{(year + 1) % 100:00} CX Best Practice Awards", year, fixture.Cycle.TimeZoneId, fixture.Cycle.Dates, [EmailChannel, WebSelfService]));
        Assert.Empty(problems);
        return cycle!;
    }

    private Task<Nomination> EntryAsync(AwardCycle cycle, Guid category, string categoryName, string organization) => fixture.InScopeAsync(s =>
        SqmSite.Testing.SubmittedStories.AddAsync(s.GetRequiredService<AwardsDbContext>(), cycle, category, categoryName, organization));

    /// <summary>Staff declare the category's winner through the results service (the panel may be empty for that).</summary>
    private async Task DeclareAsync(AwardCycle cycle, Guid category, string categoryName, Nomination winner)
    {
        var panel = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().PanelAsync(cycle.Id, category, categoryName));
        var declared = await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, winner.Key, "Best data.", "staff"));
        Assert.True(declared.Succeeded, declared.Message);
    }

    private Task<T> CertificatesAsync<T>(Func<WinnerCertificates, Task<T>> action) => fixture.InScopeAsync(s => action(s.GetRequiredService<WinnerCertificates>()));

    private static string Squeezed(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static List<string> PagesOf(byte[] pdf)
    {
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        using var document = PdfDocument.Open(pdf);
        Assert.All(document.GetPages(), p => Assert.True(p.Width > p.Height, "A4 landscape"));
        Assert.All(document.GetPages(), p => Assert.Equal(842, p.Width, 0));
        return [.. document.GetPages().Select(p => Squeezed(p.Text))];
    }

    [Fact]
    public async Task A_certificate_and_the_cycles_bundle_carry_the_organization_category_and_year_with_a_page_per_winner()
    {
        var cycle = await CycleAsync();
        var email = await EntryAsync(cycle, EmailChannel, "Email Channel", "Acme Answers Ltd");
        var loser = await EntryAsync(cycle, EmailChannel, "Email Channel", "Runner Up Co");
        var web = await EntryAsync(cycle, WebSelfService, "Web Self-Service", "Société Générale d'Écoute");

        // Declared in the other order: the bundle still follows the categories' order.
        await DeclareAsync(cycle, WebSelfService, "Web Self-Service", web);
        Assert.Single(await CertificatesAsync(c => c.ForCycleAsync(cycle.Id)));
        await DeclareAsync(cycle, EmailChannel, "Email Channel", email);

        var winners = await CertificatesAsync(c => c.ForCycleAsync(cycle.Id));
        Assert.Equal(["Acme Answers Ltd", "Société Générale d'Écoute"], winners.Select(w => w.OrganizationName));
        Assert.Equal(["Email Channel", "Web Self-Service"], winners.Select(w => w.CategoryName));
        Assert.All(winners, w => Assert.False(w.Announced));
        Assert.Null(await CertificatesAsync(c => c.ForStaffAsync(loser.Key)));
        Assert.Equal($"certificate-{cycle.Year}-email-channel-acme-answers-ltd.pdf", winners[0].FileName);
        Assert.Equal($"certificate-{cycle.Year}-web-self-service-societe-generale-d-ecoute.pdf", winners[1].FileName);
        Assert.Equal($"certificates-{cycle.Year}.pdf", WinnerCertificates.BundleFileName(cycle.Year));

        var one = PagesOf(await CertificatesAsync(c => Task.FromResult(c.Pdf(winners[0]))));
        var page = Assert.Single(one);
        foreach (var expected in new[] { "CX BEST PRACTICE AWARDS", "Certificate of Excellence", "Acme Answers Ltd", "Email Channel", cycle.Name, cycle.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), "February 15, 2028" })
        {
            Assert.Contains(Squeezed(expected), page);
        }

        var bundle = PagesOf(await CertificatesAsync(c => Task.FromResult(c.Pdf(winners))));
        Assert.Equal(winners.Count, bundle.Count);
        Assert.Contains(Squeezed("Acme Answers Ltd"), bundle[0]);
        Assert.Contains(Squeezed("Société Générale d'Écoute"), bundle[1]);
        Assert.Contains(Squeezed("Web Self-Service"), bundle[1]);
        Assert.DoesNotContain("RunnerUp", string.Concat(bundle));
    }

    [Fact]
    public async Task The_organization_gets_its_own_certificate_only_after_the_announcement_and_nobody_elses()
    {
        var cycle = await CycleAsync();
        var winner = await EntryAsync(cycle, EmailChannel, "Email Channel", "Announced Winner Inc");
        var other = await EntryAsync(cycle, EmailChannel, "Email Channel", "Announced Other Inc");
        await DeclareAsync(cycle, EmailChannel, "Email Channel", winner);

        Assert.NotNull(await CertificatesAsync(c => c.ForStaffAsync(winner.Key)));
        Assert.Null(await CertificatesAsync(c => c.ForOrganizationAsync(winner.OrganizationId, winner.Key)));

        if (fixture.Clock.GetUtcNow() < cycle.Dates.WinnersAnnouncedByUtc)
        {
            fixture.Clock.SetUtcNow(cycle.Dates.WinnersAnnouncedByUtc);
        }

        Assert.True(await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().AnnounceDueAsync()) >= 1);
        var own = await CertificatesAsync(c => c.ForOrganizationAsync(winner.OrganizationId, winner.Key));
        Assert.NotNull(own);
        Assert.True(own.Announced);
        Assert.Null(await CertificatesAsync(c => c.ForOrganizationAsync(other.OrganizationId, winner.Key)));
        Assert.Null(await CertificatesAsync(c => c.ForOrganizationAsync(other.OrganizationId, other.Key)));
        Assert.Null(await CertificatesAsync(c => c.ForOrganizationAsync(winner.OrganizationId, Guid.NewGuid())));
    }

    [Fact]
    public async Task The_longest_official_name_stays_on_the_page_in_full()
    {
        var cycle = await CycleAsync();
        var words = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Word{i}"));
        var name = words[..Math.Min(words.Length, Organization.MaxOfficialNameLength)].TrimEnd();
        var entry = await EntryAsync(cycle, EmailChannel, "Email Channel", name);
        await DeclareAsync(cycle, EmailChannel, "Email Channel", entry);

        var certificate = (await CertificatesAsync(c => c.ForStaffAsync(entry.Key)))!;
        var page = Assert.Single(PagesOf(await CertificatesAsync(c => Task.FromResult(c.Pdf(certificate)))));
        Assert.Contains(Squeezed(name), page);
        Assert.True(certificate.FileName.Length < 140, certificate.FileName);

        // Every letter lies inside the frame.
        using var document = PdfDocument.Open(await CertificatesAsync(c => Task.FromResult(c.Pdf(certificate))));
        var letters = document.GetPage(1).Letters;
        Assert.All(letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)), l => Assert.True(l.BoundingBox.Left >= 30 && l.BoundingBox.Right <= 812, $"'{l.Value}' at {l.BoundingBox}"));
    }

    [Fact]
    public async Task Many_certificates_render_at_once_with_the_one_font_resolver()
    {
        var cycle = await CycleAsync();
        var entry = await EntryAsync(cycle, WebSelfService, "Web Self-Service", "Parallel Print Co");
        await DeclareAsync(cycle, WebSelfService, "Web Self-Service", entry);
        var certificate = (await CertificatesAsync(c => c.ForStaffAsync(entry.Key)))!;
        var pdfs = await CertificatesAsync(c => Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => c.Pdf(certificate)))));
        Assert.All(pdfs, pdf => Assert.Contains("ParallelPrintCo", Assert.Single(PagesOf(pdf))));
        Assert.Same(CertificateFonts.Instance, PdfSharp.Fonts.GlobalFontSettings.FontResolver);
    }
}
