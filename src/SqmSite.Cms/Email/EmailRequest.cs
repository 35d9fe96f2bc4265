using System.Collections;
using System.Globalization;
using System.Reflection;

namespace SqmSite.Cms.Email;

/// <summary>
/// An email to queue: either a template (editable content of type <c>emailTemplate</c>, found by its alias) filled
/// with a model, or a raw subject and body written by code. Build one with <see cref="FromTemplate"/> or <see cref="Raw"/>.
/// </summary>
public sealed record EmailRequest
{
    /// <summary>Recipients, as <c>name@example.org</c> or <c>Jane Doe &lt;name@example.org&gt;</c>. All go in one message's To.</summary>
    public required IReadOnlyList<string> To { get; init; }

    /// <summary>The alias of an <c>emailTemplate</c> content item (its URL segment, e.g. <c>confirm-email</c>).</summary>
    public string? TemplateAlias { get; init; }

    /// <summary>For a raw message: the subject (placeholders are filled from <see cref="Model"/> too).</summary>
    public string? Subject { get; init; }

    /// <summary>For a raw message: trusted HTML written by code, not by a visitor.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>For a raw message: the plain-text part; made from the HTML when left empty.</summary>
    public string? TextBody { get; init; }

    /// <summary>
    /// Values for the <c>{{placeholders}}</c>: a dictionary, or any object whose public properties are the names
    /// (<c>new { organizationName = "Acme", confirmUrl = url }</c>). Names match without regard to case.
    /// </summary>
    public object? Model { get; init; }

    /// <summary>
    /// The caller's name for this email, e.g. <c>nomination:42:application-received</c>. A second enqueue with the
    /// same key (a retried request, a double submit) returns the first message instead of queuing another.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// Set when the email carries a personal link (confirm address, reset password, invitation): the outbox does not show
    /// its body to staff, and the body is wiped from the database once it has been delivered.
    /// </summary>
    public bool Confidential { get; init; }

    /// <summary>
    /// Files sent with the email (an .ics, a PNG...), stored with the queued message in the same transaction: at most
    /// 10, together at most 10 MB, each with a plain file name and a media type. Of a confidential message, the
    /// content is wiped once delivered, as the body is.
    /// </summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    public static EmailRequest FromTemplate(string templateAlias, string to, object? model = null, string? idempotencyKey = null) =>
        new() { TemplateAlias = templateAlias, To = [to], Model = model, IdempotencyKey = idempotencyKey };

    public static EmailRequest FromTemplate(string templateAlias, IEnumerable<string> to, object? model = null, string? idempotencyKey = null) =>
        new() { TemplateAlias = templateAlias, To = [.. to], Model = model, IdempotencyKey = idempotencyKey };

    public static EmailRequest Raw(string to, string subject, string htmlBody, string? textBody = null, string? idempotencyKey = null) =>
        new() { To = [to], Subject = subject, HtmlBody = htmlBody, TextBody = textBody, IdempotencyKey = idempotencyKey };

    /// <summary>The model as name/value text, in the invariant culture.</summary>
    internal IReadOnlyDictionary<string, string?> ModelValues()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        switch (Model)
        {
            case null:
                break;
            case IEnumerable<KeyValuePair<string, string?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    values[key] = Text(value);
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    values[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = Text(entry.Value);
                }

                break;
            default:
                foreach (var property in Model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetIndexParameters().Length == 0)
                    {
                        values[property.Name] = Text(property.GetValue(Model));
                    }
                }

                break;
        }

        return values;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>What happened to an enqueue request that a caller can cause and should handle.</summary>
public enum EmailQueueStatus
{
    /// <summary>
    /// The message is written (inside the caller's transaction when there is one), or one with the same idempotency key
    /// was already (<see cref="QueuedEmail.AlreadyQueued"/>).
    /// </summary>
    Success,

    /// <summary>No published <c>emailTemplate</c> has that alias.</summary>
    TemplateNotFound,

    /// <summary>No recipient, or one that is not an email address.</summary>
    InvalidRecipient,

    /// <summary>
    /// Neither a template nor a subject and body, a value too long to store, or attachments that may not be sent (more
    /// than 10, more than 10 MB together, an empty file, a file name with a path or control characters, no media type).
    /// </summary>
    InvalidRequest,
}

/// <summary>What <see cref="IEmailQueue.EnqueueAsync(EmailRequest, CancellationToken)"/> gives on success.</summary>
/// <param name="Message">The message in the outbox: the new one, or the first one with the same idempotency key.</param>
/// <param name="AlreadyQueued">
/// A message with the same idempotency key existed already (a retried request, a double submit); nothing new was queued.
/// A success all the same: the caller's email is in the outbox.
/// </param>
/// <param name="UnknownPlaceholders">
/// Placeholders in the template that the model did not fill. They stay visible in the message as <c>{{name}}</c>
/// (so a reader and a test can see them) and the message is queued anyway: a typo in a template must not stop mail.
/// </param>
public sealed record QueuedEmail(EmailMessage Message, bool AlreadyQueued, IReadOnlyList<string> UnknownPlaceholders);
