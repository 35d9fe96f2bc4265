namespace SqmSite.Cms;

/// <summary>Settings under "SqmSite".</summary>
public sealed class CmsOptions
{
    public const string Section = "SqmSite";

    public DatabaseOptions Database { get; set; } = new();

    public InstallOptions Install { get; set; } = new();

    /// <summary>The uSync folder; relative paths are resolved from the content root, then its parents.</summary>
    public string SyncFolder { get; set; } = "uSync";

    /// <summary>Import uSync into an empty database at start-up.</summary>
    public bool ImportOnEmptyDatabase { get; set; } = true;

    /// <summary>At start-up on a database that has content, create the uSync items it lacks (docs/decisions/0011).</summary>
    public bool ImportNewItemsOnStart { get; set; } = true;

    /// <summary>How often the scheduler looks for due publish and unpublish times.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often housekeeping removes abandoned drafts and files nothing points at.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The time zone editors enter schedules in (IANA id).</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>The public site's absolute address, for sitemap and canonical links; the request's own when empty.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Largest request body a backoffice or public form may post, in bytes.</summary>
    public long MaxFormBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Posts of public forms (contact, ...) one address may make per minute before it gets 429.</summary>
    public int PublicPostsPerMinute { get; set; } = 10;

    /// <summary>Forms: upload limits and folder.</summary>
    public Forms.FormsOptions Forms { get; set; } = new();
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// PostgreSQL connections this instance opens at most (the pool's size, unless the connection string sets
    /// "Maximum Pool Size"); further commands wait their turn. Npgsql's own default is 100 per instance, so two
    /// instances under a spike could ask for more than PostgreSQL's default max_connections (100) and be refused;
    /// 40 each leaves room for two instances, their listeners and an administrator (decision 0022, bench/README.md).
    /// </summary>
    public int MaxConnections { get; set; } = 40;
}

/// <summary>Unattended install: the first administrator, created on an empty database.</summary>
public sealed class InstallOptions
{
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    public string AdminName { get; set; } = "Administrator";
}
