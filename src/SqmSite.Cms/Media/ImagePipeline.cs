using System.Globalization;
using ImageMagick;
using ImageMagick.Configuration;
using Microsoft.Extensions.Options;

namespace SqmSite.Cms.Media;

/// <summary>
/// Initialises ImageMagick once per process with a policy that allows only the coders the site accepts and denies
/// everything else: delegates (external programs), reading from paths, URLs and "@file" indirection, filters,
/// and every other coder (SVG, MSL, MVG, PDF, TEXT, ...). Resource limits cap width, height, area and memory;
/// there is no disk spill, so an image that does not fit is refused rather than slowly swapped.
/// </summary>
public static class MagickSecurity
{
    /// <summary>The coders allowed to read and write. Everything else is denied.</summary>
    public static readonly IReadOnlyList<string> AllowedCoders = ["PNG", "JPEG", "GIF", "WEBP"];

    private static readonly Lock Gate = new();
    private static string? _policy;

    /// <summary>The policy in force (null until initialised).</summary>
    public static string? Policy => _policy;

    /// <summary>
    /// Sets the policy and limits. ImageMagick's configuration is process-wide and fixed after its first use, so the
    /// first caller's limits win; the pipeline checks the configured limits itself before ImageMagick sees a file.
    /// </summary>
    public static void EnsureInitialized(MediaOptions options)
    {
        if (_policy is not null)
        {
            return;
        }

        lock (Gate)
        {
            if (_policy is not null)
            {
                return;
            }

            var policy = BuildPolicy(options);
            var files = ConfigurationFiles.Default;
            files.Policy.Data = policy;

            // No external program is ever started: the delegates map is empty as well as denied by the policy.
            files.Delegates.Data = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><delegatemap></delegatemap>";
            MagickNET.Initialize(files);

            ResourceLimits.Width = (ulong)options.MaxPixelDimension;
            ResourceLimits.Height = (ulong)options.MaxPixelDimension;
            ResourceLimits.Area = (ulong)options.MaxMegapixels * 1_000_000;
            ResourceLimits.Memory = (ulong)options.MaxMemoryMegabytes * 1024 * 1024;
            ResourceLimits.Disk = 0;
            ResourceLimits.ListLength = (ulong)options.MaxFrames;
            ResourceLimits.MaxProfileSize = 4 * 1024 * 1024;
            _policy = policy;
        }
    }

