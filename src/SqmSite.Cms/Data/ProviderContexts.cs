using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SqmSite.Cms.Data;

/// <summary>The SQLite flavour of <see cref="CmsDbContext"/>; owns the migrations in Data/Migrations/Sqlite.</summary>
public sealed class SqliteCmsDbContext(DbContextOptions<SqliteCmsDbContext> options) : CmsDbContext(options);

/// <summary>The PostgreSQL flavour of <see cref="CmsDbContext"/>; owns the migrations in Data/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlCmsDbContext(DbContextOptions<PostgreSqlCmsDbContext> options) : CmsDbContext(options);

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCmsDbContext>
{
    public SqliteCmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCmsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlCmsDbContext>
{
    public PostgreSqlCmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlCmsDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
