using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.ApiKeys;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Data;

/// <summary>
/// The engine's database: content types, the content tree with its versions, redirects and backoffice users.
/// Each provider has a subclass so that each keeps its own migrations.
/// </summary>
public abstract class CmsDbContext(DbContextOptions options) : IdentityDbContext<BackofficeUser>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The Data Protection key ring, shared by every instance on this database: sign-in cookies, antiforgery tokens,
    /// reset links and protected secrets made on one instance are read on any other, and across restarts.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ContentType> ContentTypes => Set<ContentType>();

    public DbSet<ContentNode> ContentNodes => Set<ContentNode>();

    public DbSet<ContentVersion> ContentVersions => Set<ContentVersion>();

    public DbSet<RedirectUrl> RedirectUrls => Set<RedirectUrl>();

    public DbSet<Email.EmailMessage> EmailMessages => Set<Email.EmailMessage>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature folder keeps its own IEntityTypeConfiguration classes; all of this assembly's are applied.
        builder.ApplyConfigurationsFromAssembly(typeof(CmsDbContext).Assembly);
        builder.Entity<DataProtectionKey>().ToTable("cmsDataProtectionKey");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.UseUtcDateTimes();
    }
}

/// <summary>Model-building helpers shared by the engine's context and packages' contexts.</summary>
public static class JsonColumn
{
    /// <summary>Every DateTime is UTC; SQLite forgets the kind, so it is restored on read.</summary>
    public static void UseUtcDateTimes(this ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>Stores a value as JSON text (enums as names), compared by content.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
        where T : class =>
        property.HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => JsonSerializer.Deserialize<T>(v, Options)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!));

    /// <summary>A JSON object stored as text, compared by content (content versions' and form entries' values).</summary>
    public static PropertyBuilder<JsonObject> HasJsonObjectConversion(this PropertyBuilder<JsonObject> property) =>
        property.HasConversion(
            v => v.ToJsonString(null),
            v => (JsonObject)JsonNode.Parse(v, null, default)!,
            new ValueComparer<JsonObject>((a, b) => JsonNode.DeepEquals(a, b), v => v.ToJsonString(null).GetHashCode(StringComparison.Ordinal), v => (JsonObject)v.DeepClone()));
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
