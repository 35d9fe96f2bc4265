namespace SqmSite.Cms.Search;

/// <summary>Settings under "SqmSite:Search".</summary>
public sealed class SearchOptions
{
    public const string Section = "SqmSite:Search";

    /// <summary>
    /// The folder of this instance's index (each instance keeps its own, decision 0021). Relative paths are resolved from
    /// the content root; when empty, <c>App_Data/search</c> below the content root.
    /// </summary>
    public string? IndexRoot { get; set; }

    /// <summary>How often the index looks at the change log when nothing woke it (a safety net: publishes wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest query text accepted, in characters; a longer one is refused with a message.</summary>
    public int MaxQueryLength { get; set; } = 200;
}
