using Npgsql;

namespace SqmSite.Testing;

/// <summary>
/// A throwaway database for one test class: a fresh SQLite file by default, or a fresh PostgreSQL database
/// when <c>SQMSITE_TEST_POSTGRES</c> holds a connection string to a server (test.sh starts one).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SQMSITE_TEST_POSTGRES";

    private readonly string? _adminConnectionString;
    private readonly string _name;
    private readonly string? _sqliteFolder;

    private TestDatabase(string provider, string connectionString, string name, string? adminConnectionString, string? sqliteFolder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _name = name;
        _adminConnectionString = adminConnectionString;
        _sqliteFolder = sqliteFolder;
        MediaRoot = Path.Combine(Scratch, name + "-media");
        SearchRoot = Path.Combine(Scratch, name + "-search");
    }

    /// <summary>
    /// Where test databases and media live: memory-backed /dev/shm when the machine has it, else the temp folder. The
    /// throwaway PostgreSQL runs with fsync off. Measured: it did not shorten the site tests on SQLite (their slowness
    /// has another cause, still to find). Still a real SQLite file, with its journal and locking; only the disk is memory.
    /// </summary>
    private static string Scratch { get; } = Path.Combine(RoomyShm() ? "/dev/shm" : Path.GetTempPath(), "sqmsite-tests");

    /// <summary>A container's /dev/shm is often 64 MB: use it only with a few gigabytes free.</summary>
    private static bool RoomyShm()
    {
        try
        {
            return Directory.Exists("/dev/shm") && new DriveInfo("/dev/shm").AvailableFreeSpace > 4L * 1024 * 1024 * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>"Sqlite" or "PostgreSQL", as the setting SqmSite:Database:Provider spells it.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == "PostgreSQL";

    /// <summary>A media folder of this database's own (uploads and renditions), removed with it.</summary>
    public string MediaRoot { get; }

    /// <summary>A search index folder of this database's own (each site instance needs its own: see <see cref="SearchRootFor"/>).</summary>
    public string SearchRoot { get; }

    /// <summary>Another instance's index folder on this database (a second host in a test).</summary>
    public string SearchRootFor(string instance) => SearchRoot + "-" + instance;

    /// <summary>Settings that point the engine at this database, for a configuration builder.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SqmSite:Database:Provider"] = Provider,
        ["ConnectionStrings:SqmSite"] = ConnectionString,
        ["SqmSite:Media:Root"] = MediaRoot,
        ["SqmSite:Search:IndexRoot"] = SearchRoot,
    };

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = "sqm_test_" + Guid.NewGuid().ToString("N")[..16];
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var folder = Path.Combine(Scratch, name);
            Directory.CreateDirectory(folder);
            return new TestDatabase("Sqlite", $"Data Source={Path.Combine(folder, "test.db")}", name, null, folder);
        }

        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var csb = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("PostgreSQL", csb.ConnectionString, name, server, null);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var folder in Directory.Exists(Scratch) ? Directory.EnumerateDirectories(Scratch, _name + "-*") : [])
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A rendition still being written on a slow shutdown is left in the temp folder; it is harmless.
        }

        if (_adminConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        else if (_sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow shutdown is left in the temp folder; it is harmless.
            }
        }
    }
}
