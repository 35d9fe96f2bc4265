using Microsoft.AspNetCore.Builder;

namespace SqmSite.Awards;

/// <summary>Registers and maps the awards package (an Umbraco package's composer).</summary>
public static class DependencyInjection
{
    /// <summary>The awards features arrive with their issues; the seam is in place so the host never changes.</summary>
    public static WebApplicationBuilder AddAwards(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapAwards(this WebApplication app) => app;
}
