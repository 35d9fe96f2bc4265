using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;

namespace SqmSite.Cms.Media;

/// <summary>
/// <c>&lt;media-image key="@Model.Picked("heroImage")" crop="hero" sizes="100vw" /&gt;</c> writes an <c>img</c> with
/// <c>src</c>, <c>srcset</c> (the configured widths the picture can fill), <c>width</c>/<c>height</c> (so the page does
/// not jump while it loads) and the item's alt text. Reads the in-memory catalog only; an unknown key writes nothing.
/// </summary>
[HtmlTargetElement("media-image", TagStructure = TagStructure.WithoutEndTag)]
public sealed class MediaImageTagHelper(IMediaCatalog catalog, MediaUrls urls, IOptions<MediaOptions> options) : TagHelper
{
    /// <summary>The media item's key (a picker's value).</summary>
    public Guid? Key { get; set; }

    /// <summary>A named crop (logo, card, hero, og); none keeps the whole picture.</summary>
    public string? Crop { get; set; }

    /// <summary>How wide the image is shown, for the browser to pick from srcset. Default: the full viewport.</summary>
    public string Sizes { get; set; } = "100vw";

    /// <summary>webp (default), jpeg or png.</summary>
    public string Format { get; set; } = "webp";

    /// <summary>The widest rendition to offer; by default every configured width the picture can fill.</summary>
    public int? MaxWidth { get; set; }

    /// <summary>Overrides the item's alt text ("" for a decorative picture).</summary>
    public string? Alt { get; set; }

    /// <summary>lazy (default) or eager: eager for the picture at the top of a page.</summary>
    public string Loading { get; set; } = "lazy";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var snapshot = await catalog.GetAsync();
        if (Key is not { } key || snapshot.ByKey(key) is not { IsImage: true, Width: { } width, Height: { } height } entry)
        {
            output.SuppressOutput();
            return;
        }

        var crop = ImageCrops.Find(Crop);
        if (Crop is not null && crop is null)
        {
            throw new InvalidOperationException($"<media-image> names an unknown crop \"{Crop}\"; the crops are {string.Join(", ", ImageCrops.All.Select(c => c.Alias))}.");
        }

        var format = RenditionFormats.Parse(Format) ?? throw new InvalidOperationException($"<media-image> format \"{Format}\" is not webp, jpeg or png.");
        var area = CropGeometry.Resolve(width, height, crop, entry.FocalX, entry.FocalY, crop is null ? null : entry.CropFor(crop));
        var cap = Math.Min(area.Width, MaxWidth ?? int.MaxValue);

        // Every allowed width the picture can fill, and the first one above it (which the endpoint serves at the source's size).
        var allowed = options.Value.AllowedWidths;
        var widths = allowed.Where(w => w <= cap).ToList();
        if (allowed.FirstOrDefault(w => w > cap) is > 0 and var above && (MaxWidth is null || above <= MaxWidth))
        {
            widths.Add(above);
        }

        if (widths.Count == 0)
        {
            widths.Add(allowed[0]);
        }

        var pathBase = ViewContext.HttpContext.Request.PathBase;
        var srcset = new StringBuilder();
        foreach (var w in widths)
        {
            if (srcset.Length > 0)
            {
                srcset.Append(", ");
            }

            srcset.Append(pathBase).Append(urls.Url(entry, w, crop?.Alias, format)).Append(' ').Append(Math.Min(w, area.Width).ToString(CultureInfo.InvariantCulture)).Append('w');
        }

        // The middle candidate for browsers without srcset; intrinsic size from the largest, so the aspect ratio is exact.
        var fallback = widths[widths.Count / 2];
        var largest = Math.Min(widths[^1], area.Width);
        var largestHeight = crop?.HeightFor(largest) ?? Math.Max(1, (int)Math.Round(largest * (double)area.Height / area.Width));

        output.TagName = "img";
        output.TagMode = TagMode.SelfClosing;
        output.Attributes.SetAttribute("src", pathBase + urls.Url(entry, fallback, crop?.Alias, format));
        output.Attributes.SetAttribute("srcset", srcset.ToString());
        output.Attributes.SetAttribute("sizes", Sizes);
        output.Attributes.SetAttribute("width", largest.ToString(CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("height", largestHeight.ToString(CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("alt", Alt ?? entry.AltText ?? "");
        output.Attributes.SetAttribute("loading", Loading);
        output.Attributes.SetAttribute("decoding", "async");
    }
}

/// <summary>A media picker field of the content editor: the form field's id and name, and the stored key.</summary>
public sealed record MediaPickerField(string Id, string Name, string? Value, string? DescribedBy);
