using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SqmSite.Testing;

/// <summary>
/// A real S3-compatible object store on loopback for tests: s3rver (npm, installed by <c>test.sh</c> into
/// <c>tests/tools</c>), started in a folder of its own with one bucket, and stopped (folder removed) when disposed. It
/// speaks S3's REST protocol over HTTP and checks SigV4 signatures, so the site's requests go through the real SDK.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    /// <summary>s3rver's fixed credentials.</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    private readonly Process _process;

    private S3Server(Process process, string folder, string bucket, int port)
    {
        _process = process;
        Folder = folder;
        Bucket = bucket;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public string Bucket { get; }

    /// <summary>Where s3rver keeps the objects (as files).</summary>
    public string Folder { get; }

    public static async Task<S3Server> StartAsync(string bucket = "sqmsite")
    {
        var tool = Path.Combine(RepositoryPaths.Root, "tests", "tools", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(tool))
        {
            throw new InvalidOperationException($"s3rver is not installed ({tool}): run ./test.sh, or npm ci in tests/tools.");
        }

        var folder = Directory.CreateTempSubdirectory("sqmsite-s3-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { tool, "-d", folder, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3Server(process, folder, bucket, port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync($"{server.Url}/{bucket}")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("s3rver did not start within 20 seconds");
    }

    /// <summary>The objects stored under <paramref name="prefix"/>, as s3rver's files show them (its own metadata left out).</summary>
    public IReadOnlyList<string> Keys(string prefix = "")
    {
        var root = Path.Combine(Folder, Bucket);
        return !Directory.Exists(root) ? []
            : [.. Directory.EnumerateFiles(root, "*._S3rver_object", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f)[..^"._S3rver_object".Length].Replace(Path.DirectorySeparatorChar, '/'))
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)];
    }

    /// <summary>Stops the store (the site's requests then fail, as against a bucket that is down).</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
