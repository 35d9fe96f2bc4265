using SqmSite.Cms.Content;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Media;

/// <summary>The library's answer to content's pickers: a query, so an item uploaded by another instance a moment ago counts.</summary>
internal sealed class MediaPickerTargets(CmsDbContext db) : IMediaPickerTargets
{
    public bool IsPickable(Guid key) => db.Set<MediaItem>().Any(m => m.Key == key && m.Owner == null);
}
