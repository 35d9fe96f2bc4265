using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Search.Index;

/// <summary>The words of a published item, as the index takes them: its headings apart from its body, tags stripped.</summary>
internal static partial class SearchText
{
    /// <summary>The item's headings (of its rich text, and its headline-like text properties) and its body text.</summary>
    public static (string Headings, string Body) Of(PublishedContent content)
    {
        var headings = new StringBuilder();
        var body = new StringBuilder();
        foreach (var property in content.ContentType.Properties)
        {
            switch (property.Editor)
            {
                case PropertyEditor.RichText when content.Value(property.Alias) is { Length: > 0 } html:
                    foreach (Match m in Heading().Matches(html))
                    {
                        Append(headings, Plain(m.Groups[2].Value));
                    }

                    Append(body, Plain(html));
                    break;
                case PropertyEditor.Text when content.Value(property.Alias) is { Length: > 0 } text:
                    // A short text named as a title (a story's headline) weighs as a heading; other short texts are body.
                    Append(property.Alias.Contains("headline", StringComparison.OrdinalIgnoreCase) || property.Alias.Contains("title", StringComparison.OrdinalIgnoreCase)
                        ? headings : body, text);
                    break;
                case PropertyEditor.LongText when content.Value(property.Alias) is { Length: > 0 } text:
                    Append(body, text);
                    break;
                case PropertyEditor.TextList:
                    foreach (var item in content.List(property.Alias))
                    {
                        Append(body, item);
                    }

                    break;
            }
        }

        return (headings.ToString(), body.ToString());
    }

    /// <summary>Text of sanitized HTML: block ends become spaces so words never run together, entities decoded.</summary>
    public static string Plain(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    private static void Append(StringBuilder to, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (to.Length > 0)
        {
            // A sentence break keeps a phrase from matching across two properties, and snippets read as sentences.
            to.Append(to[^1] is '.' or '!' or '?' ? " " : ". ");
        }

        to.Append(text.Trim());
    }

    [GeneratedRegex(@"<h([1-6])\b[^>]*>(.*?)</h\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
