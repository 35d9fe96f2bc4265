using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SqmSite.Web.Tests;

/// <summary>Settings the site refuses to start without.</summary>
public sealed class StartupTests
{
    [Fact]
    public void Outside_development_the_site_does_not_start_without_its_public_address()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("SqmSite:PublicBaseUrl", "");
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Set SqmSite:PublicBaseUrl", error.ToString());
    }
}
