namespace SqmSite.Awards.Nominations;

/// <summary>
/// What the shared attachments list shows: the files, where they are downloaded from (the portal's or the
/// backoffice's endpoint, each authorized for its own people), and where a removal posts, when it may.
/// </summary>
public sealed record StoryAttachmentList(IReadOnlyList<StoryAttachment> Items, string FilesUrl, string? RemoveUrl = null)
{
    public string FileUrl(StoryAttachment attachment, int? width = null, bool download = false) =>
        $"{FilesUrl}/{attachment.MediaKey:D}" + (width is { } w ? $"?width={w}" : download ? "?download=true" : "");

    public static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{Math.Max(1, bytes / 1024):N0} KB"
        : $"{bytes / (1024d * 1024d):0.0} MB";
}
