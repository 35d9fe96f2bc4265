using System.Globalization;
using System.Text.Json.Nodes;
using Ganss.Xss;

namespace SqmSite.Cms.ContentTypes;

/// <summary>
/// Turns what an editor typed (a string from a form, or a value from a uSync file) into the stored value
/// of a property, and back. One path for every source, so the rules cannot drift apart.
/// </summary>
public sealed class PropertyValueParser(IRichTextSanitizer sanitizer)
{
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm";

    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    /// <summary>Parses raw input. Returns the value to store (null when empty) or an error message for the editor.</summary>
    /// <param name="contentExists">Whether a content picker's key names an item; not checked when null.</param>
    /// <param name="mediaExists">Whether a media picker's key names a media item; not checked when null.</param>
    public (JsonNode? Value, string? Error) Parse(PropertyType property, string? raw, Func<Guid, bool>? contentExists = null,
        Func<Guid, bool>? mediaExists = null)
    {
        raw = raw?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return (null, property.Required ? $"{property.Name} is required." : null);
        }

        switch (property.Editor)
        {
            case PropertyEditor.Text:
                if (raw.Contains('\n'))
                {
                    return (null, $"{property.Name} must be a single line.");
                }

                return CheckText(property, raw);
            case PropertyEditor.LongText:
                return CheckText(property, raw);
            case PropertyEditor.RichText:
                var html = sanitizer.Sanitize(raw);
                if (string.IsNullOrWhiteSpace(System.Net.WebUtility.HtmlDecode(StripTags(html))))
                {
                    // Markup with no text (an emptied editor leaves "<div><br></div>") is no value at all.
                    return (null, property.Required ? $"{property.Name} is required." : null);
                }

                if (property.MaxLength is { } richMax && html.Length > richMax)
                {
                    return (null, $"{property.Name} is too long ({html.Length:N0} characters of HTML; at most {richMax:N0}).");
                }

                return (JsonValue.Create(html), null);
            case PropertyEditor.Number:
                return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? (JsonValue.Create(number.ToString(CultureInfo.InvariantCulture)), null)
                    : (null, $"{property.Name} must be a number, such as 42 or 3.5.");
            case PropertyEditor.DateTime:
                return DateTime.TryParseExact(raw, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (JsonValue.Create(date.ToString(DateTimeFormat, CultureInfo.InvariantCulture)), null)
                    : (null, $"{property.Name} must be a date and time such as 2027-09-30 23:59.");
            case PropertyEditor.Boolean:
                return raw.ToLowerInvariant() switch
                {
                    "true" or "on" or "yes" => (JsonValue.Create("true"), null),
                    "false" or "off" or "no" => (property.Required ? null : JsonValue.Create("false"), property.Required ? $"{property.Name} must be ticked." : null),
                    _ => (null, $"{property.Name} must be true or false."),
                };
            case PropertyEditor.TextList:
                var items = raw.Split('\n').Select(i => i.Trim()).Where(i => i.Length > 0).ToList();
                if (property.MaxLength is { } itemMax && items.FirstOrDefault(i => i.Length > itemMax) is { } longItem)
                {
                    return (null, $"Each line of {property.Name} may have at most {itemMax:N0} characters; \"{Truncate(longItem)}\" has {longItem.Length:N0}.");
                }

                return (new JsonArray([.. items.Select(i => (JsonNode)JsonValue.Create(i))]), null);
            case PropertyEditor.ContentPicker:
            case PropertyEditor.MediaPicker:
                if (!Guid.TryParse(raw, out var key))
                {
                    return (null, $"{property.Name} must be picked from the list.");
                }

                if (property.Editor == PropertyEditor.ContentPicker && contentExists is not null && !contentExists(key))
                {
                    return (null, $"{property.Name} points at a page that does not exist.");
                }

                if (property.Editor == PropertyEditor.MediaPicker && mediaExists is not null && !mediaExists(key))
                {
                    return (null, $"{property.Name} points at a media item that does not exist (it may have been deleted); pick another.");
                }

                return (JsonValue.Create(key.ToString()), null);
            default:
                throw new InvalidOperationException($"Unknown editor {property.Editor}.");
        }
    }

    /// <summary>The stored value as the string a form field shows (lists one item per line).</summary>
    public static string ToRaw(JsonNode? value) => value switch
    {
        null => "",
        JsonArray array => string.Join('\n', array.Select(i => i is null ? "" : ToRaw(i))),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    private static (JsonNode?, string?) CheckText(PropertyType property, string raw)
    {
        var length = new StringInfo(raw).LengthInTextElements;
        if (property.MaxLength is { } max && length > max)
        {
            return (null, $"{property.Name} may have at most {max:N0} characters; it has {length:N0}.");
        }

        if (!property.Matches(raw))
        {
            return (null, $"{property.Name} is not in the expected form. {property.Description}".Trim());
        }

        return (JsonValue.Create(raw), null);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static string StripTags(string html) => System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", "");
}

/// <summary>Cleans rich text so that only harmless formatting survives.</summary>
public interface IRichTextSanitizer
{
    string Sanitize(string html);
}

internal sealed class RichTextSanitizer : IRichTextSanitizer
{
    private readonly HtmlSanitizer _sanitizer;

    public RichTextSanitizer()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "div", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "u", "del", "a",
                "blockquote", "pre", "code", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
        });

        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.GetAttribute("href") is { } href
                && (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            {
                link.SetAttribute("rel", "noopener nofollow");
            }
        };
        _sanitizer.AllowedAttributes.Add("rel");
    }

    // The page title is the only h1: a heading typed in the editor becomes an h2 (renaming is safe: the result is sanitized).
    public string Sanitize(string html) =>
        _sanitizer.Sanitize(H1.Replace(html, "<${close}h2")).Trim();

    private static readonly System.Text.RegularExpressions.Regex H1 =
        new("<(?<close>/?)h1(?=[\\s>/])", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);
}
