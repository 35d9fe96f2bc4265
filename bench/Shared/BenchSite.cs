// Shared by the in-process benchmarks (each project compiles this file in): the settings a bench site starts with.
using Microsoft.AspNetCore.Hosting;
using SqmSite.Testing;

/// <summary>How a benchmark runs the whole site in-process (WebApplicationFactory) on a throwaway database.</summary>
internal static class BenchSite
{
    public const string AdminEmail = "admin@example.org";

    /// <summary>Production, the database's own media and index folders, the repository's seed, an unattended install, warnings only.</summary>
    public static void UseBenchSettings(this IWebHostBuilder builder, TestDatabase database)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("SqmSite:Database:Provider", database.Provider);
        builder.UseSetting("ConnectionStrings:SqmSite", database.ConnectionString);
        builder.UseSetting("SqmSite:Media:Root", database.MediaRoot);
        builder.UseSetting("SqmSite:Search:IndexRoot", database.SearchRoot);
        builder.UseSetting("SqmSite:SyncFolder", RepositoryPaths.USync);
        builder.UseSetting("SqmSite:PublicBaseUrl", "http://localhost");
        builder.UseSetting("SqmSite:Install:AdminEmail", AdminEmail);
        builder.UseSetting("SqmSite:Install:AdminPassword", "Bench-Admin-Password-1");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