    private static string BuildPolicy(MediaOptions o)
    {
        var coders = string.Join(',', AllowedCoders);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <policymap>
              <policy domain="delegate" rights="none" pattern="*" />
              <policy domain="filter" rights="none" pattern="*" />
              <policy domain="coder" rights="none" pattern="*" />
              <policy domain="coder" rights="read|write" pattern="{{{coders}}}" />
              <policy domain="path" rights="none" pattern="@*" />
              <policy domain="path" rights="none" pattern="|*" />
              <policy domain="path" rights="none" pattern="*" />
              <policy domain="resource" name="width" value="{{o.MaxPixelDimension}}" />
              <policy domain="resource" name="height" value="{{o.MaxPixelDimension}}" />
              <policy domain="resource" name="area" value="{{o.MaxMegapixels}}MP" />
              <policy domain="resource" name="memory" value="{{o.MaxMemoryMegabytes}}MiB" />
              <policy domain="resource" name="map" value="{{o.MaxMemoryMegabytes}}MiB" />
              <policy domain="resource" name="disk" value="0" />
              <policy domain="resource" name="list-length" value="{{o.MaxFrames}}" />
              <policy domain="system" name="max-memory-request" value="{{o.MaxMemoryMegabytes}}MiB" />
            </policymap>
            """);
    }
}

/// <summary>What an upload turned out to be, once checked and decoded.</summary>
/// <param name="Width">Displayed width: after the camera's orientation is applied.</param>
public sealed record MediaInspection(MediaOperationStatus Status, MediaFormat? Format, int? Width, int? Height, string? Message)
{
    public bool Succeeded => Status == MediaOperationStatus.Success;

    internal static MediaInspection Fail(MediaOperationStatus status, string message) => new(status, null, null, null, message);
}

/// <summary>One picture to make from an original.</summary>
/// <param name="SourceWidth">The original's displayed width (as stored on the media item).</param>
/// <param name="Area">The part of the original to keep, in displayed pixels.</param>
public sealed record RenditionSpec(MediaFormat SourceFormat, int SourceWidth, int SourceHeight, PixelRect Area, int Width, int Height,
    RenditionFormat Format);

public enum RenditionFormat
{
    WebP,
    Jpeg,
    Png,
}

public static class RenditionFormats
{
    public static string ContentType(this RenditionFormat format) => format switch
    {
        RenditionFormat.WebP => "image/webp",
        RenditionFormat.Jpeg => "image/jpeg",
        _ => "image/png",
    };

    public static string Extension(this RenditionFormat format) => format switch
    {
        RenditionFormat.WebP => "webp",
        RenditionFormat.Jpeg => "jpg",
        _ => "png",
    };

    public static RenditionFormat? Parse(string? value) => value?.ToLowerInvariant() switch
    {
        "webp" => RenditionFormat.WebP,
        "jpeg" or "jpg" => RenditionFormat.Jpeg,
        "png" => RenditionFormat.Png,
        _ => null,
    };

    /// <summary>The format a rendition has when the URL does not ask for one: the original's family (a GIF becomes a still PNG).</summary>
    public static RenditionFormat DefaultFor(MediaFormat source) => source switch
    {
        MediaFormat.Jpeg => RenditionFormat.Jpeg,
        MediaFormat.WebP => RenditionFormat.WebP,
        _ => RenditionFormat.Png,
    };
}

/// <summary>
/// Checks uploads and makes renditions with Magick.NET, under <see cref="MagickSecurity"/>'s policy. Every read names
/// its coder explicitly (the one the bytes were found to be), and everything goes through memory, never a path.
/// </summary>
public sealed class ImagePipeline
{
    /// <summary>Bumped whenever rendering changes (quality, filters), so cached renditions and their ETags change too.</summary>
    public const int Revision = 1;

    private readonly MediaOptions _options;

    public ImagePipeline(IOptions<MediaOptions> options)
    {
        _options = options.Value;
        MagickSecurity.EnsureInitialized(_options);
    }

    public MediaOptions Options => _options;

    /// <summary>Finds what a file is from its bytes, refuses what the site must not take, and decodes images fully once.</summary>
    public MediaInspection Inspect(ReadOnlySpan<byte> data)
    {
        var sniffed = MediaSniffer.Inspect(data, _options);
        if (!sniffed.Succeeded)
        {
            return MediaInspection.Fail(sniffed.Status, sniffed.Message!);
        }

        var format = sniffed.Format!.Value;
        if (format.Kind() == MediaKind.Document)
        {
            return new MediaInspection(MediaOperationStatus.Success, format, null, null, null);
        }

        try
        {
            // A full decode of the first frame finds damaged pixel data that the structure walk cannot see.
            using var image = new MagickImage();
            var warnings = new List<string>();
            image.Warning += (_, e) => warnings.Add(e.Message);
            image.Read(data, ReadSettings(format, null));
            if (warnings.Count > 0 && format == MediaFormat.Jpeg && warnings.Any(w => w.Contains("Premature end", StringComparison.OrdinalIgnoreCase)))
            {
                return MediaInspection.Fail(MediaOperationStatus.Corrupt, "This JPEG file is incomplete (its picture data ends early). Upload the complete file.");
            }

            var swap = SwapsSides(image.Orientation);
            var width = (int)(swap ? image.Height : image.Width);
            var height = (int)(swap ? image.Width : image.Height);
            return new MediaInspection(MediaOperationStatus.Success, format, width, height, null);
        }
        catch (MagickResourceLimitErrorException)
        {
            return MediaInspection.Fail(MediaOperationStatus.TooManyPixels, "This image is too large for the site to process. Make it smaller and upload it again.");
        }
        catch (MagickException e)
        {
            return MediaInspection.Fail(MediaOperationStatus.Corrupt, $"This {format.Label()} file could not be read ({Reason(e)}). Save it again from an image editor and upload that.");
        }
    }

    /// <summary>Makes one rendition: orient, cut, resize, convert to sRGB, strip every profile (EXIF, GPS, XMP, ICC), encode.</summary>
    public byte[] Render(ReadOnlySpan<byte> original, RenditionSpec spec)
    {
        // JPEG can decode at 1/2, 1/4 or 1/8 of its size for almost nothing; ask for the smallest that still covers the output.
        string? sizeHint = null;
        if (spec.SourceFormat == MediaFormat.Jpeg)
        {
            var scale = Math.Min(1.0, Math.Max((double)spec.Width / spec.Area.Width, (double)spec.Height / spec.Area.Height));
            if (scale < 0.5)
            {
                sizeHint = string.Create(CultureInfo.InvariantCulture,
                    $"{Math.Ceiling(spec.SourceWidth * scale)}x{Math.Ceiling(spec.SourceHeight * scale)}");
            }
        }

        using var image = new MagickImage();
        image.Read(original, ReadSettings(spec.SourceFormat, sizeHint));
        image.AutoOrient();

        // The decoder may have scaled down; the area is in the original's displayed pixels. (A hint given in displayed
        // sides still covers a rotated camera picture: its longer side is the one that binds.)
        var fx = (double)image.Width / spec.SourceWidth;
        var fy = (double)image.Height / spec.SourceHeight;

        var area = new MagickGeometry(
            (int)Math.Round(spec.Area.X * fx), (int)Math.Round(spec.Area.Y * fy),
            (uint)Math.Max(1, Math.Round(spec.Area.Width * fx)), (uint)Math.Max(1, Math.Round(spec.Area.Height * fy)));
        if (area.X != 0 || area.Y != 0 || area.Width != image.Width || area.Height != image.Height)
        {
            image.Crop(area);
            image.ResetPage();
        }

        if (image.Width != spec.Width || image.Height != spec.Height)
        {
            image.Resize(new MagickGeometry((uint)spec.Width, (uint)spec.Height) { IgnoreAspectRatio = true });
        }

        if (image.ColorSpace == ColorSpace.CMYK)
        {
            if (image.GetColorProfile() is null)
            {
                image.TransformColorSpace(ColorProfiles.USWebCoatedSWOP, ColorProfiles.SRGB);
            }
            else
            {
                image.TransformColorSpace(ColorProfiles.SRGB);
            }
        }
        else if (image.GetColorProfile() is { } profile && profile.ColorSpace != ColorSpace.sRGB)
        {
            image.TransformColorSpace(ColorProfiles.SRGB);
        }

        image.Strip();
        switch (spec.Format)
        {
            case RenditionFormat.WebP:
                image.Quality = 80;
                image.Format = MagickFormat.WebP;
                break;
            case RenditionFormat.Jpeg:
                if (image.HasAlpha)
                {
                    image.BackgroundColor = MagickColors.White;
                    image.Alpha(AlphaAction.Remove);
                }

                image.Quality = 82;
                image.Settings.Interlace = Interlace.Jpeg;
                image.Format = MagickFormat.Jpeg;
                break;
            default:
                image.Format = MagickFormat.Png;
                break;
        }

        return image.ToByteArray();
    }

    private MagickReadSettings ReadSettings(MediaFormat format, string? jpegSizeHint)
    {
        var settings = new MagickReadSettings
        {
            // The coder is the one the bytes were found to be; ImageMagick never guesses.
            Format = format switch
            {
                MediaFormat.Png => MagickFormat.Png,
                MediaFormat.Jpeg => MagickFormat.Jpeg,
                MediaFormat.Gif => MagickFormat.Gif,
                MediaFormat.WebP => MagickFormat.WebP,
                _ => throw new InvalidOperationException($"{format} is not an image."),
            },

            // Animated GIF and WebP: the first frame is the picture (renditions are still images).
            FrameIndex = 0,
            FrameCount = 1,
        };
        if (jpegSizeHint is not null)
        {
            settings.SetDefine("jpeg:size", jpegSizeHint);
        }

        return settings;
    }

    private static bool SwapsSides(Orientation orientation) =>
        orientation is Orientation.LeftTop or Orientation.RightTop or Orientation.RightBottom or Orientation.LeftBottom;

    /// <summary>ImageMagick's message without its source-file position, for people.</summary>
    private static string Reason(MagickException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" `", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" @ ", StringComparison.Ordinal);
        }

        message = (cut > 0 ? message[..cut] : message).Trim();
        return message.Length > 120 ? message[..120] : message;
    }
}
