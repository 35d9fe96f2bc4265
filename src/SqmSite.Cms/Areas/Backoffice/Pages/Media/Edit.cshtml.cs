using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Media;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Media;

/// <summary>One media item: details, focal point and crops, file replacement, where it is used, deletion.</summary>
public sealed class MediaEditModel(MediaService media, IMediaCatalog catalog, MediaUrls urls) : PageModel
{
    /// <summary>A crop as the form shows it: percentages, and whether the editor drew a rectangle.</summary>
    public sealed class CropInput
    {
        public bool Manual { get; set; }

        public string? X { get; set; }

        public string? Y { get; set; }

        public string? Width { get; set; }

        public string? Height { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? AltText { get; set; }

    [BindProperty]
    public int? FolderId { get; set; }

    [BindProperty]
    public string? FocalX { get; set; }

    [BindProperty]
    public string? FocalY { get; set; }

    [BindProperty]
    public Dictionary<string, CropInput> Crops { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public MediaItem Item { get; private set; } = null!;

    public MediaEntry Entry { get; private set; } = null!;

    public IReadOnlyList<MediaFolderInfo> Folders { get; private set; } = [];

    public IReadOnlyList<MediaFolder> Path { get; private set; } = [];

    public IReadOnlyList<MediaUsage> Usages { get; private set; } = [];

    public MediaUrls Urls => urls;

    public long MaxUploadBytes => media.MaxUploadBytes;

    public string? Error(string key) => ModelState.FirstError(key);

    /// <summary>Where a crop cuts the picture now, as percentages (what the editor's overlay draws).</summary>
    public (double X, double Y, double W, double H) CropBox(ImageCrop crop)
    {
        var rect = CropGeometry.Resolve(Entry.Width!.Value, Entry.Height!.Value, crop, Entry.FocalX, Entry.FocalY, Entry.CropFor(crop));
        return (100.0 * rect.X / Entry.Width.Value, 100.0 * rect.Y / Entry.Height.Value, 100.0 * rect.Width / Entry.Width.Value, 100.0 * rect.Height / Entry.Height.Value);
    }

    /// <summary>Every folder as an option, indented under its parent.</summary>
    public IReadOnlyList<(int Id, string Label)> FolderOptions()
    {
        var byParent = Folders.ToLookup(f => f.ParentId);
        var list = new List<(int, string)>();
        void Walk(int? parent, int depth)
        {
            foreach (var f in byParent[parent])
            {
                list.Add((f.Id, new string('\u00a0', depth * 3) + f.Name));
                if (depth < 32)
                {
                    Walk(f.Id, depth + 1);
                }
            }
        }

        Walk(null, 0);
        return list;
    }

    public static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Name = Item.Name;
        AltText = Item.AltText;
        FolderId = Item.FolderId;
        FocalX = Percent(Item.FocalX * 100);
        FocalY = Percent(Item.FocalY * 100);
        foreach (var crop in ImageCrops.All)
        {
            var manual = Item.Crops.GetValueOrDefault(crop.Alias);
            Crops[crop.Alias] = manual is null
                ? new CropInput()
                : new CropInput { Manual = true, X = Percent(manual.X * 100), Y = Percent(manual.Y * 100), Width = Percent(manual.Width * 100), Height = Percent(manual.Height * 100) };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken ct)
    {
        var result = await media.UpdateAsync(Id, Name, AltText, FolderId, User.Identity?.Name, ct);
        if (result.Status == MediaOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return await RedisplayAsync(ct);
        }

        TempData.Notice("The details were saved.");
        return Redirect($"/backoffice/media/edit/{Id}");
    }

    public async Task<IActionResult> OnPostCropsAsync(CancellationToken ct)
    {
        var focalX = ParsePercent(FocalX, "Focal", "The focal point");
        var focalY = ParsePercent(FocalY, "Focal", "The focal point");
        var rects = new Dictionary<string, CropRect?>(StringComparer.OrdinalIgnoreCase);
        foreach (var crop in ImageCrops.All)
        {
            if (Crops.GetValueOrDefault(crop.Alias) is not { Manual: true } input)
            {
                rects[crop.Alias] = null;
                continue;
            }

            var key = "Crops." + crop.Alias;
            var x = ParsePercent(input.X, key, crop.Name);
            var y = ParsePercent(input.Y, key, crop.Name);
            var w = ParsePercent(input.Width, key, crop.Name);
            var h = ParsePercent(input.Height, key, crop.Name);
            rects[crop.Alias] = x is null || y is null || w is null || h is null ? null : new CropRect(x.Value / 100, y.Value / 100, w.Value / 100, h.Value / 100);
        }

        if (!ModelState.IsValid || focalX is null || focalY is null)
        {
            return await RedisplayAsync(ct);
        }

        var result = await media.SetCropsAsync(Id, focalX.Value / 100, focalY.Value / 100, rects, User.Identity?.Name, ct);
        if (result.Status == MediaOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return await RedisplayAsync(ct);
        }

        TempData.Notice("The focal point and crops were saved. Pages show the new crops now.");
        return Redirect($"/backoffice/media/edit/{Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        var result = await media.DeleteAsync(Id, User.Identity?.Name, ct);
        if (result.Status == MediaOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            TempData.Alert(result);
            return Redirect($"/backoffice/media/edit/{Id}");
        }

        TempData.Notice($"\"{result.Value!.Name}\" was deleted.");
        return Redirect(result.Value.FolderId is { } folder ? $"/backoffice/media/{folder}" : "/backoffice/media");
    }

    private double? ParsePercent(string? raw, string key, string what)
    {
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value is >= 0 and <= 100)
        {
            return value;
        }

        if (!ModelState.ContainsKey(key) || ModelState[key]!.Errors.Count == 0)
        {
            ModelState.AddModelError(key, $"{what}: enter percentages from 0 to 100, such as 37.5.");
        }

        return null;
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var item = await media.GetAsync(Id, ct);
        if (item is null)
        {
            return false;
        }

        Item = item;
        Entry = (await catalog.GetAsync(ct)).ByKey(item.Key) ?? MediaEntry.From(item);
        Folders = await media.GetFoldersAsync(ct);
        Path = await media.GetFolderPathAsync(item.FolderId, ct);
        Usages = await media.GetUsagesAsync(item.Key, ct);
        foreach (var crop in ImageCrops.All)
        {
            Crops.TryAdd(crop.Alias, new CropInput());
        }

        return true;
    }
}
