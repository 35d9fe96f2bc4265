using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace SqmSite.Awards.Winners;

/// <summary>
/// The certificates' fonts for PDFsharp: DejaVu Sans and DejaVu Serif (regular and bold), embedded in this assembly
/// (licence in <c>Winners/Fonts/LICENSE-DejaVu.txt</c>), so a certificate looks the same on every machine and never
/// depends on the fonts installed there (Linux servers have none PDFsharp would find). Any other family asked for is
/// answered with DejaVu Sans.
/// </summary>
internal sealed class CertificateFonts : IFontResolver
{
    public const string Sans = "DejaVu Sans";

    public const string Serif = "DejaVu Serif";

    private static readonly Lock Gate = new();

    private static readonly ConcurrentDictionary<string, byte[]> Loaded = new(StringComparer.Ordinal);

    private CertificateFonts()
    {
    }

    public static CertificateFonts Instance { get; } = new();

    /// <summary>
    /// Makes this the resolver of the process, once. PDFsharp's resolver is global and may be set only before its first
    /// font operation (or to the same instance again): the lock keeps two first certificates from racing to set it.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
        {
            return;
        }

        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                throw new InvalidOperationException(
                    $"PDFsharp already has another font resolver ({GlobalFontSettings.FontResolver.GetType().FullName}); the certificates need {nameof(CertificateFonts)}.");
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // Serif has a real bold; Sans is only used regular, and is simulated when asked for bold. Italic is always simulated.
        if (string.Equals(familyName, Serif, StringComparison.OrdinalIgnoreCase))
        {
            return new FontResolverInfo(bold ? "DejaVuSerif-Bold" : "DejaVuSerif", false, italic);
        }

        return new FontResolverInfo("DejaVuSans", bold, italic);
    }

    public byte[] GetFont(string faceName) => Loaded.GetOrAdd(faceName, static face =>
    {
        using var stream = typeof(CertificateFonts).Assembly.GetManifestResourceStream($"SqmSite.Awards.Winners.Fonts.{face}.ttf")
            ?? throw new InvalidOperationException($"The font {face} is not embedded in {typeof(CertificateFonts).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
