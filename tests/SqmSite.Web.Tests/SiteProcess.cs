using System.Diagnostics;
using System.Net.Sockets;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// The site as a process of its own on a test's database (the built SqmSite.Web.dll beside the tests), for what an
/// in-process host cannot do: be killed with SIGKILL in the middle of its work.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiteProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public HttpClient Client() => new() { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<SiteProcess> StartAsync(TestDatabase database, string name)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SqmSite.Web.dll"), "--contentRoot", RepositoryPaths.WebProject])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.WebProject,
        };
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = url,
            ["SqmSite__Database__Provider"] = database.Provider,
            ["ConnectionStrings__SqmSite"] = database.ConnectionString,
            ["SqmSite__Media__Root"] = database.MediaRoot,
            ["SqmSite__Search__IndexRoot"] = database.SearchRootFor(name),
            ["SqmSite__SyncFolder"] = RepositoryPaths.USync,
            ["SqmSite__PublicBaseUrl"] = url,
            ["SqmSite__Instance__Name"] = name,
            ["SqmSite__Instance__PollInterval"] = "00:00:00.200",
            ["SqmSite__SchedulerInterval"] = "01:00:00",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var site = new SiteProcess(process, url);
        using var client = site.Client();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(process.HasExited, "the site process exited while starting");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return site;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "the site process did not become ready");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye, as a crash or the OOM killer.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
