using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>
/// Enumerates every endpoint the site maps and proves that each backoffice one refuses anonymous visitors and
/// users whose roles do not include what its policy needs, for GET and POST alike.
/// </summary>
public sealed partial class AuthorizationMatrixTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    /// <summary>The only backoffice pages open to anonymous visitors, each for a reason.</summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.OrdinalIgnoreCase)
    {
        "backoffice/login",          // signing in
        "backoffice/install",        // guarded by the one-time setup token instead
        "backoffice/access-denied",  // where refused users land
        "backoffice/judging/invitation", // a judge's invitation link, guarded by its one-time token
    };

    private sealed record Protected(string Pattern, string Url, IReadOnlyList<string> AllowedRoles, IReadOnlyList<HttpMethod> Methods);

    private IReadOnlyList<Protected> BackofficeEndpoints()
    {
        var sources = site.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var policies = site.Services.GetServices<BackofficePolicy>().ToDictionary(p => p.Name, p => p.Roles);
        var list = new List<Protected>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText?.Trim('/') ?? "";
            if (!pattern.StartsWith("backoffice", StringComparison.OrdinalIgnoreCase) && !pattern.StartsWith("api/backoffice", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (Anonymous.Contains(pattern))
            {
                Assert.True(anonymous, $"{pattern} is expected to allow anonymous visitors");
                continue;
            }

            Assert.False(anonymous, $"{pattern} allows anonymous visitors");
            Assert.True(authorize.Count > 0, $"{pattern} has no authorization policy");
            IEnumerable<string> allowed = BackofficeRoles.All;
            foreach (var data in authorize)
            {
                Assert.True(data.Policy is not null && policies.ContainsKey(data.Policy), $"{pattern} uses an unknown policy '{data.Policy}'");
                allowed = allowed.Intersect(policies[data.Policy!]);
            }

            // Pages answer every method; endpoints that declare theirs are tried with exactly those.
            var declared = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods;
            IReadOnlyList<HttpMethod> methods = declared is { Count: > 0 } ? [.. declared.Select(m => new HttpMethod(m))] : [HttpMethod.Get, HttpMethod.Post];
            var url = "/" + RouteParameter().Replace(pattern, m => m.Value.Contains(":int") ? "1" : m.Value.Contains(":guid") ? Guid.Empty.ToString() : "x").Replace("//", "/");
            list.Add(new Protected(pattern, url, [.. allowed], methods));
            if (pattern.Contains("?}", StringComparison.Ordinal))
            {
                // An optional parameter left out is a page of its own (the media library's top level, a new page).
                var without = "/" + OptionalParameter().Replace(pattern, "").Trim('/');
                list.Add(new Protected(pattern, RouteParameter().Replace(without, m => m.Value.Contains(":int") ? "1" : m.Value.Contains(":guid") ? Guid.Empty.ToString() : "x"), [.. allowed], methods));
            }
        }

        return list;
    }

    [Fact]
    public void The_backoffice_has_endpoints_and_each_one_names_its_policy()
    {
        var endpoints = BackofficeEndpoints();
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/content/edit/{id:int?}");
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/users");
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/preview/{id:int}");
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/awards/nominations/{key:guid}");
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/awards/cycles/{id:int}/checklists"
            && e.AllowedRoles.Order().SequenceEqual([BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff, BackofficeRoles.Editor]));
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/outbox" && e.AllowedRoles.Order().SequenceEqual([BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff]));
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/outbox/{id:int}");
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/forms/entries/{id:int}" && e.AllowedRoles.SequenceEqual([BackofficeRoles.Administrator, BackofficeRoles.Editor]));
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/media/edit/{id:int}");
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/users/privacy" && e.AllowedRoles.SequenceEqual([BackofficeRoles.Administrator]));
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/awards/retention" && e.AllowedRoles.SequenceEqual([BackofficeRoles.Administrator]));
        Assert.Contains(endpoints, e => e.Pattern == "api/backoffice/media");
        Assert.Contains(endpoints, e => e.Pattern == "backoffice/api-keys" && e.AllowedRoles.SequenceEqual([BackofficeRoles.Administrator]));
        foreach (var webhooks in new[] { "backoffice/webhooks", "backoffice/webhooks/new", "backoffice/webhooks/{key:guid}", "backoffice/webhooks/{key:guid}/deliveries" })
        {
            Assert.Contains(endpoints, e => e.Pattern == webhooks && e.AllowedRoles.SequenceEqual([BackofficeRoles.Administrator]));
        }

        Assert.Contains(endpoints, e => e.Pattern == "backoffice/awards/winners/certificates"
            && e.AllowedRoles.Order().SequenceEqual([BackofficeRoles.Administrator, BackofficeRoles.AwardsStaff]));
        var certification = endpoints.Single(e => e.Pattern == "backoffice/awards/certification").AllowedRoles.Order().ToList();
        foreach (var standards in new[] { "backoffice/awards/certification/standards", "backoffice/awards/certification/standards/{areaKey:guid}" })
        {
            Assert.Contains(endpoints, e => e.Pattern == standards && e.AllowedRoles.Order().SequenceEqual(certification));
        }

        Assert.True(endpoints.Count >= 9, $"only {endpoints.Count} protected endpoints found");
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page_for_get_and_post()
    {
        var client = site.Browser();
        foreach (var endpoint in BackofficeEndpoints().DistinctBy(e => e.Url))
        {
            foreach (var method in endpoint.Methods)
            {
                var response = await client.SendAsync(new HttpRequestMessage(method, endpoint.Url) { Content = method == HttpMethod.Post ? new FormUrlEncodedContent([]) : null });
                if (endpoint.Pattern.StartsWith("api/", StringComparison.OrdinalIgnoreCase))
                {
                    // APIs answer 401 instead of sending a script to a login page.
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {endpoint.Url} answered {(int)response.StatusCode} to an anonymous visitor");
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {endpoint.Url} answered {(int)response.StatusCode} to an anonymous visitor");
                Assert.StartsWith("http://localhost/backoffice/login", response.Headers.Location!.ToString());
            }
        }
    }

    [Fact]
    public async Task Every_role_without_the_needed_policy_is_refused_and_every_role_with_it_gets_in()
    {
        var endpoints = BackofficeEndpoints().DistinctBy(e => e.Url).ToList();
        foreach (var role in BackofficeRoles.All)
        {
            var client = await site.SignedInAsync(role);
            foreach (var endpoint in endpoints)
            {
                foreach (var method in endpoint.Methods)
                {
                    var response = await client.SendAsync(new HttpRequestMessage(method, endpoint.Url) { Content = method == HttpMethod.Post ? new FormUrlEncodedContent([]) : null });
                    if (endpoint.AllowedRoles.Contains(role))
                    {
                        // Allowed users get past authorization: a page, a 404 for the sample id, or a 400 for a POST without its token.
                        Assert.False(IsRefusal(response), $"{role} was refused {method} {endpoint.Url} ({(int)response.StatusCode} {response.Headers.Location})");
                        if (method == HttpMethod.Get && response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html")
                        {
                            // A form whose address a tag helper could not make posts to nowhere (a 400 for the user).
                            var html = await response.Content.ReadAsStringAsync();
                            Assert.False(EmptyFormAddress().IsMatch(html), $"{endpoint.Url} renders a form or button with an empty address");
                        }
                    }
                    else
                    {
                        Assert.True(IsRefusal(response), $"{role} got {method} {endpoint.Url} ({(int)response.StatusCode})");
                        if (endpoint.Pattern.StartsWith("api/", StringComparison.OrdinalIgnoreCase))
                        {
                            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The only portal addresses open to visitors: the ways in.</summary>
    private static readonly HashSet<string> PortalWaysIn = new(StringComparer.OrdinalIgnoreCase)
    {
        "portal/login", "portal/register", "portal/confirm", "portal/forgot", "portal/reset", "portal/invitation",
    };

    [Fact]
    public async Task Every_portal_endpoint_but_the_ways_in_needs_a_signed_in_nominee()
    {
        var sources = site.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var portal = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Pattern: e.RoutePattern.RawText?.Trim('/') ?? ""))
            .Where(e => e.Pattern.StartsWith("portal", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(e => e.Pattern).ToList();
        Assert.Contains(portal, e => e.Pattern == "portal/nominations/{key:guid}/attachments/{file:guid}");
        Assert.Contains(portal, e => e.Pattern == "portal/organization/logo");
        Assert.Contains(portal, e => e.Pattern == "portal/data");
        Assert.Contains(portal, e => e.Pattern == "portal/nominations/{key:guid}/certificate");
        Assert.True(portal.Count >= 15, $"only {portal.Count} portal endpoints found");

        var anonymous = site.Browser();
        var editor = await site.SignedInAsync(BackofficeRoles.Editor);
        foreach (var (endpoint, pattern) in portal)
        {
            var open = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (PortalWaysIn.Contains(pattern))
            {
                Assert.True(open, $"{pattern} is expected to let visitors in");
                continue;
            }

            Assert.False(open, $"{pattern} lets visitors in");
            Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == SqmSite.Awards.AwardsPolicies.Nominee);
            var url = "/" + RouteParameter().Replace(pattern, m => m.Value.Contains(":guid") ? Guid.Empty.ToString() : "1");
            var declared = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            IReadOnlyList<HttpMethod> methods = declared is { Count: > 0 } ? [.. declared.Select(m => new HttpMethod(m))] : [HttpMethod.Get, HttpMethod.Post];
            foreach (var method in methods)
            {
                var visitor = await anonymous.SendAsync(new HttpRequestMessage(method, url) { Content = method == HttpMethod.Post ? new FormUrlEncodedContent([]) : null });
                Assert.True(visitor.StatusCode == HttpStatusCode.Redirect && visitor.Headers.Location!.OriginalString.StartsWith("/portal/login", StringComparison.Ordinal),
                    $"{method} {url} answered {(int)visitor.StatusCode} {visitor.Headers.Location} to a visitor");
                var staff = await editor.SendAsync(new HttpRequestMessage(method, url) { Content = method == HttpMethod.Post ? new FormUrlEncodedContent([]) : null });
                Assert.True(IsRefusal(staff), $"an editor got {method} {url} ({(int)staff.StatusCode})");
            }
        }
    }

    private static bool IsRefusal(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect
            && new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath.StartsWith("/backoffice/access-denied", StringComparison.Ordinal));

    [GeneratedRegex("\\s(form)?action=\"\"")]
    private static partial Regex EmptyFormAddress();

    [GeneratedRegex("/?\\{[^}]+\\?\\}")]
    private static partial Regex OptionalParameter();

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex RouteParameter();
}

/// <summary>The site with the delivery API's public access off: every call needs an API key.</summary>
public sealed class PrivateDeliverySiteFactory : SiteFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:Delivery:PublicAccess", "false");
    }
}

/// <summary>
/// Enumerates every delivery API endpoint, whichever module maps it (the engine's content, media and changes, the awards
/// package's cycles, categories and winners), and proves that with public access off each refuses a caller without a
/// key or with an unknown one (401 ProblemDetails, before anything is read or cached) and lets a read key through.
/// </summary>
public sealed partial class DeliveryAuthorizationMatrixTests(PrivateDeliverySiteFactory site) : IClassFixture<PrivateDeliverySiteFactory>
{
    [Fact]
    public async Task With_public_access_off_every_delivery_endpoint_needs_a_valid_key()
    {
        var sources = site.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var endpoints = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "")
            .Where(p => p.StartsWith("api/delivery/", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        Assert.Contains("api/delivery/v1/content/item/{id:guid}", endpoints);
        Assert.Contains("api/delivery/v1/awards/cycles/current", endpoints);
        Assert.Contains("api/delivery/v1/awards/categories", endpoints);
        Assert.Contains("api/delivery/v1/awards/winners", endpoints);

        var token = await DeliveryApiTests.KeyAsync(site, SqmSite.Cms.ApiKeys.ApiKeyScope.Read);
        var client = site.Browser();
        foreach (var pattern in endpoints)
        {
            var url = "/" + RouteParameter().Replace(pattern, m => m.Value.Contains(":guid") ? Guid.Empty.ToString() : "x");
            foreach (var key in new string?[] { null, "sqm_not-a-key" })
            {
                var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (key is not null)
                {
                    request.Headers.Add("Api-Key", key);
                }

                var refused = await client.SendAsync(request);
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"GET {url} answered {(int)refused.StatusCode} {(key is null ? "without a key" : "to an unknown key")}");
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            }

            var allowed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Api-Key", token } } });
            Assert.False(allowed.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"a read key was refused GET {url} ({(int)allowed.StatusCode})");
            if (pattern.StartsWith("api/delivery/v1/awards/", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
                Assert.True(allowed.Headers.CacheControl is { Private: true, NoCache: true }, $"Cache-Control: {allowed.Headers.CacheControl}");
            }
        }
    }

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex RouteParameter();
}
