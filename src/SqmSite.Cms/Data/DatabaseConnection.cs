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
        provider ??= (configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions()).Database.Provider;
        var connectionString = configuration.GetConnectionString("SqmSite");
        if (provider == DatabaseProvider.PostgreSQL)
        {
            return string.IsNullOrWhiteSpace(connectionString)
                ? throw new InvalidOperationException("SqmSite:Database:Provider is PostgreSQL but ConnectionStrings:SqmSite is empty.")
                : new DatabaseConnection(DatabaseProvider.PostgreSQL, connectionString);
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
            Directory.CreateDirectory(dir);
        }

        csb.DefaultTimeout = 30;
        csb.Pooling = true;
        return csb.ToString();
    }
}
