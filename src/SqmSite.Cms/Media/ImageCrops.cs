namespace SqmSite.Cms.Media;

/// <summary>A named crop of the image media type: an aspect ratio, and for some a fixed size (OpenGraph wants 1200x630).</summary>
public sealed record ImageCrop(string Alias, string Name, int AspectWidth, int AspectHeight, int? FixedWidth = null)
{
    public double Ratio => (double)AspectWidth / AspectHeight;

    public int HeightFor(int width) => Math.Max(1, (int)Math.Round(width / Ratio));
}

/// <summary>The crops every image has. Templates ask for them by alias; editors may adjust each one per image.</summary>
public static class ImageCrops
{
    public static readonly ImageCrop Logo = new("logo", "Logo (square)", 1, 1);
    public static readonly ImageCrop Card = new("card", "Card (16:9)", 16, 9);
    public static readonly ImageCrop Hero = new("hero", "Hero banner (21:9)", 21, 9);
    public static readonly ImageCrop OpenGraph = new("og", "Social share (1200×630)", 1200, 630, FixedWidth: 1200);

    public static readonly IReadOnlyList<ImageCrop> All = [Logo, Card, Hero, OpenGraph];

    public static ImageCrop? Find(string? alias) =>
        alias is null ? null : All.FirstOrDefault(c => string.Equals(c.Alias, alias, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A rectangle as fractions of the image's width and height, so it survives any rendition size.</summary>
public sealed record CropRect(double X, double Y, double Width, double Height)
{
    /// <summary>The smallest side an editor may draw, as a fraction: a sliver cannot make a useful picture.</summary>
    public const double MinSide = 0.02;

    private const double Slack = 1e-6;

    public bool IsValid =>
        double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Width) && double.IsFinite(Height)
        && X >= -Slack && Y >= -Slack && Width >= MinSide && Height >= MinSide
        && X + Width <= 1 + Slack && Y + Height <= 1 + Slack;
}

/// <summary>A rectangle in whole pixels of the (oriented) source image.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);

/// <summary>Where a crop cuts an image: the editor's rectangle if drawn, else the largest window of the crop's shape around the focal point.</summary>
public static class CropGeometry
{
    public static PixelRect Resolve(int sourceWidth, int sourceHeight, ImageCrop? crop, double focalX, double focalY, CropRect? manual)
    {
        if (crop is null)
        {
            return new PixelRect(0, 0, sourceWidth, sourceHeight);
        }

        if (manual is { IsValid: true })
        {
            // The editor's rectangle, trimmed to the crop's exact shape around its own centre (the browser rounds).
            var x = manual.X * sourceWidth;
            var y = manual.Y * sourceHeight;
            var w = manual.Width * sourceWidth;
            var h = manual.Height * sourceHeight;
            var (fw, fh) = Fit(w, h, crop.Ratio);
            return Clamp(x + (w - fw) / 2, y + (h - fh) / 2, fw, fh, sourceWidth, sourceHeight);
        }

        var (cw, ch) = Fit(sourceWidth, sourceHeight, crop.Ratio);
        var cx = Math.Clamp(focalX, 0, 1) * sourceWidth - cw / 2;
        var cy = Math.Clamp(focalY, 0, 1) * sourceHeight - ch / 2;
        return Clamp(cx, cy, cw, ch, sourceWidth, sourceHeight);
    }

    /// <summary>The largest rectangle of <paramref name="ratio"/> inside width x height.</summary>
    private static (double W, double H) Fit(double width, double height, double ratio) =>
        width / height > ratio ? (height * ratio, height) : (width, width / ratio);

    private static PixelRect Clamp(double x, double y, double w, double h, int sourceWidth, int sourceHeight)
    {
        var width = Math.Clamp((int)Math.Round(w), 1, sourceWidth);
        var height = Math.Clamp((int)Math.Round(h), 1, sourceHeight);
        var left = Math.Clamp((int)Math.Round(x), 0, sourceWidth - width);
        var top = Math.Clamp((int)Math.Round(y), 0, sourceHeight - height);
        return new PixelRect(left, top, width, height);
    }
}
