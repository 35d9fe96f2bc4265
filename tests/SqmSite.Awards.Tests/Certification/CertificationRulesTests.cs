using FsCheck;
using FsCheck.Fluent;
using SqmSite.Awards.Certification;

namespace SqmSite.Awards.Tests.Certification;

public sealed class CertificationRulesTests
{
    private static CertificationDecision Decide(decimal onsite, int employees, int responses, decimal esat) =>
        CertificationRules.Decide(new CertificationFigures(onsite, employees, responses, esat));

    [Theory]
    [InlineData(80, 100, 100, 50, true)]
    [InlineData(79.9, 100, 100, 50, false)]
    [InlineData(80, 100, 100, 49.9, false)]
    [InlineData(80, 100, 99, 50, false)]
    [InlineData(80, 99, 89, 50, false)] // 90% of 99 is 89.1: rounded up, 90 are needed
    [InlineData(80, 99, 90, 50, true)]
    [InlineData(80, 100, 90, 50, false)] // at 100 employees the full sample of 100 applies
    [InlineData(80, 10, 9, 50, true)]
    [InlineData(80, 10, 8, 50, false)]
    [InlineData(80, 1, 1, 50, true)]
    [InlineData(100, 5000, 100, 100, true)]
    public void The_boundaries_of_the_three_rules(double onsite, int employees, int responses, double esat, bool certified) =>
        Assert.Equal(certified, Decide((decimal)onsite, employees, responses, (decimal)esat).Certified);

    [Fact]
    public void A_failed_rule_says_what_was_needed_and_by_how_much_it_fell_short()
    {
        var decision = Decide(72.5m, 99, 89, 61m);
        Assert.False(decision.Certified);
        Assert.Equal(CertificationRules.Version, decision.RuleVersion);
        var failed = decision.Failed.ToList();
        Assert.Equal(["Onsite score", "Survey sample"], failed.Select(r => r.Rule));
        Assert.Equal(7.5m, failed[0].Shortfall);
        Assert.Equal(1m, failed[1].Shortfall);
        Assert.Contains("at least 90% of them (90)", failed[1].Explanation);
    }

    private static Gen<(decimal Onsite, int Employees, int Responses, decimal Esat)> Figures =>
        from onsite in Gen.Choose(0, 1000).Select(x => x / 10m)
        from employees in Gen.OneOf(Gen.Choose(1, 120), Gen.Choose(1, 100_000))
        from responses in Gen.Choose(0, employees)
        from esat in Gen.Choose(0, 1000).Select(x => x / 10m)
        select (onsite, employees, responses, esat);

    [Fact]
    public void Certified_exactly_when_onsite_esat_and_sample_all_pass() =>
        Prop.ForAll(Figures.ToArbitrary(), f =>
        {
            var sampleOk = f.Employees >= 100 ? f.Responses >= 100 : f.Responses * 10 >= f.Employees * 9;
            var decision = Decide(f.Onsite, f.Employees, f.Responses, f.Esat);
            return decision.Certified == (f.Onsite >= 80 && f.Esat >= 50 && sampleOk)
                && decision.Results.All(r => r.Passed == (r.Shortfall == 0) && r.Shortfall >= 0);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void More_of_any_figure_never_turns_a_certified_practice_into_a_failed_one() =>
        Prop.ForAll(Figures.ToArbitrary(), Gen.Choose(0, 50).ToArbitrary(), (f, more) =>
        {
            var before = Decide(f.Onsite, f.Employees, f.Responses, f.Esat).Certified;
            var after = Decide(Math.Min(100, f.Onsite + more / 10m), f.Employees, Math.Min(f.Employees, f.Responses + more), Math.Min(100, f.Esat + more / 10m)).Certified;
            return !before || after;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_weighted_onsite_score_of_the_first_standard()
    {
        var standard = new CertificationStandard(Guid.NewGuid(), "IVR Self-Service", 1, CertificationStandards.FirstVersion("IVR Self-Service"), DateTime.UtcNow);
        Assert.Equal(100m, standard.Criteria.Sum(c => c.Weight));
        Assert.Null(standard.WeightedScore(new Dictionary<string, decimal> { ["documented"] = 90 }));
        var scores = standard.Criteria.ToDictionary(c => c.Key, _ => 80m);
        Assert.Equal(80m, standard.WeightedScore(scores));
        scores["resolution"] = 60; // weight 25: 80 - 20 * 25 / 100
        Assert.Equal(75m, standard.WeightedScore(scores));
    }

    [Theory]
    [InlineData("cx-7k3m-q9td-2wxa", "CX-7K3M-Q9TD-2WXA")]
    [InlineData(" CX 7K3M Q9TD 2WXA ", "CX-7K3M-Q9TD-2WXA")]
    [InlineData("7K3MQ9TD2WXA", "CX-7K3M-Q9TD-2WXA")]
    [InlineData("CX-OOOO-IIII-LLLL", "CX-INVALID-NUMBER")]
    [InlineData("' or 1=1 --", "CX-INVALID-NUMBER")]
    [InlineData("", "CX-INVALID-NUMBER")]
    public void Certificate_numbers_are_read_in_any_case_and_spacing_and_anything_else_matches_nothing(string typed, string stored) =>
        Assert.Equal(stored, CertificationService.NormalizeNumber(typed));
}

public sealed class CertificationPdfTests
{
    [Fact]
    public void The_pdf_names_the_organization_the_area_the_number_and_the_verify_address_and_carries_the_qr_code()
    {
        var standard = new CertificationStandard(Guid.NewGuid(), "Continuous Improvement Process", 1, CertificationStandards.FirstVersion("Continuous Improvement Process"), DateTime.UtcNow);
        var assessment = new CertificationAssessment(7, standard, "test", DateTime.UtcNow);
        var certificate = new Certificate("CX-7K3M-Q9TD-2WXA", assessment, "A Very Long Official Name of a Contact Center That Needs Two Lines Incorporated", new DateOnly(2026, 12, 7));
        var bytes = CertificationService.Pdf(certificate, "https://awards.example.org/");
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = pdf.GetPage(1).Text;
        Assert.Contains("Continuous Improvement Process", text);
        Assert.Contains("CX-7K3M-Q9TD-2WXA", text);
        Assert.Contains("December 6, 2027", text);
        Assert.Contains("https://awards.example.org/certification/verify/CX-7K3M-Q9TD-2WXA", text.Replace(" ", "", StringComparison.Ordinal));

        // The code: QR version 4 or more for an address this long (33+ modules and the quiet zone), dark modules drawn.
        var modules = CertificationPdf.Modules("https://awards.example.org/certification/verify/CX-7K3M-Q9TD-2WXA");
        Assert.True(modules.Count >= 33 + 8, $"{modules.Count} modules");
        Assert.All(modules, row => Assert.Equal(modules.Count, row.Length));
        Assert.True(modules.Sum(r => r.Count(m => m)) > 300);
    }
}
