// Issue 9, items 2 and 4: what checking the session on every request costs, and whether sign-in takes as long for an
// address without an account as for a real one. The whole site runs in-process (TestServer) on its own database;
// each figure is the median of alternating rounds, so both sides share the machine's ups and downs.
// Usage: AccountTiming [rounds=15] [requests per round=100]
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Security;
using SqmSite.Testing;

/// <summary>The bench; a named class, because top-level statements would make a second <c>Program</c> beside the site's.</summary>
internal static class AccountTimingBench
{
    private const string Password = "Bench-Password-123";

    public static async Task<int> Main(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 15;
        var perRound = args.Length > 1 ? int.Parse(args[1]) : 100;

        await using var checkedDb = await TestDatabase.CreateAsync();
        await using var referenceDb = await TestDatabase.CreateAsync();
        await using var checkedSite = new Site(checkedDb, validateSessions: true);
        await using var referenceSite = new Site(referenceDb, validateSessions: false);

        // --- 1. a signed-in editor opening the backoffice dashboard, with and without the per-request session check --------
        var checkedClient = await SignedInAsync(checkedSite);
        var referenceClient = await SignedInAsync(referenceSite);
        var withCheck = new List<double>();
        var without = new List<double>();
        for (var round = -2; round < rounds; round++)
        {
            // Alternate which goes first; the first two rounds warm up and are not counted.
            var a = await TimeGetsAsync(round % 2 == 0 ? checkedClient : referenceClient);
            var b = await TimeGetsAsync(round % 2 == 0 ? referenceClient : checkedClient);
            if (round >= 0)
            {
                (round % 2 == 0 ? withCheck : without).Add(a);
                (round % 2 == 0 ? without : withCheck).Add(b);
            }
        }

        var sessionRatio = Median(withCheck) / Median(without);
        Console.WriteLine($"session check: {Median(withCheck):0.000} ms per request with it, {Median(without):0.000} ms without (median of {rounds} rounds of {perRound}); ratio {sessionRatio:0.00}");

        // --- 2. sign-in with a wrong password: a real account against addresses without one --------------------------------
        await checkedSite.MakeUserAsync("timing@example.org", Password, lockout: false);
        var known = new List<double>();
        var unknown = new List<double>();
        var n = 0;
        for (var round = -1; round < rounds; round++)
        {
            var k = new List<double>();
            var u = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                // A fresh unknown address each time: a repeated one would be "locked" after five and answer at once.
                k.Add(await TimeSignInAsync(checkedSite, "timing@example.org"));
                u.Add(await TimeSignInAsync(checkedSite, $"nobody-{n++}@example.org"));
            }

            if (round >= 0)
            {
                known.Add(Median(k));
                unknown.Add(Median(u));
            }
        }

        var signInRatio = Median(unknown) / Median(known);
        Console.WriteLine($"sign-in, wrong password: {Median(known):0.0} ms for a real account, {Median(unknown):0.0} ms for an unknown address; ratio {signInRatio:0.00}");
        return signInRatio is > 0.8 and < 1.25 ? 0 : 1;

        async Task<double> TimeGetsAsync(HttpClient client)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < perRound; i++)
            {
                using var response = await client.GetAsync("/backoffice");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"/backoffice answered {(int)response.StatusCode}");
                }
            }

            return watch.Elapsed.TotalMilliseconds / perRound;
        }

        async Task<HttpClient> SignedInAsync(Site site)
        {
            await site.MakeUserAsync("editor@example.org", Password, lockout: true);
            var client = site.Browser();
            var response = await PostLoginAsync(client, "editor@example.org");
            return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException("sign-in failed");
        }

        async Task<double> TimeSignInAsync(Site site, string email)
        {
            var client = site.Browser();
            var page = await client.GetStringAsync("/backoffice/login");
            var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
            var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = "Wrong-Password-1", ["__RequestVerificationToken"] = token });
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync("/backoffice/login", body);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            return response.StatusCode == HttpStatusCode.OK ? elapsed : throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}");
        }

        async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email)
        {
            var page = await client.GetStringAsync("/backoffice/login");
            var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
            return await client.PostAsync("/backoffice/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email, ["Password"] = Password, ["__RequestVerificationToken"] = token,
            }));
        }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}

/// <summary>The site on its own database; the reference has the per-request session check switched off.</summary>
internal sealed class Site(TestDatabase database, bool validateSessions) : WebApplicationFactory<Program>
{
    private static int _address;

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task MakeUserAsync(string email, string password, bool lockout)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        var user = new BackofficeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Bench", LockoutEnabled = lockout };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, BackofficeRoles.Editor);

        // Identity turns lockout on for every new user; the timing account must keep failing with a password check,
        // not be locked after five (a locked account answers without one, and so does a "locked" unknown address).
        await users.SetLockoutEnabledAsync(user, lockout);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseBenchSettings(database);
        builder.ConfigureTestServices(services =>
        {
            // Every request from its own address, so the sign-in rate limit does not stop the measurement.
            services.AddSingleton<IStartupFilter, OwnAddress>();
            if (!validateSessions)
            {
                services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => o.Events.OnValidatePrincipal = _ => Task.CompletedTask);
            }
        });
    }

    private sealed class OwnAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var n = Interlocked.Increment(ref _address);
                context.Connection.RemoteIpAddress = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
                await nextMiddleware();
            });
            next(app);
        };
    }
}
