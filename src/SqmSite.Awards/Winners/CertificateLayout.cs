using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace SqmSite.Awards.Winners;

/// <summary>
/// Draws certificates with PDFsharp: one A4 landscape page each, a typographic design (a double frame, the program's
/// name, the organization's official name, the category, the cycle, the date awarded and the award year). Long names
/// get a smaller size, then more lines, so nothing leaves the frame.
/// </summary>
internal static class CertificateLayout
{
    public const string Program = "CX Best Practice Awards";

    internal static readonly XColor Navy = XColor.FromArgb(0x1F, 0x2A, 0x44);
    internal static readonly XColor Gold = XColor.FromArgb(0xA8, 0x84, 0x4E);
    internal static readonly XColor Grey = XColor.FromArgb(0x55, 0x5D, 0x6B);

    // Every font with a ToUnicode map, so the text can be searched, copied and read aloud from the PDF.
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    /// <summary>One PDF, one page per certificate, in the order given. At least one certificate.</summary>
    public static byte[] Render(IReadOnlyList<WinnerCertificate> certificates, string title)
    {
        ArgumentOutOfRangeException.ThrowIfZero(certificates.Count);
        CertificateFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = Program;
        document.Info.Subject = "Certificate of excellence";
        foreach (var certificate in certificates)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(297);
            page.Height = XUnit.FromMillimeter(210);
            using var gfx = XGraphics.FromPdfPage(page);
            Draw(gfx, page.Width.Point, page.Height.Point, certificate);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics gfx, double width, double height, WinnerCertificate c)
    {
        var middle = width / 2;
        gfx.DrawRectangle(new XPen(Navy, 2.2), 22, 22, width - 44, height - 44);
        gfx.DrawRectangle(new XPen(Gold, 0.8), 30, 30, width - 60, height - 60);

        Tracked(gfx, Program.ToUpperInvariant(), Font(CertificateFonts.Sans, 12), Navy, middle, 96, 2.6);
        gfx.DrawLine(new XPen(Gold, 1), middle - 42, 112, middle + 42, 112);
        Centered(gfx, "Certificate of Excellence", Font(CertificateFonts.Serif, 38), Navy, middle, 172);
        Centered(gfx, "presented to", Font(CertificateFonts.Serif, 14, italic: true), Grey, middle, 214);

        // The organization: as large as fits, on up to three lines (an official name has at most 200 characters).
        var (nameFont, nameLines) = Fit(gfx, c.OrganizationName, CertificateFonts.Serif, bold: true, 34, 16, width - 170, maxLines: 3);
        var y = 266 - (nameLines.Count - 1) * nameFont.Size * 1.18 / 2;
        foreach (var line in nameLines)
        {
            Centered(gfx, line, nameFont, Navy, middle, y);
            y += nameFont.Size * 1.18;
        }

        y += 18;
        Centered(gfx, "winner in the category", Font(CertificateFonts.Serif, 14, italic: true), Grey, middle, y);
        var (categoryFont, categoryLines) = Fit(gfx, c.CategoryName, CertificateFonts.Serif, bold: true, 24, 14, width - 200, maxLines: 2);
        y += 36;
        foreach (var line in categoryLines)
        {
            Centered(gfx, line, categoryFont, Navy, middle, y);
            y += categoryFont.Size * 1.2;
        }

        Centered(gfx, c.CycleName, Font(CertificateFonts.Serif, 14), Grey, middle, y + 8);

        // The foot: the date awarded, a seal, the award year.
        const double valueLine = 500;
        var valueFont = Font(CertificateFonts.Serif, 14);
        var labelFont = Font(CertificateFonts.Sans, 8);
        foreach (var (x, value, label) in new[] { (190.0, c.AwardedOn, "DATE AWARDED"), (width - 190, c.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), "AWARD YEAR") })
        {
            Centered(gfx, value, valueFont, Navy, x, valueLine);
            gfx.DrawLine(new XPen(Gold, 0.8), x - 85, valueLine + 9, x + 85, valueLine + 9);
            Tracked(gfx, label, labelFont, Grey, x, valueLine + 24, 1.6);
        }

