using System.ComponentModel;
using System.Text.Json.Nodes;

namespace SqmSite.Cms.Delivery;

/// <summary>
/// The answers' shapes for the OpenAPI document only: the endpoints write their JSON directly (see
/// <see cref="DeliveryJson"/>), and a test checks that the two agree.
/// </summary>
public static class DeliveryDocs
{
    [Description("Where an item lives: its path and the root it is below.")]
    public sealed record Route([property: Description("The path, with leading and trailing slash, e.g. /past-winners/2025/")] string Path, StartItem StartItem);

    public sealed record StartItem(Guid Id, [property: Description("The root's URL segment, e.g. home")] string Path);

    [Description("A content item, as Umbraco's Delivery API gives it. Rich text is { markup }, a content picker an item (without properties unless expanded), a media picker a media item.")]
    public sealed record ContentItem(
        Guid Id,
        [property: Description("The document type's alias, e.g. winnerStory")] string ContentType,
        string Name,
        DateTime CreateDate,
        DateTime UpdateDate,
        Route Route,
        [property: Description("The properties by alias, limited by fields=")] JsonObject Properties);

    public sealed record ContentList([property: Description("How many items matched, before skip and take")] int Total, ContentItem[] Items);

    public sealed record Crop(string Alias, int Width, int Height, string Url);

    public sealed record Width(int Value, string Url);

    public sealed record FocalPoint(double Left, double Top);

    [Description("A media item. Images have width, height, altText, focalPoint, crops and widths; files only the common fields.")]
    public sealed record MediaItem(Guid Id, string Name,
        [property: Description("Image or File")] string MediaType,
        string Url, string Extension, long Bytes, DateTime UpdateDate, int? Width, int? Height, string? AltText, FocalPoint? FocalPoint,
        Crop[]? Crops, Width[]? Widths);

    public sealed record Change(
        [property: Description("This change's place in the feed")] string Cursor,
        Guid Id, string ContentType,
        [property: Description("Published, Unpublished or Deleted"), System.Text.Json.Serialization.JsonPropertyName("change")] string Kind,
        DateTime Date);

    public sealed record ChangeList(
        [property: Description("Give it as since= on the next call")] string Cursor,
        [property: Description("True when more changes wait: call again at once")] bool HasMore,
        Change[] Items);
}
