// Issue 17: whether /certification/verify/{number} lets anyone tell a real certificate number from an unknown one by
// the time it takes. A certificate is made through the certification's own steps, then the page is asked, one request at
// a time, for (A) that certificate's number, (B) a well-formed number that is no certificate's (a new one each time) and
// (C) a malformed one, in rotating order (ABC, BCA, CAB) so that each kind takes each place equally often. The whole
// site runs in-process (TestServer, SQLite): no network noise, the most sensitive setting an attacker could wish for.
// Usage: VerifyTiming [rounds=300] [warm-up rounds=100]
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Data;
using SqmSite.Awards.Organizations;
using SqmSite.Testing;

/// <summary>The bench; a named class, because top-level statements would make a second <c>Program</c> beside the site's.</summary>
internal static class VerifyTimingBench
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static async Task<int> Main(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 300;
        var warmUp = args.Length > 1 ? int.Parse(args[1]) : 100;
        await using var database = await TestDatabase.CreateAsync();
        await using var site = new Site(database);
        var number = await CertificateAsync(site);
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var kinds = new (string Name, HttpStatusCode Expected, Func<int, string> Number)[]
        {
            ("A known (active)", HttpStatusCode.OK, _ => number),
            ("B unknown, well-formed", HttpStatusCode.NotFound, _ => RandomNumber()),
            ("C malformed", HttpStatusCode.NotFound, i => $"not-a-number-{i}"),
        };
        var times = kinds.Select(_ => new List<double>()).ToArray();
        var bytes = new long[kinds.Length];
        for (var round = -warmUp; round < rounds; round++)
        {
            for (var place = 0; place < kinds.Length; place++)
            {
                var k = (place + Math.Abs(round)) % kinds.Length;
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync("/certification/verify/" + Uri.EscapeDataString(kinds[k].Number(round)));
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (response.StatusCode != kinds[k].Expected)
                {
                    throw new InvalidOperationException($"{kinds[k].Name}: {(int)response.StatusCode}, expected {(int)kinds[k].Expected}");
                }

                if (round >= 0)
                {
                    times[k].Add(elapsed);
                    bytes[k] = body.Length;
                }
            }
        }

        Console.WriteLine($"verify page, {rounds} rounds of A/B/C (rotating order) after {warmUp} warm-up rounds; certificate {number}");
        for (var k = 0; k < kinds.Length; k++)
        {
            Console.WriteLine($"  {kinds[k].Name,-24} median {Percentile(times[k], 50):0.000} ms  p95 {Percentile(times[k], 95):0.000} ms  ({bytes[k]:N0} bytes)");
        }

        var measurable = false;
        foreach (var (one, other) in new[] { (0, 1), (0, 2), (1, 2) })
        {
            var (difference, low, high) = MedianDifference(times[one], times[other]);
            var differs = low > 0 || high < 0;
            measurable |= (one, other) == (0, 1) && differs;
            Console.WriteLine($"  median {kinds[one].Name[0]} - {kinds[other].Name[0]}: {difference:+0.000;-0.000} ms, 95% bootstrap interval [{low:+0.000;-0.000}, {high:+0.000;-0.000}] ms: {(differs ? "measurably different" : "not measurably different")}");
        }

        Console.WriteLine(measurable
            ? "known and unknown numbers differ measurably in time (see the interval above)"
            : "known and unknown numbers do not differ measurably in time");
        return 0;
    }

    private static string RandomNumber()
    {
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < 12; i++)
        {
            chars[i] = Alphabet[Random.Shared.Next(32)];
        }

        return $"CX-{chars[..4]}-{chars[4..8]}-{chars[8..]}";
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>The difference of the medians and its 95% interval from 2,000 bootstrap resamples.</summary>
    private static (double Difference, double Low, double High) MedianDifference(List<double> a, List<double> b)
    {
        var random = new Random(17);
        var samples = new List<double>(2000);
        for (var i = 0; i < 2000; i++)
        {
            var ra = Enumerable.Range(0, a.Count).Select(_ => a[random.Next(a.Count)]).ToList();
            var rb = Enumerable.Range(0, b.Count).Select(_ => b[random.Next(b.Count)]).ToList();
            samples.Add(Percentile(ra, 50) - Percentile(rb, 50));
        }

        return (Percentile(a, 50) - Percentile(b, 50), Percentile(samples, 2.5), Percentile(samples, 97.5));
    }

    /// <summary>An organization certified through the service's own steps; the certificate's number.</summary>
    private static async Task<string> CertificateAsync(Site site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AwardsDbContext>();
        var organization = new Organization("Timing Bench Co", null, false, DateTime.UtcNow);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        var standards = scope.ServiceProvider.GetRequiredService<CertificationStandards>();
        var area = standards.Areas()[0];
        var certification = scope.ServiceProvider.GetRequiredService<CertificationService>();
        var id = (await certification.RequestAsync(organization.Id, area.Key, "bench@example.org")).Value!.Id;
        Check(await certification.ScheduleAsync(id, Site.AdminEmail, DateTime.UtcNow.ToString("yyyy-MM-dd")));
        var standard = (await standards.CurrentAsync(area.Key))!;
        Check(await certification.RecordOnsiteAsync(id, standard.Criteria.ToDictionary(c => c.Key, _ => (string?)"90"), null));
        Check(await certification.RecordSurveyAsync(id, "200", "150", "80", "3", null, null));
        Check(await certification.ConfirmAsync(id, true, Site.AdminEmail));
        return await db.Certificates.AsNoTracking().Where(c => c.AssessmentId == id).Select(c => c.Number).SingleAsync();

        static void Check(SqmSite.Cms.IAttempt attempt)
        {
            if (!attempt.Succeeded)
            {
                throw new InvalidOperationException(attempt.Message);
            }
        }
    }
}

/// <summary>The site on its own database, in Production, quiet.</summary>
internal sealed class Site(TestDatabase database) : WebApplicationFactory<Program>
{
    public const string AdminEmail = BenchSite.AdminEmail;

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseBenchSettings(database);
}
