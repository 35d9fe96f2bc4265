using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Tests;

/// <summary>
/// The first start migrates a fresh SQLite file; EF warns when a migration has to leave its transaction (a table
/// rebuild's "PRAGMA foreign_keys = 0"), which reads as if the database might be left half migrated.
/// </summary>
public sealed class SqliteMigrationQuietTests
{
    [Fact]
    public async Task Migrating_a_fresh_sqlite_database_logs_no_warning()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sqm-quiet-{Guid.NewGuid():N}.db");
        var database = new DatabaseConnection(DatabaseProvider.Sqlite, $"Data Source={path}");
        var warnings = new List<string>();
        try
        {
            var cms = database.Configure(new DbContextOptionsBuilder<SqliteCmsDbContext>()).LogTo(warnings.Add, LogLevel.Warning);
            await using (var db = new SqliteCmsDbContext((DbContextOptions<SqliteCmsDbContext>)cms.Options))
            {
                await db.Database.MigrateAsync();
            }

            var awards = database.Configure(new DbContextOptionsBuilder<SqliteAwardsDbContext>(), AwardsDbContext.MigrationsHistoryTable).LogTo(warnings.Add, LogLevel.Warning);
            await using (var db = new SqliteAwardsDbContext((DbContextOptions<SqliteAwardsDbContext>)awards.Options))
            {
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }

        Assert.DoesNotContain(warnings, w => w.Contains("PRAGMA", StringComparison.Ordinal) || w.Contains("cannot be executed in a transaction", StringComparison.Ordinal));
    }
}
