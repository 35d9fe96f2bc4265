namespace SqmSite.Cms.Delivery;

/// <summary>Settings of the delivery API (<c>SqmSite:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = CmsOptions.Section + ":Delivery";

    /// <summary>When false, every call needs an API key (Umbraco's <c>PublicAccess</c>).</summary>
    public bool PublicAccess { get; set; } = true;

    /// <summary>Browser origins allowed to call the API (CORS), such as <c>https://www.example.org</c>. None by default.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Calls a client (an API key, or else an address) may make a minute before it is answered 429.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>How long an answer stays in the output cache at most; a publish evicts it at once.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);
}
