namespace SqmSite.Cms.Webhooks;

/// <summary>Settings under "SqmSite:Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "SqmSite:Webhooks";

    /// <summary>
    /// Whether receivers may be on loopback, private, link-local or other non-public addresses. Left empty: allowed in
    /// Development only. Checked on the address a name resolves to at each attempt, not only at registration, so a name
    /// that later points inside the network (DNS rebinding) is refused too.
    /// </summary>
    public bool? AllowPrivateAddresses { get; set; }

    /// <summary>Attempts before a delivery is abandoned (an administrator can still send it again).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles with each further failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed attempts in a row after which a webhook is disabled and administrators are emailed.</summary>
    public int DisableAfterFailures { get; set; } = 10;

    /// <summary>How long one post may take, answer included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the sender looks for due deliveries when nothing wakes it sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most deliveries one pass posts before it lets go.</summary>
    public int MaxPerPass { get; set; } = 20;

    /// <summary>How long delivered and abandoned deliveries stay in the log.</summary>
    public TimeSpan KeepLogFor { get; set; } = TimeSpan.FromDays(30);

    internal bool PrivateAddressesAllowed => AllowPrivateAddresses ?? false;
}
