using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace SqmSite.Cms.Data;

/// <summary>
/// The site's one database, as settings describe it. The engine and packages (each with its own context and
/// migrations history table) configure their contexts from it, so they always share the same database.
/// </summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseConnection From(IConfiguration configuration, string contentRoot, DatabaseProvider? provider = null)
    {
        var database = (configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions()).Database;
        provider ??= database.Provider;
        var connectionString = configuration.GetConnectionString("SqmSite");
        if (provider == DatabaseProvider.PostgreSQL)
        {
            return string.IsNullOrWhiteSpace(connectionString)
                ? throw new InvalidOperationException("SqmSite:Database:Provider is PostgreSQL but ConnectionStrings:SqmSite is empty.")
                : new DatabaseConnection(DatabaseProvider.PostgreSQL, BoundedPool(connectionString, database.MaxConnections));
        }

        return new DatabaseConnection(DatabaseProvider.Sqlite, SqliteConnectionString(connectionString, contentRoot));
    }

    /// <summary>Points a context at this database; a package passes its own migrations history table.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string? migrationsHistoryTable = null) =>
        Provider == DatabaseProvider.PostgreSQL
            ? options.UseNpgsql(ConnectionString, o =>
            {
                if (migrationsHistoryTable is not null)
                {
                    o.MigrationsHistoryTable(migrationsHistoryTable);
                }
            })
            : options.UseSqlite(ConnectionString, o =>
            {
                if (migrationsHistoryTable is not null)
                {
                    o.MigrationsHistoryTable(migrationsHistoryTable);
                }
            });

    /// <summary>The pool's size from settings, unless the connection string names one itself.</summary>
    private static string BoundedPool(string connectionString, int maxConnections)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var named = connectionString.Split(';').Select(p => p.Split('=')[0].Trim().Replace(" ", "", StringComparison.Ordinal))
            .Any(k => k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
        if (!named && maxConnections > 0)
        {
            csb.MaxPoolSize = maxConnections;
            csb.MinPoolSize = Math.Min(csb.MinPoolSize, maxConnections);
        }

        return csb.ConnectionString;
    }

    /// <summary>The SQLite file lives in App_Data below the content root unless an absolute path is given.</summary>
    private static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/sqmsite.db" : configured);
        if (csb.DataSource != ":memory:" && !Path.IsPathRooted(csb.DataSource))
        {
            csb.DataSource = Path.Combine(contentRoot, csb.DataSource);
        }

        if (Path.GetDirectoryName(csb.DataSource) is { Length: > 0 } dir)
        {
            EnsureWritable(dir, csb.DataSource);
        }

        csb.DefaultTimeout = 30;
        csb.Pooling = true;
        return csb.ToString();
    }

    /// <summary>
    /// SQLite needs to write its file and, beside it, its journal: a folder the site's account cannot write stopped
    /// start-up with "unable to open database file", naming nothing. Checked here, at start-up, in words that say what to do.
    /// </summary>
    internal static void EnsureWritable(string folder, string databaseFile)
    {
        var account = Environment.UserName;
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            if (File.Exists(databaseFile))
            {
                using var _ = new FileStream(databaseFile, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The site cannot write to its data folder {folder} (the SQLite database {Path.GetFileName(databaseFile)} and its journal live there): {e.Message} " +
                $"Give the account the site runs as ({account}) write access to that folder and the files in it (on IIS: the application pool's identity), " +
                "or point ConnectionStrings:SqmSite at a writable place.", e);
        }
    }
}
