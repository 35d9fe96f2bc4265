namespace SqmSite.Cms.Email;

/// <summary>How queued mail leaves the site.</summary>
public enum EmailMode
{
    /// <summary>Delivered to an SMTP server with MailKit.</summary>
    Smtp,

    /// <summary>Written as .eml files to a folder: development, and machines with no mail server.</summary>
    PickupFolder,
}

/// <summary>How an SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>Settings under "SqmSite:Email".</summary>
public sealed class EmailOptions
{
    public const string Section = "SqmSite:Email";

    /// <summary>The name shown as sender and at the top of every message when <see cref="From"/> gives none.</summary>
    public const string DefaultSenderName = "CX Best Practice Awards";

    /// <summary>Smtp or PickupFolder. Left empty: PickupFolder in Development, Smtp elsewhere.</summary>
    public EmailMode? Mode { get; set; }

    /// <summary>The sender, e.g. <c>CX Best Practice Awards &lt;awards@example.org&gt;</c>. Required for SMTP.</summary>
    public string? From { get; set; }

    /// <summary>Where PickupFolder mode writes .eml files; relative paths are below the content root.</summary>
    public string PickupFolder { get; set; } = "App_Data/mail-pickup";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Attempts before a message is marked Failed (staff can still retry it from the outbox).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; it doubles with each further failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the sender looks for due messages when nothing wakes it sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most messages one pass sends over one connection before it lets go.</summary>
    public int MaxPerPass { get; set; } = 50;

    /// <summary>How long sent messages stay in the outbox before they are deleted.</summary>
    public TimeSpan KeepSentFor { get; set; } = TimeSpan.FromDays(90);

    internal EmailMode EffectiveMode => Mode ?? EmailMode.Smtp;

    /// <summary>The configured sender, with the default name when it has none; a local address when nothing is set (pickup folder).</summary>
    internal MimeKit.MailboxAddress SenderAddress() =>
        MimeKit.MailboxAddress.TryParse(From ?? "", out var from) && !string.IsNullOrEmpty(from.Domain)
            ? string.IsNullOrWhiteSpace(from.Name) ? new MimeKit.MailboxAddress(DefaultSenderName, from.Address) : from
            : new MimeKit.MailboxAddress(DefaultSenderName, "awards@localhost");

    /// <summary>What stops mail from leaving, in words for the log and the outbox; null when the settings are complete.</summary>
    internal string? ConfigurationProblem()
    {
        if (EffectiveMode == EmailMode.PickupFolder)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(Smtp.Host))
        {
            return "SqmSite:Email:Smtp:Host is not set, so messages wait in the queue until it is.";
        }

        if (string.IsNullOrWhiteSpace(From) || !MimeKit.MailboxAddress.TryParse(From, out _))
        {
            return "SqmSite:Email:From is not set to a valid address, so messages wait in the queue until it is.";
        }

        return null;
    }
}

/// <summary>Settings under "SqmSite:Email:Smtp".</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>None, StartTls (port 587) or SslOnConnect (port 465).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Sign in only when a user name is given.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one SMTP command may take before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
