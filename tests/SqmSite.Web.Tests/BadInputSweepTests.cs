using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// The site with each request from an address of its own, so the sweep's hundreds of posts are not stopped by the
/// per-address rate limits (which have tests of their own) before they reach what is being tested.
/// </summary>
public sealed class SweepSiteFactory : SiteFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, OwnAddressPerRequest>());
    }

    private sealed class OwnAddressPerRequest : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(inner => context =>
            {
                context.Connection.RemoteIpAddress = new IPAddress(Random.Shared.NextInt64(0x01000000, 0xDF000000));
                return inner(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// The probe's classes of bad input replayed against every endpoint the routing table lists, so a new page or
/// endpoint is covered the day it is added: bad bodies, unknown and missing handlers, values that do not fit every
/// bound field of every handler, and the hostile PDF corpus on everything that takes a file. Never a 5xx; 400 or 413
/// where the request is bad. Each endpoint is tried as the user who may use it (backoffice: an administrator;
/// portal: a nominee; the rest: a visitor).
/// </summary>
public sealed partial class BadInputSweepTests(SweepSiteFactory site) : IClassFixture<SweepSiteFactory>
{
    private sealed record Target(string Pattern, string Url, IReadOnlyList<string> Methods, bool IsMvc, CompiledPageActionDescriptor? Page,
        ControllerActionDescriptor? Action, bool TakesFiles);

    private async Task<IReadOnlyList<Target>> TargetsAsync()
    {
        var loader = site.Services.GetRequiredService<PageLoader>();
        var targets = new List<Target>();
        foreach (var endpoint in site.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText?.Trim('/') ?? "";
            var url = "/" + RouteParameter().Replace(pattern, m => m.Value.Contains(":int") ? "1" : m.Value.Contains(":guid") ? Guid.Empty.ToString() : "x").Replace("//", "/");
            var declared = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            IReadOnlyList<string> methods = declared is { Count: > 0 } ? [.. declared] : ["GET", "POST"];
            var action = endpoint.Metadata.GetMetadata<ActionDescriptor>();
            var page = action is PageActionDescriptor descriptor ? await loader.LoadAsync(descriptor, endpoint.Metadata) : null;
            var controller = action as ControllerActionDescriptor;
            var takesFiles = page is not null
                ? page.BoundProperties.Any(p => IsFile(p.ParameterType)) || page.HandlerMethods.Any(h => h.Parameters.Any(p => IsFile(p.ParameterType)))
                : controller is not null && controller.Parameters.Any(p => IsFile(p.ParameterType));
            targets.Add(new Target(pattern, url, methods, action is not null, page, controller, takesFiles));
        }

        return targets.DistinctBy(t => t.Url + string.Join(",", t.Methods)).ToList();
    }

    private static bool IsFile(Type type) => typeof(IFormFile).IsAssignableFrom(type) || typeof(IEnumerable<IFormFile>).IsAssignableFrom(type)
        || type.GetProperties().Any(p => typeof(IFormFile).IsAssignableFrom(p.PropertyType));

    private sealed record Caller(HttpClient Client, string Token);

    private Dictionary<string, Caller>? _callers;

    /// <summary>A visitor, an administrator and a nominee, each with an antiforgery token of their own.</summary>
    private async Task<Dictionary<string, Caller>> CallersAsync()
    {
        if (_callers is not null)
        {
            return _callers;
        }

        // xUnit makes an instance per case: each case signs in a nominee of its own.
        var email = $"sweep-{Guid.NewGuid():N}@example.org";
        await site.WithServicesAsync(async s =>
        {
            var accounts = s.GetRequiredService<NomineeAccounts>();
            var registered = await accounts.RegisterAsync("Sweep Ltd", null, false, "Sam Sweep", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            await users.ConfirmEmailAsync(registered.Value!.User!, await users.GenerateEmailConfirmationTokenAsync(registered.Value!.User!));
            return 0;
        });
        var nominee = site.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await nominee.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password })).StatusCode);
        var visitor = site.Browser();
        var admin = await site.SignedInAsync(BackofficeRoles.Administrator);
        _callers = new()
        {
            ["visitor"] = new(visitor, await TokenAsync(visitor, "/backoffice/login")),
            ["admin"] = new(admin, await TokenAsync(admin, "/backoffice/forms")),
            ["nominee"] = new(nominee, await TokenAsync(nominee, "/portal/organization")),
        };
        return _callers;
    }

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync(page));
        Assert.True(token.Success, "no antiforgery token on " + page);
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    private static string Who(Target target) =>
        target.Pattern.StartsWith("backoffice", StringComparison.OrdinalIgnoreCase) || target.Pattern.StartsWith("api/backoffice", StringComparison.OrdinalIgnoreCase) ? "admin"
        : target.Pattern.StartsWith("portal", StringComparison.OrdinalIgnoreCase) ? "nominee"
        : "visitor";

    /// <summary>Refused before the request was looked at (signed out, not allowed, rate-limited): the class was not tried there.</summary>
    private static bool NotLetIn(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("login", StringComparison.OrdinalIgnoreCase) == true)
        || response.StatusCode == HttpStatusCode.MethodNotAllowed;

    [Theory]
    [InlineData("unknown handler")]
    [InlineData("missing handler")]
    [InlineData("nul in a value")]
    [InlineData("1,025 fields")]
    [InlineData("broken multipart")]
    [InlineData("body over the limit")]
    [InlineData("bad values for every bound field")]
    [InlineData("hostile pdf corpus")]
    public async Task Every_endpoint_answers_bad_input_with_400_or_413_never_5xx(string kind)
    {
        var callers = await CallersAsync();
        var targets = await TargetsAsync();
        Assert.True(targets.Count > 40, $"only {targets.Count} endpoints found");
        var mediaBefore = await MediaCountAsync();
        var failures = new List<string>();
        var tried = 0;
        foreach (var target in targets)
        {
            var caller = callers[Who(target)];
            foreach (var (request, expected) in Requests(kind, target, caller.Token))
            {
                using var response = await caller.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                tried++;
                if (status >= 500)
                {
                    failures.Add($"{request.Method} {request.RequestUri}: {status}");
                }
                else if (expected is not null && !NotLetIn(response) && !expected.Contains(status))
                {
                    failures.Add($"{request.Method} {request.RequestUri}: {status}, expected {string.Join(" or ", expected)}");
                }
                else if (status >= 400 && body.Length == 0 && !NotLetIn(response) && response.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"{request.Method} {request.RequestUri}: an empty {status}");
                }
                else if (expected is not null && status is 400 or 413 && body.Contains("couldn&#x27;t find", StringComparison.Ordinal))
                {
                    failures.Add($"{request.Method} {request.RequestUri}: {status} with the not-found page");
                }
            }
        }

        // Most kinds reach most endpoints; the PDF corpus only those that take files (six files each).
        var least = kind == "hostile pdf corpus" ? 2 * 6 : targets.Count / 2;
        Assert.True(tried >= least, $"only {tried} requests tried");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} requests:\n" + string.Join("\n", failures.Take(60)));
        if (kind == "hostile pdf corpus")
        {
            Assert.Equal(mediaBefore, await MediaCountAsync());
        }
    }

    private static readonly int[] BadRequest = [400];

    /// <summary>More than any endpoint's own limit (uploads take 20 MB), refused from its declared length before it is read.</summary>
    private static readonly byte[] OverEveryLimit = new byte[25 * 1024 * 1024];
    private static readonly int[] BadOrTooLarge = [400, 413];

    private IEnumerable<(HttpRequestMessage Request, int[]? Expected)> Requests(string kind, Target target, string token)
    {
        var posts = target.Methods.Contains("POST");
        switch (kind)
        {
            case "unknown handler" when target.Page is { HandlerMethods.Count: > 0 }:
                yield return (Get(target.Url + "?handler=banana"), BadRequest);
                if (posts)
                {
                    yield return (Post(target.Url + "?handler=banana", Form(token, ("x", "1"))), BadRequest);
                }

                break;
            case "missing handler" when posts && target.Page is { } page && page.HandlerMethods.Count > 0:
                // Descriptors say "Post"; an unnamed handler (OnPost) has no name.
                var onlyNamed = !page.HandlerMethods.Any(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(h.Name));
                yield return (Post(target.Url, Form(token, ("x", "1"))), onlyNamed ? BadRequest : null);
                break;
            case "nul in a value" when posts:
                yield return (Post(target.Url, Form(token, ("Name", "a\0b"), ("Email", "x\0@example.org"))), target.IsMvc ? BadRequest : null);
                yield return (Get(target.Url + "?q=a%00b"), target.IsMvc ? BadRequest : null);
                break;
            case "1,025 fields" when posts:
                var many = Enumerable.Range(0, 1100).Select(i => ("f" + i, "x")).Append(("__RequestVerificationToken", token)).ToArray();
                yield return (Post(target.Url, Form(null, many)), target.IsMvc ? BadOrTooLarge : null);
                break;
            case "broken multipart" when posts:
                yield return (Post(target.Url, BadInputTests.BrokenMultipart()), target.IsMvc ? BadOrTooLarge : null);
                break;
            case "body over the limit" when posts:
                var big = new ByteArrayContent(OverEveryLimit);
                big.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                yield return (Post(target.Url, big), [413]);
                break;
            case "bad values for every bound field" when target.Page is { } page:
                foreach (var handler in page.HandlerMethods)
                {
                    var fields = page.BoundProperties.Select(p => (p.Name, p.ParameterType))
                        .Concat(handler.Parameters.Select(p => (p.Name, p.ParameterType))).ToList();
                    var url = target.Url + (handler.Name is null ? "" : "?handler=" + handler.Name);
                    foreach (var bad in BadValues)
                    {
                        var values = fields.SelectMany(f => Fill(f.Name, f.ParameterType, bad)).ToArray();
                        if (handler.HttpMethod == "GET")
                        {
                            yield return (Get(url + (url.Contains('?') ? "&" : "?") + string.Join("&", values.Select(v => Uri.EscapeDataString(v.Item1) + "=" + Uri.EscapeDataString(v.Item2)))), null);
                        }
                        else
                        {
                            yield return (Post(url, Form(token, values)), null);
                        }
                    }
                }

                break;
            case "hostile pdf corpus" when posts && target.TakesFiles:
                foreach (var (name, _) in TestPdfs.HostileCorpus.Take(6))
                {
                    var form = new MultipartFormDataContent();
                    foreach (var field in new[] { "file", "upload" })
                    {
                        var file = new ByteArrayContent(TestPdfs.Hostile(name));
                        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                        form.Add(file, field, "report.pdf");
                    }

                    form.Add(new StringContent(token), "__RequestVerificationToken");
                    yield return (Post(target.Url, form), null);
                }

                break;
        }
    }

    /// <summary>Text that is no number, a number too big for any field, an empty value, and invisible-only text.</summary>
    private static readonly string[] BadValues = ["banana", "99999999999999999999999999999", "", "\u200B\u200B", "-1"];

    /// <summary>The form fields for one bound value: itself for a simple type, its properties (one level) for a class.</summary>
    private static IEnumerable<(string, string)> Fill(string name, Type type, string bad)
    {
        var simple = Nullable.GetUnderlyingType(type) ?? type;
        if (simple.IsPrimitive || simple.IsEnum || simple == typeof(string) || simple == typeof(decimal) || simple == typeof(DateTime) || simple == typeof(DateTimeOffset)
            || simple == typeof(Guid) || simple == typeof(DateOnly) || simple == typeof(TimeOnly) || simple == typeof(CancellationToken) || IsFile(simple))
        {
            return simple == typeof(CancellationToken) || IsFile(simple) ? [] : [(name, bad)];
        }

        if (simple.IsArray || (simple.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(simple)))
        {
            return [(name, bad), (name + "[0]", bad), (name + "[banana]", bad)];
        }

        return simple.GetProperties().Where(p => p.CanWrite).Select(p => (name + "." + p.Name, bad)).Append((name, bad));
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Post(string url, HttpContent content) => new(HttpMethod.Post, url) { Content = content };

    private static FormUrlEncodedContent Form(string? token, params (string, string)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))
            .Concat(token is null ? [] : [new KeyValuePair<string, string>("__RequestVerificationToken", token)]));

    private Task<int> MediaCountAsync() => site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<SqmSite.Cms.Media.MediaItem>().CountAsync());

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