        gfx.DrawEllipse(new XPen(Gold, 1.6), middle - 40, valueLine - 52, 80, 80);
        gfx.DrawEllipse(new XPen(Gold, 0.6), middle - 35, valueLine - 47, 70, 70);
        Centered(gfx, "CX", Font(CertificateFonts.Serif, 22, bold: true), Navy, middle, valueLine - 6);
        Tracked(gfx, "WINNER", Font(CertificateFonts.Sans, 7), Gold, middle, valueLine + 8, 1.4);
    }

    internal static XFont Font(string family, double size, bool bold = false, bool italic = false) =>
        new(family, size, (bold, italic) switch
        {
            (true, true) => XFontStyleEx.BoldItalic,
            (true, false) => XFontStyleEx.Bold,
            (false, true) => XFontStyleEx.Italic,
            _ => XFontStyleEx.Regular,
        }, Unicode);

    internal static void Centered(XGraphics gfx, string text, XFont font, XColor color, double x, double baseline) =>
        gfx.DrawString(text, font, new XSolidBrush(color), x, baseline, XStringFormats.BaseLineCenter);

    /// <summary>Small capitals with letter spacing, centred: each character drawn on its own.</summary>
    internal static void Tracked(XGraphics gfx, string text, XFont font, XColor color, double x, double baseline, double tracking)
    {
        var widths = text.Select(ch => gfx.MeasureString(ch.ToString(), font).Width).ToList();
        var total = widths.Sum() + tracking * (text.Length - 1);
        var left = x - total / 2;
        var brush = new XSolidBrush(color);
        for (var i = 0; i < text.Length; i++)
        {
            gfx.DrawString(text[i].ToString(), font, brush, left, baseline, XStringFormats.BaseLineLeft);
            left += widths[i] + tracking;
        }
    }

    /// <summary>
    /// The largest size from <paramref name="max"/> down to <paramref name="min"/> at which the text fits the width on
    /// one line; failing that, on up to <paramref name="maxLines"/> lines broken between words; failing that, the
    /// lines at the smallest size that fits them (a word longer than the width still shrinks to fit).
    /// </summary>
    internal static (XFont Font, IReadOnlyList<string> Lines) Fit(XGraphics gfx, string text, string family, bool bold, double max, double min, double width, int maxLines)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        for (var size = max; size >= min; size -= 1)
        {
            var font = Font(family, size, bold);
            if (gfx.MeasureString(text, font).Width <= width)
            {
                return (font, [text]);
            }
        }

        for (var size = max; size >= min; size -= 1)
        {
            var font = Font(family, size, bold);
            var lines = Wrap(gfx, text, font, width);
            if (lines.Count <= maxLines && lines.All(l => gfx.MeasureString(l, font).Width <= width))
            {
                return (font, lines);
            }
        }

        // Still too long: balance the words over the lines and shrink until the widest fits.
        var balanced = Balance(text, maxLines);
        var smallest = min;
        while (smallest > 4 && balanced.Any(l => gfx.MeasureString(l, Font(family, smallest, bold)).Width > width))
        {
            smallest -= 0.5;
        }

        return (Font(family, smallest, bold), balanced);
    }

    private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        lines.Add(current);
        return lines;
    }

    private static List<string> Balance(string text, int lines)
    {
        var words = text.Split(' ');
        if (words.Length < lines)
        {
            return [text];
        }

        var perLine = text.Length / (double)lines;
        var result = new List<string>();
        var current = "";
        foreach (var word in words)
        {
            if (current.Length > 0 && result.Count < lines - 1 && current.Length + word.Length / 2.0 > perLine)
            {
                result.Add(current);
                current = word;
            }
            else
            {
                current = current.Length == 0 ? word : current + " " + word;
            }
        }

        result.Add(current);
        return result;
    }
}
