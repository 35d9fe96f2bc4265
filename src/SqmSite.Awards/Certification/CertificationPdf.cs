using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using SqmSite.Awards.Winners;

namespace SqmSite.Awards.Certification;

/// <summary>
/// The certificate as a PDF (PDFsharp), in the awards certificates' typography: the organization, the practice area,
/// the number and dates, and a QR code (QRCoder) of the public verification page, with its address printed beneath
/// for anyone who cannot scan it.
/// </summary>
internal static class CertificationPdf
{
    public static byte[] Render(Certificate certificate, string verifyUrl)
    {
        CertificateFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = $"Certificate {certificate.Number}";
        document.Info.Author = CertificateLayout.Program;
        document.Info.Subject = "Certified CX best practice";
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(297);
        page.Height = XUnit.FromMillimeter(210);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            Draw(gfx, page.Width.Point, page.Height.Point, certificate, verifyUrl);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics gfx, double width, double height, Certificate c, string verifyUrl)
    {
        var middle = width / 2;
        gfx.DrawRectangle(new XPen(CertificateLayout.Navy, 2.2), 22, 22, width - 44, height - 44);
        gfx.DrawRectangle(new XPen(CertificateLayout.Gold, 0.8), 30, 30, width - 60, height - 60);
        CertificateLayout.Tracked(gfx, "CX BEST PRACTICE CERTIFICATION", CertificateLayout.Font(CertificateFonts.Sans, 12), CertificateLayout.Navy, middle, 92, 2.6);
        gfx.DrawLine(new XPen(CertificateLayout.Gold, 1), middle - 42, 108, middle + 42, 108);
        CertificateLayout.Centered(gfx, "Certified CX Best Practice", CertificateLayout.Font(CertificateFonts.Serif, 34), CertificateLayout.Navy, middle, 160);
        CertificateLayout.Centered(gfx, "this certifies that the practice of", CertificateLayout.Font(CertificateFonts.Serif, 14, italic: true), CertificateLayout.Grey, middle, 196);

        var (nameFont, nameLines) = CertificateLayout.Fit(gfx, c.OrganizationName, CertificateFonts.Serif, bold: true, 30, 14, width - 300, maxLines: 3);
        var y = 240 - (nameLines.Count - 1) * nameFont.Size * 1.18 / 2;
        foreach (var line in nameLines)
        {
            CertificateLayout.Centered(gfx, line, nameFont, CertificateLayout.Navy, middle, y);
            y += nameFont.Size * 1.18;
        }

        CertificateLayout.Centered(gfx, "meets the CX best practice standard in", CertificateLayout.Font(CertificateFonts.Serif, 14, italic: true), CertificateLayout.Grey, middle, y + 14);
        var (areaFont, areaLines) = CertificateLayout.Fit(gfx, c.AreaName, CertificateFonts.Sans, bold: true, 20, 12, width - 300, maxLines: 2);
        y += 46;
        foreach (var line in areaLines)
        {
            CertificateLayout.Centered(gfx, line, areaFont, CertificateLayout.Navy, middle, y);
            y += areaFont.Size * 1.2;
        }

        var small = CertificateLayout.Font(CertificateFonts.Sans, 10.5);
        var dates = $"Certificate {c.Number}  ·  issued {CertificationService.Day(c.IssuedOn)}  ·  valid until {CertificationService.Day(c.ExpiresOn)}";
        CertificateLayout.Centered(gfx, dates, small, CertificateLayout.Grey, middle, height - 96);
        CertificateLayout.Centered(gfx, "Check that it is in force: " + verifyUrl, CertificateLayout.Font(CertificateFonts.Sans, 9), CertificateLayout.Grey, middle, height - 78);

        // The QR code of the verify page, drawn as squares (sharp at any zoom and print size), in the lower right corner.
        const double size = 86;
        DrawQr(gfx, verifyUrl, width - 44 - size, height - 44 - size - 6, size);
    }

    /// <summary>The QR code's dark modules, each a filled square, with its quiet zone left white.</summary>
    internal static void DrawQr(XGraphics gfx, string text, double x, double y, double size)
    {
        var modules = Modules(text);
        var cell = size / modules.Count;
        gfx.DrawRectangle(XBrushes.White, x, y, size, size);
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Length; column++)
            {
                if (modules[row][column])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell + 0.01, cell + 0.01);
                }
            }
        }
    }

    /// <summary>The QR code of <paramref name="text"/> (error correction M), quiet zone included, row by row.</summary>
    internal static IReadOnlyList<bool[]> Modules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix.Select(row => row.Cast<bool>().ToArray())];
    }
}
