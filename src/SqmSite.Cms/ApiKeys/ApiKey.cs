using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SqmSite.Cms.ApiKeys;

/// <summary>
/// A delivery API key as stored: its name, scope and lifetime, and the SHA-256 hash of its token. The token itself is
/// never stored, so a copy of the database gives nobody a working key.
/// </summary>
public sealed class ApiKey
{
    private ApiKey()
    {
    }

    internal ApiKey(Guid key, string name, ApiKeyScope scope, string prefix, string tokenHash, DateTime createdUtc, DateTime expiresUtc, string? createdBy)
    {
        Key = key;
        Name = name;
        Scope = scope;
        Prefix = prefix;
        TokenHash = tokenHash;
        CreatedUtc = createdUtc;
        ExpiresUtc = expiresUtc;
        CreatedBy = createdBy;
    }

    public Guid Key { get; private set; }

    public string Name { get; private set; } = "";

    public ApiKeyScope Scope { get; private set; }

    /// <summary>The token's first characters (<c>sqm_</c> and eight more), enough for staff to tell keys apart.</summary>
    public string Prefix { get; private set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    public string TokenHash { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime ExpiresUtc { get; private set; }

    public DateTime? RevokedUtc { get; private set; }

    /// <summary>When a request last carried the token, to within a minute (see <see cref="ApiKeyService"/>).</summary>
    public DateTime? LastUsedUtc { get; private set; }

    public string? CreatedBy { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsActive(DateTime utcNow) => RevokedUtc is null && ExpiresUtc > utcNow;

    /// <summary>False when the key was revoked already (the first revocation's time and person are kept).</summary>
    internal bool Revoke(DateTime utcNow, string? revokedBy)
    {
        if (RevokedUtc is not null)
        {
            return false;
        }

        RevokedUtc = utcNow;
        RevokedBy = revokedBy;
        return true;
    }

    public ApiKeySummary ToSummary() => new(Key, Name, Scope, Prefix, CreatedUtc, ExpiresUtc, RevokedUtc, LastUsedUtc, CreatedBy);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public const int MaxNameLength = 100;
    public const int MaxActorLength = 256;

    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("cmsApiKey");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(MaxNameLength);
        b.Property(x => x.Scope).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Prefix).HasMaxLength(ApiKeyTokens.PrefixLength);
        b.Property(x => x.TokenHash).HasMaxLength(ApiKeyTokens.HashLength);
        b.Property(x => x.CreatedBy).HasMaxLength(MaxActorLength);
        b.Property(x => x.RevokedBy).HasMaxLength(MaxActorLength);

        // Validation looks a token up by its hash on every uncached request.
        b.HasIndex(x => x.TokenHash).IsUnique();
    }
}
