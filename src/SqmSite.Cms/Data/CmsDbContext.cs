using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Data;

/// <summary>
/// The engine's database: content types, the content tree with its versions, redirects and backoffice users.
/// Each provider has a subclass so that each keeps its own migrations.
/// </summary>
public abstract class CmsDbContext(DbContextOptions options) : IdentityDbContext<BackofficeUser>(options)
{
    public DbSet<ContentType> ContentTypes => Set<ContentType>();

    public DbSet<ContentNode> ContentNodes => Set<ContentNode>();

    public DbSet<ContentVersion> ContentVersions => Set<ContentVersion>();

    public DbSet<RedirectUrl> RedirectUrls => Set<RedirectUrl>();

    public DbSet<Email.EmailMessage> EmailMessages => Set<Email.EmailMessage>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature folder keeps its own IEntityTypeConfiguration classes; all of this assembly's are applied.
        builder.ApplyConfigurationsFromAssembly(typeof(CmsDbContext).Assembly);
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

internal sealed class ContentTypeConfiguration : IEntityTypeConfiguration<ContentType>
{
    public void Configure(EntityTypeBuilder<ContentType> b)
    {
        b.ToTable("cmsContentType");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.Alias).IsUnique();
        b.Property(x => x.Alias).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(1000);
        b.Property(x => x.AllowedChildren).HasJsonConversion();
        b.Property(x => x.Properties).HasJsonConversion();
    }
}

internal sealed class ContentNodeConfiguration : IEntityTypeConfiguration<ContentNode>
{
    public void Configure(EntityTypeBuilder<ContentNode> b)
    {
        b.ToTable("cmsContentNode");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => new { x.ParentId, x.SortOrder });
        b.HasIndex(x => x.PublishAtUtc);
        b.HasIndex(x => x.UnpublishAtUtc);
        b.Property(x => x.ContentTypeAlias).HasMaxLength(100);
        b.HasOne<ContentNode>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Versions).WithOne(v => v.Node).HasForeignKey(v => v.NodeId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.IsPublished);
        b.Ignore(x => x.HasUnpublishedChanges);
    }
}

internal sealed class ContentVersionConfiguration : IEntityTypeConfiguration<ContentVersion>
{
    public void Configure(EntityTypeBuilder<ContentVersion> b)
    {
        b.ToTable("cmsContentVersion");
        b.HasIndex(x => new { x.NodeId, x.Number }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(255);
        b.Property(x => x.UrlSegment).HasMaxLength(255);
        b.Property(x => x.Author).HasMaxLength(256);
        b.Property(x => x.Values).HasJsonObjectConversion();
    }
}

internal sealed class RedirectUrlConfiguration : IEntityTypeConfiguration<RedirectUrl>
{
    public void Configure(EntityTypeBuilder<RedirectUrl> b)
    {
        b.ToTable("cmsRedirectUrl");
        b.HasIndex(x => x.Path).IsUnique();
        b.Property(x => x.Path).HasMaxLength(1000);
    }
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
