namespace SqmSite.Cms.Instances;

/// <summary>Settings under "SqmSite:Instance".</summary>
public sealed class InstanceOptions
{
    public const string Section = "SqmSite:Instance";

    /// <summary>This instance's name on the backoffice page; the machine's name and the process id when empty.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// How often the change log is read when nothing woke the instance: on PostgreSQL a commit wakes every instance at
    /// once (LISTEN/NOTIFY) and this is the fallback; on SQLite it is the only way (changes by another process).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
