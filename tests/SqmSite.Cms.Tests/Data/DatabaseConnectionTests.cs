using Microsoft.Extensions.Configuration;
using Npgsql;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Tests.Data;

public sealed class DatabaseConnectionTests
{
    private static DatabaseConnection PostgreSql(string connectionString, string? maxConnections = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SqmSite:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:SqmSite"] = connectionString,
        };
        if (maxConnections is not null)
        {
            settings["SqmSite:Database:MaxConnections"] = maxConnections;
        }

        return DatabaseConnection.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), "/tmp");
    }

    [Fact]
    public void A_PostgreSQL_pool_is_bounded_at_forty_by_default_and_by_the_setting()
    {
        Assert.Equal(40, new NpgsqlConnectionStringBuilder(PostgreSql("Host=db;Database=sqmsite;Username=site").ConnectionString).MaxPoolSize);
        Assert.Equal(12, new NpgsqlConnectionStringBuilder(PostgreSql("Host=db;Database=sqmsite", "12").ConnectionString).MaxPoolSize);
    }

    [Theory]
    [InlineData("Host=db;Database=sqmsite;Maximum Pool Size=7")]
    [InlineData("Host=db;Database=sqmsite;MaxPoolSize=7")]
    [InlineData("Host=db;Database=sqmsite;maximum pool size = 7")]
    public void A_pool_size_in_the_connection_string_wins(string connectionString) =>
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(PostgreSql(connectionString).ConnectionString).MaxPoolSize);
}
