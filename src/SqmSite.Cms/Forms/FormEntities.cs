using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Forms;

/// <summary>A stored form: its definition as JSON, with key, alias and name as columns to find it by.</summary>
public sealed class Form
{
    private Form()
    {
    }

    internal Form(FormDefinition definition, DateTime utcNow)
    {
        Key = definition.Key;
        CreatedUtc = utcNow;
        Update(definition, utcNow);
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public string Alias { get; private set; } = "";

    public string Name { get; private set; } = "";

    public FormDefinition Definition { get; private set; } = null!;

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    internal void Update(FormDefinition definition, DateTime utcNow)
    {
        if (definition.Key != Key)
        {
            throw new InvalidOperationException("A form's key never changes.");
        }

        Alias = definition.Alias;
        Name = definition.Name;
        Definition = definition;
        UpdatedUtc = utcNow;
    }
}

public enum FormEntryState
{
    Draft,
    Submitted,
}

/// <summary>Who an entry belongs to: a signed-in user, or an anonymous visitor who holds a resume token.</summary>
public sealed record FormOwner
{
    private FormOwner(string? userId, string? resumeToken)
    {
        UserId = userId;
        ResumeToken = resumeToken;
    }

    public string? UserId { get; }

    /// <summary>The anonymous visitor's secret, from the resume link; null for a visitor who has not saved anything yet.</summary>
    public string? ResumeToken { get; }

    public bool IsUser => UserId is not null;

    public static FormOwner User(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new FormOwner(userId, null);
    }

    public static FormOwner Anonymous(string? resumeToken = null) =>
        new(null, string.IsNullOrWhiteSpace(resumeToken) ? null : resumeToken.Trim());
}

/// <summary>A file stored for a file upload field, as an entry records it.</summary>
public sealed record FormFileValue(string Id, string FileName, string ContentType, long Length);

/// <summary>
/// One person's answers to a form: a draft that can be resumed, then submitted once. Values are JSON keyed by field
/// alias: text, numbers, dates and single choices as strings, multiple choices as arrays, checkboxes as booleans,
/// consents and files as objects.
/// </summary>
public sealed class FormEntry
{
    private FormEntry()
    {
    }

    internal FormEntry(Form form, string? ownerUserId, string? resumeTokenHash, Guid? submissionKey, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        FormId = form.Id;
        Form = form;
        OwnerUserId = ownerUserId;
        ResumeTokenHash = resumeTokenHash;
        SubmissionKey = submissionKey;
        CreatedUtc = utcNow;
        UpdatedUtc = utcNow;
    }

    public int Id { get; private set; }

    /// <summary>Erasing the owner (a privacy request): the answers stay, as the entry of whoever the package says it belongs to.</summary>
    internal void Disown() => OwnerUserId = null;

    /// <summary>The entry's public identity (links, exports, packages).</summary>
    public Guid Key { get; private set; }

    public int FormId { get; private set; }

    public Form Form { get; private set; } = null!;

    public string? OwnerUserId { get; private set; }

    /// <summary>SHA-256 of an anonymous visitor's resume token; the token itself is only ever in the visitor's link.</summary>
    public string? ResumeTokenHash { get; private set; }

    /// <summary>The idempotency key the rendered form carried: posting it twice finds this entry instead of making another.</summary>
    public Guid? SubmissionKey { get; private set; }

    public JsonObject Values { get; private set; } = [];

    /// <summary>The values' text, lower-cased, for the backoffice search.</summary>
    public string SearchText { get; private set; } = "";

    public FormEntryState State { get; private set; }

    /// <summary>The page the person was on when they last saved (0-based).</summary>
    public int CurrentPage { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public DateTime? SubmittedUtc { get; private set; }

    /// <summary>Optimistic concurrency: two requests saving or submitting the same entry at once cannot both win.</summary>
    public int Version { get; private set; }

    public bool IsSubmitted => State == FormEntryState.Submitted;

    /// <summary>A text, number, date or single choice value; "true"/"false" for a checkbox; the file name of an upload.</summary>
    public string? Text(string alias) => Values[alias] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonObject o when o["fileName"] is JsonValue name => name.GetValue<string>(),
        JsonObject o when o["agreed"] is JsonValue agreed => agreed.GetValue<bool>() ? "true" : "false",
        _ => null,
    };

    /// <summary>The picked options of a multiple choice field (or the one of a single choice).</summary>
    public IReadOnlyList<string> Choices(string alias) => Values[alias] switch
    {
        JsonArray a => [.. a.OfType<JsonValue>().Select(v => v.GetValue<string>())],
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    public bool IsChecked(string alias) => Text(alias) == "true";

    public decimal? Number(string alias) =>
        decimal.TryParse(Text(alias), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    public FormFileValue? File(string alias) => Values[alias] is JsonObject o && o["id"] is JsonValue id
        ? new FormFileValue(id.GetValue<string>(), o["fileName"]?.GetValue<string>() ?? "", o["contentType"]?.GetValue<string>() ?? "",
            o["length"]?.GetValue<long>() ?? 0)
        : null;

    internal void Save(JsonObject values, int currentPage, DateTime utcNow)
    {
        if (IsSubmitted)
        {
            throw new InvalidOperationException("A submitted entry is read-only.");
        }

        Values = values;
        SearchText = FormValues.SearchText(values);
        CurrentPage = currentPage;
        UpdatedUtc = utcNow;
        Version++;
    }

    internal void Submit(DateTime utcNow)
    {
        if (IsSubmitted)
        {
            throw new InvalidOperationException("The entry was already submitted.");
        }

        State = FormEntryState.Submitted;
        SubmittedUtc = utcNow;
        UpdatedUtc = utcNow;
        Version++;
    }
}

internal sealed class FormConfiguration : IEntityTypeConfiguration<Form>
{
    public void Configure(EntityTypeBuilder<Form> b)
    {
        b.ToTable("cmsForm");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.Alias).IsUnique();
        b.Property(x => x.Alias).HasMaxLength(FormDefinition.MaxAliasLength);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Definition).HasJsonConversion();
    }
}

internal sealed class FormEntryConfiguration : IEntityTypeConfiguration<FormEntry>
{
    public void Configure(EntityTypeBuilder<FormEntry> b)
    {
        b.ToTable("cmsFormEntry");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.ResumeTokenHash).IsUnique();
        b.HasIndex(x => new { x.FormId, x.SubmissionKey }).IsUnique();
        b.HasIndex(x => new { x.FormId, x.State, x.UpdatedUtc });
        b.HasIndex(x => new { x.FormId, x.OwnerUserId });
        b.HasOne(x => x.Form).WithMany().HasForeignKey(x => x.FormId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.OwnerUserId).HasMaxLength(450);
        b.Property(x => x.ResumeTokenHash).HasMaxLength(64);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.Values).HasJsonObjectConversion();
    }
}
