using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Delivery.Content;
using SqmSite.Cms.Media;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Delivery;

/// <summary>
/// Writes content and media in Umbraco's Delivery API shapes: an item is <c>id</c>, <c>contentType</c>, <c>name</c>,
/// <c>createDate</c>, <c>updateDate</c>, <c>route</c> and <c>properties</c>; a list is <c>total</c> and <c>items</c>.
/// Everything it reads is in memory (the snapshot and the media catalog), so expanding pickers costs no query.
/// </summary>
public sealed class DeliveryJson(PublishedSnapshot snapshot, MediaSnapshot media, MediaUrls urls, IReadOnlyList<int> widths, DeliverySchema schema)
{
    public void WriteList(Utf8JsonWriter w, ContentPage page, PropertySelection fields, PropertySelection expand)
    {
        w.WriteStartObject();
        w.WriteNumber("total", page.Total);
        w.WriteStartArray("items");
        foreach (var item in page.Items)
        {
            WriteItem(w, item, fields, expand, 1);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public void WriteItems(Utf8JsonWriter w, IEnumerable<PublishedContent> items, PropertySelection fields, PropertySelection expand)
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            WriteItem(w, item, fields, expand, 1);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Whole items as written, by media snapshot and item: both are immutable (a publish or a media change makes new
    /// ones), so the bytes stay right for as long as either lives, and go with them.
    /// </summary>
    private static readonly ConditionalWeakTable<MediaSnapshot, ConditionalWeakTable<PublishedContent, byte[]>> Written = new();

    public void WriteItem(Utf8JsonWriter w, PublishedContent item, PropertySelection fields, PropertySelection expand, int depth)
    {
        // The whole item with its pickers unexpanded is the common answer (an item by id, each item of a list page):
        // written once, then copied. Its bytes do not depend on the depth, since nothing is expanded.
        if (ReferenceEquals(fields, PropertySelection.All) && ReferenceEquals(expand, PropertySelection.None))
        {
            var bytes = Written.GetValue(media, _ => new()).GetValue(item, WholeItem);
            w.WriteRawValue(bytes, skipInputValidation: true);
            return;
        }

        WriteItemProperties(w, item, fields, expand, depth);
    }

    private byte[] WholeItem(PublishedContent item)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteItemProperties(writer, item, PropertySelection.All, PropertySelection.None, 1);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteItemProperties(Utf8JsonWriter w, PublishedContent item, PropertySelection fields, PropertySelection expand, int depth)
    {
        w.WriteStartObject();
        w.WriteString("id", item.Key);
        w.WriteString("contentType", item.ContentTypeAlias);
        w.WriteString("name", item.Name);
        w.WriteString("createDate", Utc(item.CreatedUtc));
        w.WriteString("updateDate", Utc(item.UpdatedUtc));
        WriteRoute(w, item);
        w.WriteStartObject("properties");
        foreach (var property in item.ContentType.Properties)
        {
            if (fields.Includes(property.Alias))
            {
                w.WritePropertyName(property.Alias);
                WriteValue(w, item, property, fields.Nested(property.Alias), expand, depth);
            }
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The item's <c>route</c>: its path and the root it is below.</summary>
    public static void WriteRoute(Utf8JsonWriter w, PublishedContent item)
    {
        var start = item;
        while (start.Parent is not null)
        {
            start = start.Parent;
        }

        w.WriteStartObject("route");
        w.WriteString("path", item.Url);
        w.WriteStartObject("startItem");
        w.WriteString("id", start.Key);
        w.WriteString("path", start.UrlSegment);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter w, PublishedContent item, PropertyType property, PropertySelection? nestedFields,
        PropertySelection expand, int depth)
    {
        var alias = property.Alias;
        if (!item.HasValue(alias))
        {
            if (property.Editor == PropertyEditor.TextList)
            {
                w.WriteStartArray();
                w.WriteEndArray();
            }
            else
            {
                w.WriteNullValue();
            }

            return;
        }

        switch (property.Editor)
        {
            case PropertyEditor.RichText:
                // Stored sanitized; the same markup the site renders.
                w.WriteStartObject();
                w.WriteString("markup", item.Value(alias));
                w.WriteEndObject();
                break;
            case PropertyEditor.Number when item.Number(alias) is { } n:
                w.WriteNumberValue(n);
                break;
            case PropertyEditor.Boolean:
                w.WriteBooleanValue(item.Bool(alias));
                break;
            case PropertyEditor.TextList:
                w.WriteStartArray();
                foreach (var line in item.List(alias))
                {
                    w.WriteStringValue(line);
                }

                w.WriteEndArray();
                break;
            case PropertyEditor.ContentPicker:
                var picked = item.Picked(alias) is { } key ? snapshot.ByKey(key) : null;
                if (picked is null || picked.Url.Length == 0 || !schema.IsDelivered(picked.ContentTypeAlias))
                {
                    w.WriteNullValue();
                }
                else if (expand.Includes(alias) && depth < PropertySelection.MaxDepth)
                {
                    WriteItem(w, picked, nestedFields ?? PropertySelection.All, expand.Nested(alias) ?? PropertySelection.None, depth + 1);
                }
                else
                {
                    // Not expanded: who it is, without its properties (Umbraco's shape for a picker).
                    WriteItem(w, picked, PropertySelection.None, PropertySelection.None, depth + 1);
                }

                break;
            case PropertyEditor.MediaPicker:
                if (item.Picked(alias) is { } mediaKey && media.ByKey(mediaKey) is { } entry)
                {
                    WriteMedia(w, entry);
                }
                else
                {
                    w.WriteNullValue();
                }

                break;
            default:
                w.WriteStringValue(item.Value(alias));
                break;
        }
    }

    /// <summary>A media item with its URLs: the original, each named crop, and the widths the server renders.</summary>
    public void WriteMedia(Utf8JsonWriter w, MediaEntry entry)
    {
        w.WriteStartObject();
        w.WriteString("id", entry.Key);
        w.WriteString("name", entry.Name);
        w.WriteString("mediaType", entry.IsImage ? "Image" : "File");
        w.WriteString("url", urls.Url(entry));
        w.WriteString("extension", entry.Format.Extension());
        w.WriteNumber("bytes", entry.Bytes);
        w.WriteString("updateDate", Utc(entry.UpdatedUtc));
        if (entry.IsImage)
        {
            w.WriteNumber("width", entry.Width ?? 0);
            w.WriteNumber("height", entry.Height ?? 0);
            w.WriteString("altText", entry.AltText);
            w.WriteStartObject("focalPoint");
            w.WriteNumber("left", Math.Round(entry.FocalX, 4));
            w.WriteNumber("top", Math.Round(entry.FocalY, 4));
            w.WriteEndObject();
            w.WriteStartArray("crops");
            foreach (var crop in ImageCrops.All)
            {
                var width = crop.FixedWidth ?? CropWidth(entry);
                w.WriteStartObject();
                w.WriteString("alias", crop.Alias);
                w.WriteNumber("width", width);
                w.WriteNumber("height", crop.HeightFor(width));
                w.WriteString("url", urls.Url(entry, crop.FixedWidth is null ? width : null, crop.Alias));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("widths");
            foreach (var width in widths.Where(x => x <= (entry.Width ?? 0)))
            {
                w.WriteStartObject();
                w.WriteNumber("width", width);
                w.WriteString("url", urls.Url(entry, width));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>The largest allowed width the picture has, capped at 800: a sensible default a client can change with <c>width=</c>.</summary>
    private int CropWidth(MediaEntry entry)
    {
        var fitting = widths.Where(x => x <= Math.Min(800, entry.Width ?? 0)).DefaultIfEmpty(widths[0]).Max();
        return fitting;
    }

    private static string Utc(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
