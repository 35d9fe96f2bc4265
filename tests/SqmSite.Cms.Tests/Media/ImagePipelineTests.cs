using System.Diagnostics;
using ImageMagick;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Media;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests.Media;

/// <summary>The pipeline's rules with a corpus of good and hostile files, made in the tests.</summary>
public sealed class ImagePipelineTests
{
    private static readonly ImagePipeline Pipeline = new(Options.Create(new MediaOptions()));

    public static TheoryData<string, MediaFormat, int, int> GoodFiles => new()
    {
        { "png", MediaFormat.Png, 640, 480 },
        { "jpeg", MediaFormat.Jpeg, 640, 480 },
        { "webp", MediaFormat.WebP, 640, 480 },
        { "gif", MediaFormat.Gif, 320, 240 },
    };

    private static byte[] Good(string kind) => kind switch
    {
        "png" => TestImages.Png(),
        "jpeg" => TestImages.Jpeg(),
        "webp" => TestImages.WebP(),
        _ => TestImages.Gif(),
    };

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void Real_images_are_accepted_with_their_format_and_size_found_from_the_bytes(string kind, MediaFormat format, int width, int height)
    {
        var result = Pipeline.Inspect(Good(kind));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(format, result.Format);
        Assert.Equal(width, result.Width);
        Assert.Equal(height, result.Height);
    }

    [Fact]
    public void A_pdf_is_accepted_as_a_document()
    {
        var result = Pipeline.Inspect(TestImages.Pdf());
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(MediaFormat.Pdf, result.Format);
        Assert.Null(result.Width);
    }

    /// <summary>The hostile corpus: each file, the status it gets, and words its message must contain.</summary>
    [Theory]
    [InlineData("renamed linux program", MediaOperationStatus.Unsafe, "program (an ELF executable)")]
    [InlineData("renamed windows program", MediaOperationStatus.Unsafe, "Windows executable")]
    [InlineData("truncated png", MediaOperationStatus.Corrupt, "incomplete")]
    [InlineData("truncated jpeg", MediaOperationStatus.Corrupt, "incomplete")]
    [InlineData("png with a flipped byte", MediaOperationStatus.Corrupt, "checksum")]
    [InlineData("png with a web page after its end", MediaOperationStatus.Unsafe, "after the end of the picture")]
    [InlineData("png with a script in a text chunk", MediaOperationStatus.Unsafe, "<script")]
    [InlineData("gif that is also javascript", MediaOperationStatus.Unsafe, "polyglot")]
    [InlineData("81 megapixels in 9000x9000", MediaOperationStatus.TooManyPixels, "81 megapixels")]
    [InlineData("svg with a script", MediaOperationStatus.UnsupportedFormat, "SVG files are not accepted, because they can carry scripts. Export the picture as PNG")]
    [InlineData("html page", MediaOperationStatus.Unsafe, "HTML")]
    [InlineData("pdf with javascript", MediaOperationStatus.Unsafe, "JavaScript")]
    [InlineData("truncated pdf", MediaOperationStatus.Corrupt, "incomplete")]
    [InlineData("pdf with javascript written with name escapes", MediaOperationStatus.Unsafe, "JavaScript")]
    [InlineData("pdf with launch written with name escapes", MediaOperationStatus.Unsafe, "Launch")]
    [InlineData("pdf with an embedded file written with name escapes", MediaOperationStatus.Unsafe, "EmbeddedFile")]
    [InlineData("pdf with javascript in a compressed object stream", MediaOperationStatus.Unsafe, "JavaScript")]
    [InlineData("pdf with a submit-form link added by an incremental update", MediaOperationStatus.Unsafe, "SubmitForm")]
    [InlineData("pdf that cannot be parsed", MediaOperationStatus.Corrupt, "could not be read")]
    [InlineData("plain text", MediaOperationStatus.UnsupportedFormat, "not one of the accepted formats")]
    [InlineData("empty file", MediaOperationStatus.Corrupt, "empty")]
    public void Hostile_and_broken_files_are_refused_with_their_reason(string file, MediaOperationStatus status, string reason)
    {
        var result = Pipeline.Inspect(Bad(file));
        Assert.Equal(status, result.Status);
        Assert.Contains(reason, result.Message);
    }

    private static byte[] Bad(string file)
    {
        switch (file)
        {
            case "renamed linux program": return TestImages.Elf();
            case "renamed windows program": return TestImages.WindowsExe();
            case "truncated png": return TestImages.Truncated(TestImages.Png());
            case "truncated jpeg": return TestImages.Truncated(TestImages.Jpeg(), 0.8);
            case "png with a flipped byte":
                var png = TestImages.Png();
                png[png.Length / 2] ^= 0xFF;
                return png;
            case "png with a web page after its end": return TestImages.PngWithHtmlAppended();
            case "png with a script in a text chunk": return TestImages.PngWithScriptInText();
            case "gif that is also javascript": return TestImages.GifJavaScriptPolyglot();
            case "81 megapixels in 9000x9000": return TestImages.PixelFloodPng(9_000, 9_000);
            case "svg with a script": return TestImages.SvgWithScript();
            case "html page": return TestImages.Html();
            case "pdf with javascript": return TestImages.PdfWithJavaScript();
            case "truncated pdf": return TestImages.Truncated(TestImages.Pdf(), 0.5);
            case "pdf that cannot be parsed": return TestPdfs.Unparsable();
            case "plain text": return "just some text, not a picture"u8.ToArray();
            case "empty file": return [];
            default: return TestPdfs.Hostile(file); // the rest of the PDF corpus, shared with the site-wide replay
        }
    }

