using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Web.Tests;

/// <summary>The site behind a configured proxy (10.0.0.1); the test host says which socket address each request comes from.</summary>
public sealed class ProxiedSiteFactory : SiteFactory
{
    public const string SocketHeader = "X-Test-Socket-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:ForwardedHeaders:KnownProxies:0", "10.0.0.1");
        builder.UseSetting("SqmSite:ForwardedHeaders:KnownNetworks:0", "172.16.0.0/12");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, SocketAddressFromHeader>());
    }

    private sealed class SocketAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[SocketHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                await nextMiddleware();
            });
            next(app);
        };
    }
}

/// <summary>Issue 9, item 11: rate limits key on the visitor's address as a known proxy forwards it, and on the socket's otherwise.</summary>
public sealed class SecurityProxyTests(ProxiedSiteFactory site) : IClassFixture<ProxiedSiteFactory>
{
    /// <summary>A public post (registration, limited to 10 a minute per address); without a token it answers 400, or 429 when over the limit.</summary>
    private async Task<HttpStatusCode> PostAsync(string socket, string? forwardedFor, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/portal/register") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(ProxiedSiteFactory.SocketHeader, socket);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return (await site.Browser().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Two_visitors_behind_a_known_proxy_get_separate_buckets()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await PostAsync("10.0.0.1", "203.0.113.10"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("10.0.0.1", "203.0.113.10"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await PostAsync("10.0.0.1", "203.0.113.11"));

        // A known network counts as a known proxy.
        for (var i = 0; i < 10; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await PostAsync("172.20.1.2", "203.0.113.20"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("172.20.1.2", "203.0.113.20"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await PostAsync("172.20.1.2", "203.0.113.21"));
    }

    [Fact]
    public async Task From_an_unknown_source_the_forwarded_headers_are_ignored()
    {
        // Each post claims another visitor; the site counts them all against the socket's address.
        for (var i = 0; i < 10; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await PostAsync("192.0.2.50", $"198.51.100.{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("192.0.2.50", "198.51.100.99"));
    }

    [Fact]
    public async Task The_forwarded_scheme_is_believed_only_from_a_known_proxy()
    {
        async Task<bool> SecureCookieAsync(string socket)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/portal/register");
            request.Headers.Add(ProxiedSiteFactory.SocketHeader, socket);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.77");
            var response = await site.Browser().SendAsync(request);
            return response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)
                && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        }

        Assert.True(await SecureCookieAsync("10.0.0.1"));
        Assert.False(await SecureCookieAsync("192.0.2.60"));
    }
}
