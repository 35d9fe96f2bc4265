using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Content;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Winners;

/// <summary>
/// What one certificate says: the winning organization's official name, the category, the cycle and its year, and the
/// date awarded (the day the winner was announced; before that, the cycle's announcement date, so staff can print
/// ahead). <see cref="Announced"/> tells whether the winner may already see it.
/// </summary>
public sealed record WinnerCertificate(Guid NominationKey, int CycleId, Guid CategoryKey, string OrganizationName, string CategoryName,
    int Year, string CycleName, string AwardedOn, bool Announced)
{
    /// <summary>"certificate-2027-email-channel-acme.pdf": ASCII only, whatever the names hold.</summary>
    public string FileName => $"certificate-{Year}-{WinnerCertificates.Slug(CategoryName, 40, "category")}-{WinnerCertificates.Slug(OrganizationName, 60, "winner")}.pdf";
}

/// <summary>
/// The winners' certificates: a PDF per winner (a nomination declared the category's winner, see
/// <see cref="Nomination.DeclareWinner"/>, that the category's <see cref="Judging.WinnerDecision"/> names), and one PDF
/// with every certificate of a cycle for staff to print. The organization sees its own only after the announcement,
/// the same rule as <see cref="Judging.ResultsService.OutcomeAsync"/>.
/// </summary>
public sealed class WinnerCertificates(AwardsDbContext db)
{
    /// <summary>Every winner of the cycle, announced or not, in the cycle's category order (the order published).</summary>
    public Task<IReadOnlyList<WinnerCertificate>> ForCycleAsync(int cycleId, CancellationToken ct = default) =>
        QueryAsync(db.Nominations.Where(n => n.CycleId == cycleId), announcedOnly: false, ct);

    /// <summary>One winner's certificate for staff (announced or not); null when the nomination did not win.</summary>
    public async Task<WinnerCertificate?> ForStaffAsync(Guid nominationKey, CancellationToken ct = default) =>
        (await QueryAsync(db.Nominations.Where(n => n.Key == nominationKey), announcedOnly: false, ct)).FirstOrDefault();

    /// <summary>
    /// The organization's own certificate, once its category's winner is announced; null before that, for a nomination
    /// that did not win and for another organization's (they answer alike: a 404 that tells nothing).
    /// </summary>
    public async Task<WinnerCertificate?> ForOrganizationAsync(int organizationId, Guid nominationKey, CancellationToken ct = default) =>
        (await QueryAsync(db.Nominations.Where(n => n.Key == nominationKey && n.OrganizationId == organizationId), announcedOnly: true, ct)).FirstOrDefault();

    /// <summary>One certificate as a PDF (one A4 landscape page).</summary>
    public byte[] Pdf(WinnerCertificate certificate) =>
        CertificateLayout.Render([certificate], $"Certificate of excellence: {certificate.OrganizationName}, {certificate.CategoryName}, {certificate.CycleName}");

    /// <summary>All the certificates given as one PDF, a page each; at least one.</summary>
    public byte[] Pdf(IReadOnlyList<WinnerCertificate> certificates) =>
        CertificateLayout.Render(certificates, $"Certificates of excellence: {certificates[0].CycleName}");

    /// <summary>"certificates-2027.pdf".</summary>
    public static string BundleFileName(int year) => $"certificates-{year.ToString(CultureInfo.InvariantCulture)}.pdf";

    /// <summary>
    /// A PDF download: attachment with an ASCII name, never kept by a browser or proxy (a winner's certificate is the
    /// organization's until the announcement).
    /// </summary>
    public static FileContentResult Download(HttpResponse response, byte[] pdf, string fileName)
    {
        response.Headers.CacheControl = "no-store";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        return new FileContentResult(pdf, "application/pdf");
    }

    internal static string Slug(string text, int max, string fallback)
    {
        var slug = ContentService.ToUrlSegment(text);
        if (slug.Length > max)
        {
            slug = slug[..max].Trim('-');
        }

        return slug.Length == 0 ? fallback : slug;
    }

    private async Task<IReadOnlyList<WinnerCertificate>> QueryAsync(IQueryable<Nomination> nominations, bool announcedOnly, CancellationToken ct)
    {
        // A winner: declared (AwardedUtc) and named by its category's decision; a winner that later withdrew has none.
        var rows = await (from n in nominations.AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                          join d in db.WinnerDecisions.AsNoTracking() on new { n.CycleId, n.CategoryKey, Winner = (int?)n.Id }
                              equals new { d.CycleId, d.CategoryKey, Winner = d.NominationId }
                          where n.AwardedUtc != null && n.State == NominationState.StorySubmitted && (!announcedOnly || d.AnnouncedUtc != null)
                          select new { n.Key, n.CycleId, n.CategoryKey, n.CategoryName, o.OfficialName, d.AnnouncedUtc }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var cycleIds = rows.Select(r => r.CycleId).Distinct().ToList();
        var cycles = await db.Cycles.AsNoTracking().Where(c => cycleIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return rows
            .Select(r =>
            {
                var cycle = cycles[r.CycleId];
                var order = cycle.CategoryKeys.ToList().IndexOf(r.CategoryKey);
                var certificate = new WinnerCertificate(r.Key, r.CycleId, r.CategoryKey, r.OfficialName, r.CategoryName, cycle.Year, cycle.Name,
                    SiteTime.FormatDate(r.AnnouncedUtc ?? cycle.Dates.WinnersAnnouncedByUtc, cycle.TimeZone), r.AnnouncedUtc is not null);
                return (Order: order < 0 ? int.MaxValue : order, Certificate: certificate);
            })
            .OrderBy(x => x.Certificate.Year).ThenBy(x => x.Order).ThenBy(x => x.Certificate.CategoryName, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Certificate)
            .ToList();
    }
}
