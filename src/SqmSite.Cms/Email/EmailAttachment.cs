using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SqmSite.Cms.Email;

/// <summary>
/// A file to send with an email, e.g. <c>new("gala.ics", "text/calendar", bytes)</c>. It is stored with the queued
/// message (in the same transaction) and sent as a MIME attachment, byte for byte.
/// </summary>
/// <param name="FileName">The name the recipient sees: no path, no control characters, at most 200 characters.</param>
/// <param name="ContentType">A media type such as <c>text/calendar</c> or <c>image/png</c>; parameters are allowed (<c>text/calendar; method=REQUEST</c>).</param>
/// <param name="Content">The file's bytes.</param>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>An attachment as the outbox keeps it. Its content is wiped once a confidential message is delivered; name and size stay.</summary>
public sealed class EmailMessageAttachment
{
    private EmailMessageAttachment()
    {
    }

    internal EmailMessageAttachment(int position, string fileName, string contentType, byte[] content)
    {
        Position = position;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Length = content.Length;
    }

    public int Id { get; private set; }

    public int EmailMessageId { get; private set; }

    /// <summary>The order the caller gave (0, 1, ...): the attachments are sent in that order.</summary>
    public int Position { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    /// <summary>The size in bytes, kept after the content is wiped.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes; null once a confidential message was delivered.</summary>
    public byte[]? Content { get; private set; }
}

/// <summary>What a message may carry. Checked at enqueue, so a bad attachment is the caller's <see cref="EmailQueueStatus.InvalidRequest"/>, not a failed send.</summary>
internal static partial class EmailAttachmentRules
{
    public const int MaxCount = 10;
    public const int MaxTotalBytes = 10 * 1024 * 1024;
    public const int MaxFileNameLength = 200;
    public const int MaxContentTypeLength = 200;

    /// <summary>
    /// The top-level types a file may have. <c>message/*</c> and <c>multipart/*</c> are left out: MimeKit would parse
    /// such bytes as MIME structure instead of sending them as an opaque file.
    /// </summary>
    private static readonly HashSet<string> TopLevelTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application", "audio", "font", "image", "model", "text", "video",
    };

    /// <summary>Null when the attachments may be queued, otherwise why not.</summary>
    public static string? Problem(IReadOnlyList<EmailAttachment>? attachments)
    {
        attachments ??= [];
        if (attachments.Count > MaxCount)
        {
            return $"An email may carry at most {MaxCount} attachments.";
        }

        long total = 0;
        foreach (var attachment in attachments)
        {
            if (attachment is null)
            {
                return "An attachment is missing.";
            }

            if (FileNameProblem(attachment.FileName) is { } name)
            {
                return name;
            }

            if (!IsPlausibleContentType(attachment.ContentType))
            {
                return $"The attachment \"{attachment.FileName}\" has no plausible content type (such as image/png).";
            }

            if (attachment.Content is not { Length: > 0 })
            {
                return $"The attachment \"{attachment.FileName}\" is empty.";
            }

            total += attachment.Content.Length;
        }

        return total > MaxTotalBytes ? $"The attachments of an email may add up to at most {MaxTotalBytes / (1024 * 1024)} MB." : null;
    }

    private static string? FileNameProblem(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Trim() is "." or "..")
        {
            return "An attachment needs a file name.";
        }

        if (fileName.Length > MaxFileNameLength)
        {
            return $"An attachment's file name is longer than {MaxFileNameLength} characters.";
        }

        // A name is shown and saved by the recipient's mail program: no folders (':' is a drive or a stream on
        // Windows), and no control or invisible formatting characters (a right-to-left override, U+202E, can make
        // "invoice<U+202E>gpj.exe" read as "invoiceexe.jpg").
        foreach (var c in fileName)
        {
            if (c is '/' or '\\' or ':' || char.IsControl(c)
                || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return "An attachment's file name may not contain path separators, control or formatting characters.";
            }
        }

        return null;
    }

    private static bool IsPlausibleContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || contentType.Length > MaxContentTypeLength || contentType.Any(char.IsControl)
            || !MimeKit.ContentType.TryParse(contentType, out var parsed))
        {
            return false;
        }

        return TopLevelTypes.Contains(parsed.MediaType) && RestrictedName().IsMatch(parsed.MediaSubtype)
            && contentType.TrimStart().StartsWith(parsed.MimeType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>RFC 6838's restricted-name, which a subtype is.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")]
    private static partial Regex RestrictedName();
}

/// <summary>The attachment's own columns; the relationship to its message is in <see cref="EmailMessageConfiguration"/>.</summary>
internal sealed class EmailMessageAttachmentConfiguration : IEntityTypeConfiguration<EmailMessageAttachment>
{
    public void Configure(EntityTypeBuilder<EmailMessageAttachment> b)
    {
        b.ToTable("cmsEmailAttachment");
        b.Property(x => x.FileName).HasMaxLength(EmailAttachmentRules.MaxFileNameLength);
        b.Property(x => x.ContentType).HasMaxLength(EmailAttachmentRules.MaxContentTypeLength);
        b.HasIndex(x => new { x.EmailMessageId, x.Position }).IsUnique();
    }
}
