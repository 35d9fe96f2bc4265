using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SqmSite.Cms.Email;

/// <summary>An email as it will be sent: subject, HTML and text bodies, and the placeholders nothing filled.</summary>
public sealed record RenderedEmail(string Subject, string HtmlBody, string TextBody, IReadOnlyList<string> UnknownPlaceholders);

/// <summary>
/// Fills <c>{{placeholders}}</c> and wraps the body in the email layout. Values are put into the parsed HTML as text
/// and attribute values, so the serializer encodes them: a value can never add markup. A placeholder named
/// <c>...Url</c> standing in the text becomes a link when its value is an http(s) address, so editors need not build
/// links around placeholders (the rich-text editor's link box accepts only full addresses).
/// </summary>
public sealed partial class EmailRenderer
{
    /// <summary>What an unfilled placeholder looks like in the output; tests search for it.</summary>
    public const string UnknownMarker = "{{";

    /// <summary>Reported for braces that do not form a placeholder, e.g. <c>{{organization&lt;b&gt;Name&lt;/b&gt;}}</c>.</summary>
    public const string MalformedPlaceholder = "(malformed placeholder)";

    private static readonly HtmlParser Parser = new();

    public RenderedEmail Render(string subject, string htmlBody, string? textBody, IReadOnlyDictionary<string, string?> values,
        EmailLayout layout)
    {
        var unknown = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var renderedSubject = Whitespace().Replace(ReplaceInText(subject, values, unknown), " ").Trim();

        var document = Parser.ParseDocument("");
        var body = document.Body!;
        body.InnerHtml = htmlBody;
        Substitute(body, values, unknown, layout.PublicBaseUrl, insideLink: false);
        var html = body.InnerHtml;
        var text = textBody is null ? HtmlToText.Convert(body) : ReplaceInText(textBody, values, unknown);
        return new RenderedEmail(renderedSubject, layout.Wrap(renderedSubject, html), text, [.. unknown]);
    }

    private static string ReplaceInText(string template, IReadOnlyDictionary<string, string?> values, ISet<string> unknown)
    {
        var position = 0;
        var result = Placeholder().Replace(template, m =>
        {
            CheckLeftover(template[position..m.Index], unknown);
            position = m.Index + m.Length;
            if (values.TryGetValue(m.Groups[1].Value, out var value))
            {
                return value ?? "";
            }

            unknown.Add(m.Groups[1].Value);
            return m.Value;
        });
        CheckLeftover(template[position..], unknown);
        return result;
    }

    /// <summary>Template text between placeholders with braces in it holds a placeholder broken by a typo or by formatting.</summary>
    private static void CheckLeftover(string templateText, ISet<string> unknown)
    {
        if (templateText.Contains("{{", StringComparison.Ordinal) || templateText.Contains("}}", StringComparison.Ordinal))
        {
            unknown.Add(MalformedPlaceholder);
        }
    }

    private static void Substitute(INode node, IReadOnlyDictionary<string, string?> values, ISet<string> unknown, string? baseUrl, bool insideLink)
    {
        foreach (var child in node.ChildNodes.ToList())
        {
            if (child is IText text)
            {
                ReplaceTextNode(text, values, unknown, insideLink);
            }
            else if (child is IElement element)
            {
                foreach (var attribute in element.Attributes.ToList())
                {
                    var value = EncodedPlaceholder().Replace(attribute.Value, m => "{{" + m.Groups[1].Value + "}}");
                    if (!value.Contains("{{", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    value = ReplaceInText(value, values, unknown);
                    if (attribute.Name == "href" && !IsSafeLink(value) && !value.Contains("{{", StringComparison.Ordinal))
                    {
                        // A filled-in link must stay a web or mail address: a value can come from a visitor.
                        value = "#";
                    }

                    element.SetAttribute(attribute.Name, value);
                }

                if (baseUrl is not null && element.LocalName == "a" && element.GetAttribute("href") is { } href
                    && href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal))
                {
                    // A site-relative link means nothing in a mailbox.
                    element.SetAttribute("href", baseUrl.TrimEnd('/') + href);
                }

                Substitute(element, values, unknown, baseUrl, insideLink || element.LocalName == "a");
            }
        }
    }

    private static void ReplaceTextNode(IText text, IReadOnlyDictionary<string, string?> values, ISet<string> unknown, bool insideLink)
    {
        var data = text.Data;
        var matches = Placeholder().Matches(data);
        if (matches.Count == 0)
        {
            CheckLeftover(data, unknown);
            return;
        }

        var document = text.Owner!;
        var parent = text.Parent!;
        var position = 0;
        foreach (Match match in matches)
        {
            CheckLeftover(data[position..match.Index], unknown);
            parent.InsertBefore(document.CreateTextNode(data[position..match.Index]), text);
            position = match.Index + match.Length;
            var name = match.Groups[1].Value;
            if (!values.TryGetValue(name, out var value))
            {
                unknown.Add(name);
                parent.InsertBefore(document.CreateTextNode(match.Value), text);
                continue;
            }

            value ??= "";
            if (!insideLink && name.EndsWith("Url", StringComparison.OrdinalIgnoreCase) && IsWebAddress(value))
            {
                var link = document.CreateElement("a");
                link.SetAttribute("href", value);
                link.TextContent = value;
                parent.InsertBefore(link, text);
                continue;
            }

            // Line breaks in a value (a reason typed by staff) stay line breaks.
            var lines = value.ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    parent.InsertBefore(document.CreateElement("br"), text);
                }

                parent.InsertBefore(document.CreateTextNode(lines[i]), text);
            }
        }

