namespace SqmSite.Cms.Content;

/// <summary>
/// What a media picker may point at, answered by the media module: content validates a picked key through this
/// port and never reads media's tables itself (the media module depends on content, not the other way round).
/// </summary>
public interface IMediaPickerTargets
{
    /// <summary>Whether <paramref name="key"/> names an item of the library; packages' private files cannot be picked.</summary>
    bool IsPickable(Guid key);
}