    [Fact]
    public void A_jpeg_with_a_zip_appended_is_refused_but_padding_is_not()
    {
        var jpeg = TestImages.Jpeg();
        Assert.Equal(MediaOperationStatus.Unsafe, Pipeline.Inspect([.. jpeg, .. "PK\x03\x04 a hidden archive"u8]).Status);
        Assert.True(Pipeline.Inspect([.. jpeg, 0, 0, 0, 0]).Succeeded);
    }

    [Fact]
    public void A_pixel_flood_is_refused_quickly_without_allocating_its_pixels()
    {
        var flood = TestImages.PixelFloodPng();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = Pipeline.Inspect(flood);
        clock.Stop();
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(MediaOperationStatus.TooManyPixels, result.Status);
        Assert.Contains("20,000 × 20,000 pixels", result.Message);
        Assert.True(clock.ElapsedMilliseconds < 500, $"took {clock.ElapsedMilliseconds} ms");
        Assert.True(used < 1_000_000, $"allocated {used:N0} bytes");
    }

    [Fact]
    public void ImageMagick_itself_refuses_a_pixel_flood_by_its_resource_limits()
    {
        Assert.NotNull(Pipeline.Options);
        // The second line of defence, should a file ever reach the decoder unchecked.
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<MagickException>(() => new MagickImage(TestImages.PixelFloodPng(), new MagickReadSettings { Format = MagickFormat.Png }));
        Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(10_000UL, ResourceLimits.Width);
        Assert.Equal(10_000UL, ResourceLimits.Height);
        Assert.Equal(50_000_000UL, ResourceLimits.Area);
        Assert.Equal(512UL * 1024 * 1024, ResourceLimits.Memory);
        Assert.Equal(0UL, ResourceLimits.Disk);
    }