        CheckLeftover(data[position..], unknown);
        parent.InsertBefore(document.CreateTextNode(data[position..]), text);
        parent.RemoveChild(text);
    }

    private static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsSafeLink(string value) =>
        IsWebAddress(value) || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
        || (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)) || value.StartsWith('#');

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")]
    private static partial Regex Placeholder();

    // The sanitizer may percent-encode the braces of a placeholder used as a link address.
    [GeneratedRegex(@"%7B%7B\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*%7D%7D", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedPlaceholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>The frame around every HTML body: a plain, table-based layout that mail programs display alike.</summary>
public sealed record EmailLayout(string SiteName, string? PublicBaseUrl)
{
    public string Wrap(string subject, string bodyHtml)
    {
        var site = WebUtility.HtmlEncode(SiteName);
        var home = PublicBaseUrl is null ? site : $"<a href=\"{WebUtility.HtmlEncode(PublicBaseUrl)}\" style=\"color:#0a6c74\">{site}</a>";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(subject)}</title>
            </head>
            <body style="margin:0;padding:0;background:#f4f6f9;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f6f9;">
            <tr><td align="center" style="padding:24px 12px;">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #d5dbe3;border-radius:8px;">
            <tr><td style="padding:20px 28px;background:#0b3d5c;border-radius:8px 8px 0 0;font:bold 17px/1.3 Arial,Helvetica,sans-serif;color:#ffffff;">{site}</td></tr>
            <tr><td style="padding:24px 28px;font:16px/1.55 Arial,Helvetica,sans-serif;color:#1b2330;">
            {bodyHtml}
            </td></tr>
            </table>
            <p style="max-width:600px;margin:16px auto 0;font:13px/1.45 Arial,Helvetica,sans-serif;color:#4d5868;">This message was sent automatically by {home}.</p>
            </td></tr>
            </table>
            </body>
            </html>
            """;
    }
}

/// <summary>Plain text from HTML, for the text part of a message: paragraphs, lists, links with their addresses.</summary>
internal static partial class HtmlToText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "table", "ul", "ol",
    };

    public static string Convert(INode root)
    {
        var sb = new StringBuilder();
        Walk(root, sb, listDepth: 0);
        var lines = sb.ToString().Split('\n').Select(l => l.TrimEnd());
        var text = string.Join("\n", lines);
        return MultipleBlankLines().Replace(text, "\n\n").Trim('\n', ' ') + "\n";
    }

    private static void Walk(INode node, StringBuilder sb, int listDepth)
    {
        var number = 0;
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    AppendText(sb, text.Data, preformatted: IsInside(text, "pre"));
                    break;
                case IElement { LocalName: "br" }:
                    sb.Append('\n');
                    break;
                case IElement { LocalName: "li" } item:
                    EnsureLineBreaks(sb, 1);
                    var marker = item.Parent is IElement { LocalName: "ol" } ? $"{++number}. " : "- ";
                    sb.Append(new string(' ', Math.Max(0, listDepth - 1) * 2)).Append(marker);
                    Walk(item, sb, listDepth);
                    EnsureLineBreaks(sb, 1);
                    break;
                case IElement { LocalName: "ul" or "ol" } list:
                    EnsureLineBreaks(sb, listDepth == 0 ? 2 : 1);
                    Walk(list, sb, listDepth + 1);
                    EnsureLineBreaks(sb, listDepth == 0 ? 2 : 1);
                    break;
                case IElement { LocalName: "tr" } row:
                    EnsureLineBreaks(sb, 1);
                    Walk(row, sb, listDepth);
                    EnsureLineBreaks(sb, 1);
                    break;
                case IElement { LocalName: "td" or "th" } cell:
                    if (cell.PreviousElementSibling is not null)
                    {
                        sb.Append(" | ");
                    }

                    Walk(cell, sb, listDepth);
                    break;
                case IElement { LocalName: "a" } link:
                    var start = sb.Length;
                    Walk(link, sb, listDepth);
                    var shown = sb.ToString(start, sb.Length - start).Trim();
                    var href = link.GetAttribute("href");
                    var target = href?.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) == true ? href["mailto:".Length..] : href;
                    if (!string.IsNullOrWhiteSpace(target) && target != "#" && !string.Equals(shown, target, StringComparison.OrdinalIgnoreCase))
                    {
                        sb.Append(" (").Append(target).Append(')');
                    }

                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    EnsureLineBreaks(sb, 2);
                    Walk(element, sb, listDepth);
                    EnsureLineBreaks(sb, 2);
                    break;
                case IElement element:
                    Walk(element, sb, listDepth);
                    break;
            }
        }
    }

    private static void AppendText(StringBuilder sb, string data, bool preformatted)
    {
        if (preformatted)
        {
            sb.Append(data);
            return;
        }

        var collapsed = Spaces().Replace(data, " ");
        if (sb.Length == 0 || sb[^1] == '\n' || sb[^1] == ' ')
        {
            collapsed = collapsed.TrimStart();
        }

        sb.Append(collapsed);
    }

    private static void EnsureLineBreaks(StringBuilder sb, int count)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        if (sb.Length == 0)
        {
            return;
        }

        var existing = 0;
        for (var i = sb.Length - 1; i >= 0 && sb[i] == '\n'; i--)
        {
            existing++;
        }

        sb.Append('\n', Math.Max(0, count - existing));
    }

    private static bool IsInside(INode node, string localName)
    {
        for (var p = node.Parent; p is not null; p = p.Parent)
        {
            if (p is IElement e && e.LocalName == localName)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();
}
