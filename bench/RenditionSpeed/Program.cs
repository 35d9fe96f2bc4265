using System.Diagnostics;
using System.Globalization;
using ImageMagick;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Media;

// Times the site's own pipeline (policy, limits and all) making an 800-wide WebP from a 4000x3000 JPEG.
// Usage: RenditionSpeed [runs=15] [--write-sample path.jpg]
var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 15;
var pipeline = new ImagePipeline(Options.Create(new MediaOptions()));
var jpeg = SamplePhoto(4000, 3000);
var sampleIndex = Array.IndexOf(args, "--write-sample");
if (sampleIndex >= 0 && sampleIndex + 1 < args.Length)
{
    File.WriteAllBytes(args[sampleIndex + 1], jpeg);
    Console.WriteLine($"sample: {args[sampleIndex + 1]} ({jpeg.Length:N0} bytes)");
    return;
}

var inspection = pipeline.Inspect(jpeg);
if (!inspection.Succeeded)
{
    throw new InvalidOperationException(inspection.Message);
}

var cases = new (string Name, RenditionSpec Spec)[]
{
    ("800w WebP, whole picture", Spec(null, 800)),
    ("800w WebP, hero crop (21:9)", Spec(ImageCrops.Hero, 800)),
    ("1920w WebP, whole picture", Spec(null, 1920)),
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"source: 4000x3000 JPEG, {jpeg.Length / 1024.0 / 1024:0.0} MB; {Environment.ProcessorCount} cores; {runs} runs after 3 warm-up runs"));
foreach (var (name, spec) in cases)
{
    for (var i = 0; i < 3; i++)
    {
        pipeline.Render(jpeg, spec);
    }

    var times = new List<double>();
    var size = 0;
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        size = pipeline.Render(jpeg, spec).Length;
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: median {times[times.Count / 2]:0} ms, fastest {times[0]:0} ms, slowest {times[^1]:0} ms ({size / 1024.0:0} KB)"));
}

RenditionSpec Spec(ImageCrop? crop, int width)
{
    var area = CropGeometry.Resolve(4000, 3000, crop, 0.5, 0.5, null);
    var height = crop?.HeightFor(width) ?? width * area.Height / area.Width;
    return new RenditionSpec(MediaFormat.Jpeg, 4000, 3000, area, width, height, RenditionFormat.WebP);
}

// A photo-like picture: smooth light with texture (noise), which is what makes encoders work.
static byte[] SamplePhoto(int width, int height)
{
    var pixels = new byte[width * height * 3];
    var random = new Random(7);
    for (var y = 0; y < height; y++)
    {
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 3;
            var light = 0.5 + 0.35 * Math.Sin(x / 310.0) * Math.Cos(y / 270.0) + 0.15 * Math.Sin(x / 23.0) * Math.Sin(y / 29.0);
            pixels[i] = Clamp(40 + 170 * light + random.Next(-18, 18));
            pixels[i + 1] = Clamp(60 + 120 * (double)y / height + random.Next(-18, 18));
            pixels[i + 2] = Clamp(150 - 90 * light + random.Next(-18, 18));
        }
    }

    using var image = new MagickImage();
    image.ReadPixels(pixels, new PixelReadSettings((uint)width, (uint)height, StorageType.Char, PixelMapping.RGB));
    image.Quality = 88;
    image.Format = MagickFormat.Jpeg;
    return image.ToByteArray();
}

static byte Clamp(double v) => (byte)Math.Clamp(v, 0, 255);