    [Fact]
    public void The_policy_allows_only_the_accepted_coders_and_denies_delegates_paths_urls_and_indirect_reads()
    {
        Assert.NotNull(Pipeline.Options);
        var policy = MagickSecurity.Policy!;
        Assert.Contains("""<policy domain="delegate" rights="none" pattern="*" />""", policy);
        Assert.Contains("""<policy domain="coder" rights="none" pattern="*" />""", policy);
        Assert.Contains("""<policy domain="coder" rights="read|write" pattern="{PNG,JPEG,GIF,WEBP}" />""", policy);
        Assert.Contains("""<policy domain="path" rights="none" pattern="@*" />""", policy);

        // Each of these would read a file, the network or run a program if the policy let it.
        var svg = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"u8.ToArray();
        Assert.Throws<MagickPolicyErrorException>(() => new MagickImage(svg, new MagickReadSettings { Format = MagickFormat.Svg }));
        Assert.Throws<MagickPolicyErrorException>(() => new MagickImage("%PDF-1.4"u8.ToArray(), new MagickReadSettings { Format = MagickFormat.Pdf }));
        Assert.Throws<MagickPolicyErrorException>(() => new MagickImage("msl:/etc/hostname"));
        Assert.ThrowsAny<MagickException>(() => new MagickImage("@/etc/hostname"));
        var onDisk = Path.Combine(Path.GetTempPath(), $"sqmsite-policy-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(onDisk, TestImages.Png(8, 8));
        try
        {
            // Even an allowed format is not read from a path: every byte comes through .NET streams the site controls.
            Assert.Throws<MagickPolicyErrorException>(() => new MagickImage(onDisk));
        }
        finally
        {
            File.Delete(onDisk);
        }

        Assert.ThrowsAny<MagickException>(() => new MagickImage("https://example.org/a.png"));
        Assert.ThrowsAny<MagickException>(() => new MagickImage("text:/etc/passwd"));
        Assert.ThrowsAny<MagickException>(() => new MagickImage("mvg:/etc/passwd"));
    }

    [Fact]
    public void A_camera_jpeg_is_measured_upright_and_its_renditions_carry_no_exif_or_gps()
    {
        var camera = TestImages.CameraJpeg(600, 400);
        using (var original = TestImages.Decode(camera))
        {
            Assert.NotNull(original.GetExifProfile()?.GetValue(ExifTag.GPSLatitude));
        }

        var inspection = Pipeline.Inspect(camera);
        Assert.True(inspection.Succeeded, inspection.Message);
        Assert.Equal(400, inspection.Width);
        Assert.Equal(600, inspection.Height);

        foreach (var format in Enum.GetValues<RenditionFormat>())
        {
            var bytes = Pipeline.Render(camera, new RenditionSpec(MediaFormat.Jpeg, 400, 600, new PixelRect(0, 0, 400, 600), 200, 300, format));
            using var rendition = TestImages.Decode(bytes);
            Assert.Equal(200u, rendition.Width);
            Assert.Equal(300u, rendition.Height);
            Assert.Null(rendition.GetExifProfile());
            Assert.Null(rendition.GetXmpProfile());
            Assert.Null(rendition.GetColorProfile());
            Assert.DoesNotContain("TestCam", System.Text.Encoding.Latin1.GetString(bytes));
        }
    }

    [Fact]
    public void A_large_jpeg_is_cut_and_sized_exactly_through_the_fast_decode_path()
    {
        var jpeg = TestImages.Jpeg(4000, 3000);
        var area = CropGeometry.Resolve(4000, 3000, ImageCrops.Hero, 0.5, 0.5, null);
        var bytes = Pipeline.Render(jpeg, new RenditionSpec(MediaFormat.Jpeg, 4000, 3000, area, 800, ImageCrops.Hero.HeightFor(800), RenditionFormat.WebP));
        using var image = TestImages.Decode(bytes);
        Assert.Equal(MagickFormat.WebP, image.Format);
        Assert.Equal(800u, image.Width);
        Assert.Equal(343u, image.Height);
    }

    [Fact]
    public void The_crop_keeps_the_focal_point_in_view()
    {
        // The bright square of the test picture sits at 70-90 % across, 20-50 % down.
        var png = TestImages.Png(800, 400);
        var area = CropGeometry.Resolve(800, 400, ImageCrops.Logo, 0.8, 0.35, null);
        Assert.Equal(new PixelRect(400, 0, 400, 400), area);
        var bytes = Pipeline.Render(png, new RenditionSpec(MediaFormat.Png, 800, 400, area, 100, 100, RenditionFormat.Png));
        using var image = TestImages.Decode(bytes);
        using var pixels = image.GetPixels();
        var centre = pixels.GetPixel(60, 35)!.ToColor()!;
        Assert.True(centre.R > 240 && centre.G > 240 && centre.B < 20, $"expected the bright square, got {centre}");
    }

    [Fact]
    public void Animated_gifs_become_still_renditions_of_their_first_frame()
    {
        using var frames = new MagickImageCollection();
        foreach (var colour in new[] { MagickColors.Red, MagickColors.Blue })
        {
            var frame = TestImages.Decode(TestImages.Png(40, 30));
            frame.Colorize(colour, new Percentage(100));
            frame.AnimationDelay = 10;
            frames.Add(frame);
        }

        var gif = frames.ToByteArray(MagickFormat.Gif);
        var inspection = Pipeline.Inspect(gif);
        Assert.True(inspection.Succeeded, inspection.Message);
        var bytes = Pipeline.Render(gif, new RenditionSpec(MediaFormat.Gif, 40, 30, new PixelRect(0, 0, 40, 30), 40, 30, RenditionFormat.Png));
        using var still = new MagickImageCollection(bytes);
        Assert.Single(still);
    }
}

public sealed class CropGeometryTests
{
    [Fact]
    public void Without_a_crop_the_whole_picture_is_kept() =>
        Assert.Equal(new PixelRect(0, 0, 1000, 500), CropGeometry.Resolve(1000, 500, null, 0.1, 0.1, null));

    [Fact]
    public void A_focal_point_near_an_edge_slides_the_window_to_the_edge_not_beyond()
    {
        Assert.Equal(new PixelRect(0, 0, 500, 500), CropGeometry.Resolve(1000, 500, ImageCrops.Logo, 0.0, 0.5, null));
        Assert.Equal(new PixelRect(500, 0, 500, 500), CropGeometry.Resolve(1000, 500, ImageCrops.Logo, 1.0, 0.5, null));
        Assert.Equal(new PixelRect(0, 571, 1000, 429), CropGeometry.Resolve(1000, 1000, ImageCrops.Hero, 0.5, 0.9, null));
    }

    [Fact]
    public void An_editors_rectangle_wins_and_is_trimmed_to_the_crops_exact_shape()
    {
        var rect = CropGeometry.Resolve(1000, 1000, ImageCrops.Card, 0.5, 0.5, new CropRect(0.1, 0.1, 0.5, 0.3));
        Assert.Equal(500, rect.Width);
        Assert.Equal(281, rect.Height);
        Assert.Equal(100, rect.X);
        Assert.Equal(109, rect.Y);
    }

    [Fact]
    public void An_invalid_rectangle_is_ignored_in_favour_of_the_focal_point()
    {
        var rect = CropGeometry.Resolve(1000, 500, ImageCrops.Logo, 0.5, 0.5, new CropRect(0.9, 0.9, 0.5, 0.5));
        Assert.Equal(new PixelRect(250, 0, 500, 500), rect);
    }
}
