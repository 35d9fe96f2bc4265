using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SqmSite.Cms.Media;

/// <summary>What the bytes of a file are, found from its content alone.</summary>
/// <param name="Width">Declared pixel width (the largest of a GIF's frames), before any camera orientation.</param>
public sealed record SniffResult(MediaOperationStatus Status, MediaFormat? Format, int Width, int Height, int Frames, string? Message)
{
    public bool Succeeded => Status == MediaOperationStatus.Success;

    internal static SniffResult Fail(MediaOperationStatus status, string message) => new(status, null, 0, 0, 0, message);
}

/// <summary>
/// Finds the real format of a file from its bytes and walks its structure before any decoder sees it: executables,
/// markup, truncated files, data hidden after the end of an image (polyglots) and huge declared sizes are refused
/// here, cheaply, with a message a person understands. The name and the browser's content type are never trusted.
/// </summary>
public static class MediaSniffer
{
    private const string Accepted = "PNG, JPEG, WebP or GIF images and PDF documents";

    public static SniffResult Inspect(ReadOnlySpan<byte> data, MediaOptions limits)
    {
        if (data.IsEmpty)
        {
            return SniffResult.Fail(MediaOperationStatus.Corrupt, "The file is empty.");
        }

        if (Program(data) is { } program)
        {
            return SniffResult.Fail(MediaOperationStatus.Unsafe,
                $"This file is {program}, not an image or a PDF, whatever its name says. Only {Accepted} are accepted.");
        }

        if (LooksLikeMarkup(data, out var isSvg))
        {
            return SniffResult.Fail(isSvg ? MediaOperationStatus.UnsupportedFormat : MediaOperationStatus.Unsafe, isSvg
                ? "SVG files are not accepted, because they can carry scripts. Export the picture as PNG (at least 1,000 pixels wide) and upload that."
                : "This file is HTML or XML text, not an image or a PDF. Only " + Accepted + " are accepted.");
        }

        // "GIF89a/*": the width bytes open a JavaScript comment, the mark of a GIF made to run as a script.
        if (data.Length >= 8 && (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)) && data[6] == '/' && data[7] == '*')
        {
            return SniffResult.Fail(MediaOperationStatus.Unsafe,
                "This GIF is built to be read as a script too (a polyglot file). Save the picture again from an image editor and upload that.");
        }

        var result = data switch
        {
            _ when data.StartsWith(PngSignature) => Png(data, limits),
            [0xFF, 0xD8, 0xFF, ..] => Jpeg(data, limits),
            _ when data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8) => Gif(data, limits),
            _ when data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) => WebP(data, limits),
            _ when data.StartsWith("%PDF-"u8) => Pdf(data),
            _ => SniffResult.Fail(MediaOperationStatus.UnsupportedFormat,
                $"This file is not one of the accepted formats ({Accepted}). Its content was checked, not its name."),
        };

        if (result.Succeeded && FindMarkup(data) is { } marker)
        {
            return SniffResult.Fail(MediaOperationStatus.Unsafe,
                $"This {result.Format!.Value.Label()} file also contains web page code (\"{marker}\"), as files made to fool browsers do. Save the picture again from an image editor and upload that.");
        }

        return result;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static string? Program(ReadOnlySpan<byte> data) => data switch
    {
        [0x7F, 0x45, 0x4C, 0x46, ..] => "a program (an ELF executable)",
        [0x4D, 0x5A, ..] => "a program (a Windows executable)",
        [0xFE, 0xED, 0xFA, 0xCE or 0xCF, ..] or [0xCE or 0xCF, 0xFA, 0xED, 0xFE, ..] => "a program (a macOS executable)",
        [0xCA, 0xFE, 0xBA, 0xBE, ..] => "a program (Java or macOS code)",
        [0x23, 0x21, ..] => "a script",
        [0x50, 0x4B, 0x03 or 0x05 or 0x07, 0x04 or 0x06 or 0x08, ..] => "an archive (ZIP, or an Office document)",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "an Office or installer file",
        [0x1F, 0x8B, ..] => "a compressed archive",
        _ when StartsWithText(data, "<?php") => "a PHP script",
        _ => null,
    };

    private static bool LooksLikeMarkup(ReadOnlySpan<byte> data, out bool isSvg)
    {
        isSvg = false;
        var text = data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? data[3..] : data;
        var i = 0;
        while (i < text.Length && i < 1024 && text[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '<')
        {
            return false;
        }

        var head = text[i..Math.Min(text.Length, i + 4096)];
        isSvg = IndexOfIgnoreCase(head, "<svg") >= 0 || IndexOfIgnoreCase(head, "image/svg") >= 0;
        return true;
    }

    /// <summary>Markup a browser would act on if it ever took the file for a page; found anywhere in the bytes.</summary>
    private static readonly string[] Markers =
    [
        "<script", "<html", "<body", "<iframe", "<svg ", "<?php", "<object", "<embed", "<!doctype", "<meta ", "<form ", "<img ", "javascript:",
    ];

    private static string? FindMarkup(ReadOnlySpan<byte> data)
    {
        // Compressed pixel data matches one of these (five or more characters) by chance about once in
        // 10^11 bytes; markup that a browser could run has to be there in plain text.
        foreach (var marker in Markers)
        {
            if (IndexOfIgnoreCase(data, marker) >= 0)
            {
                return marker;
            }
        }

        return null;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> data, string marker)
    {
        var first = (byte)marker[0];
        var upper = (byte)char.ToUpperInvariant(marker[0]);
        var offset = 0;
        while (offset < data.Length)
        {
            var found = first == upper ? data[offset..].IndexOf(first) : data[offset..].IndexOfAny(first, upper);
            if (found < 0)
            {
                return -1;
            }

            var at = offset + found;
            if (StartsWithText(data[at..], marker))
            {
                return at;
            }

            offset = at + 1;
        }

        return -1;
    }

    private static bool StartsWithText(ReadOnlySpan<byte> data, string text)
    {
        if (data.Length < text.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.ToLowerInvariant((char)data[i]) != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private static SniffResult? TooBig(MediaFormat format, long width, long height, MediaOptions limits)
    {
        if (width <= 0 || height <= 0)
        {
            return SniffResult.Fail(MediaOperationStatus.Corrupt, $"This {format.Label()} file declares a size of {width} × {height} pixels, which no image has; it is damaged.");
        }

        var megapixels = width * height / 1_000_000.0;
        if (width > limits.MaxPixelDimension || height > limits.MaxPixelDimension || megapixels > limits.MaxMegapixels)
        {
            return SniffResult.Fail(MediaOperationStatus.TooManyPixels, string.Create(CultureInfo.InvariantCulture,
                $"This image declares {width:N0} × {height:N0} pixels ({megapixels:N0} megapixels). The most this site accepts is {limits.MaxPixelDimension:N0} pixels a side and {limits.MaxMegapixels:N0} megapixels: make it smaller and upload it again."));
        }

        return null;
    }

    private static SniffResult Truncated(MediaFormat format) =>
        SniffResult.Fail(MediaOperationStatus.Corrupt, $"This {format.Label()} file is incomplete (it ends too early, as an interrupted download or copy does). Upload the complete file.");

    private static SniffResult Damaged(MediaFormat format, string what) =>
        SniffResult.Fail(MediaOperationStatus.Corrupt, $"This {format.Label()} file is damaged ({what}). Save it again from an image editor and upload that.");

    private static SniffResult TrailingData(MediaFormat format, int bytes) =>
        SniffResult.Fail(MediaOperationStatus.Unsafe, string.Create(CultureInfo.InvariantCulture,
            $"This {format.Label()} file carries {bytes:N0} bytes of other data after the end of the picture, as files made to fool browsers (polyglots) do. Save the picture again from an image editor and upload that."));

    private static bool OnlyPadding(ReadOnlySpan<byte> rest) => rest.IndexOfAnyExcept((byte)0x00, (byte)0xFF) < 0;

    // ---------------------------------------------------------------------------------------------- PNG

    private static SniffResult Png(ReadOnlySpan<byte> data, MediaOptions limits)
    {
        const MediaFormat format = MediaFormat.Png;
        var pos = 8;
        int width = 0, height = 0, chunks = 0;
        var sawData = false;
        while (true)
        {
            if (pos + 8 > data.Length)
            {
                return Truncated(format);
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var type = data.Slice(pos + 4, 4);
            if (length > int.MaxValue || !IsChunkType(type))
            {
                return Damaged(format, "a chunk of the file is not valid");
            }

            if (chunks == 0)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    return Damaged(format, "it does not start with an image header");
                }

                if (pos + 8 + 13 > data.Length)
                {
                    return Truncated(format);
                }

                // The declared size is checked before anything else, so a "pixel flood" costs nothing.
                width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8)..]), int.MaxValue);
                height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 12)..]), int.MaxValue);
                if (TooBig(format, width, height, limits) is { } refused)
                {
                    return refused;
                }
            }

            var end = (long)pos + 8 + length + 4;
            if (end > data.Length)
            {
                return Truncated(format);
            }

            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(int)(end - 4)..]);
            if (Crc32.Compute(data.Slice(pos + 4, 4 + (int)length)) != crc)
            {
                return Damaged(format, "a checksum does not match");
            }

            chunks++;
            sawData |= type.SequenceEqual("IDAT"u8);
            pos = (int)end;
            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }
        }

        if (!sawData)
        {
            return Damaged(format, "it has no pixel data");
        }

        if (pos < data.Length && !OnlyPadding(data[pos..]))
        {
            return TrailingData(format, data.Length - pos);
        }

        return new SniffResult(MediaOperationStatus.Success, format, width, height, 1, null);
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------------------------------------- JPEG

    private static SniffResult Jpeg(ReadOnlySpan<byte> data, MediaOptions limits)
    {
        const MediaFormat format = MediaFormat.Jpeg;
        var pos = 2;
        int width = 0, height = 0;
        while (true)
        {
            // Markers may be preceded by any number of 0xFF fill bytes.
            if (pos >= data.Length)
            {
                return Truncated(format);
            }

            if (data[pos] != 0xFF)
            {
                return Damaged(format, "a marker is missing");
            }

            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                return Truncated(format);
            }

            var marker = data[pos++];
            if (marker == 0xD9)
            {
                break;
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue;
            }

            if (marker is 0xD8 or 0x00)
            {
                return Damaged(format, "a marker is out of place");
            }

            if (pos + 2 > data.Length)
            {
                return Truncated(format);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (length < 2)
            {
                return Damaged(format, "a segment has no length");
            }

            if (pos + length > data.Length)
            {
                return Truncated(format);
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 8)
                {
                    return Damaged(format, "the frame header is too short");
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 3)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 5)..]);
                if (TooBig(format, width, height, limits) is { } refused)
                {
                    return refused;
                }
            }

            pos += length;
            if (marker == 0xDA)
            {
                // Entropy-coded data runs until a 0xFF that is neither stuffing (FF 00) nor a restart marker.
                while (true)
                {
                    var next = data[pos..].IndexOf((byte)0xFF);
                    if (next < 0 || pos + next + 1 >= data.Length)
                    {
                        return Truncated(format);
                    }

                    pos += next;
                    var following = data[pos + 1];
                    if (following == 0x00 || following is >= 0xD0 and <= 0xD7 || following == 0xFF)
                    {
                        pos += following == 0xFF ? 1 : 2;
                        continue;
                    }

                    break;
                }
            }
        }

        if (width == 0)
        {
            return Damaged(format, "it has no frame header");
        }

        if (pos < data.Length)
        {
            var rest = data[pos..];

            // Phones append further JPEGs (depth maps, previews) after the first; padding is harmless.
            if (!OnlyPadding(rest) && !rest.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            {
                return TrailingData(format, rest.Length);
            }
        }

        return new SniffResult(MediaOperationStatus.Success, format, width, height, 1, null);
    }

    // ---------------------------------------------------------------------------------------------- GIF

    private static SniffResult Gif(ReadOnlySpan<byte> data, MediaOptions limits)
    {
        const MediaFormat format = MediaFormat.Gif;
        if (data.Length < 13)
        {
            return Truncated(format);
        }

        int width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        var packed = data[10];
        var pos = 13;
        if ((packed & 0x80) != 0)
        {
            pos += 3 * (1 << ((packed & 7) + 1));
        }

        var frames = 0;
        while (true)
        {
            if (pos >= data.Length)
            {
                return Truncated(format);
            }

            var block = data[pos++];
            if (block == 0x3B)
            {
                break;
            }

            if (block == 0x21)
            {
                if (pos >= data.Length)
                {
                    return Truncated(format);
                }

                pos++;
                if (SkipSubBlocks(data, ref pos) is false)
                {
                    return Truncated(format);
                }

                continue;
            }

            if (block != 0x2C)
            {
                return Damaged(format, "a block is not valid");
            }

            if (pos + 9 > data.Length)
            {
                return Truncated(format);
            }

            int frameWidth = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 4)..]);
            int frameHeight = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 6)..]);
            width = Math.Max(width, frameWidth);
            height = Math.Max(height, frameHeight);
            if (TooBig(format, width, height, limits) is { } refused)
            {
                return refused;
            }

            if (++frames > limits.MaxFrames)
            {
                return SniffResult.Fail(MediaOperationStatus.TooManyPixels, string.Create(CultureInfo.InvariantCulture,
                    $"This animated GIF has more than {limits.MaxFrames:N0} frames, more than the site processes. Shorten it, or upload a still image."));
            }

            var local = data[pos + 8];
            pos += 9;
            if ((local & 0x80) != 0)
            {
                pos += 3 * (1 << ((local & 7) + 1));
            }

            pos++; // LZW minimum code size
            if (pos > data.Length || SkipSubBlocks(data, ref pos) is false)
            {
                return Truncated(format);
            }
        }

        if (frames == 0)
        {
            return Damaged(format, "it has no picture");
        }

        if (pos < data.Length && !OnlyPadding(data[pos..]))
        {
            return TrailingData(format, data.Length - pos);
        }

        return new SniffResult(MediaOperationStatus.Success, format, width, height, frames, null);
    }

    private static bool SkipSubBlocks(ReadOnlySpan<byte> data, ref int pos)
    {
        while (true)
        {
            if (pos >= data.Length)
            {
                return false;
            }

            var size = data[pos++];
            if (size == 0)
            {
                return true;
            }

            pos += size;
        }
    }

    // ---------------------------------------------------------------------------------------------- WebP

    private static SniffResult WebP(ReadOnlySpan<byte> data, MediaOptions limits)
    {
        const MediaFormat format = MediaFormat.WebP;
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffEnd > data.Length)
        {
            return Truncated(format);
        }

        var pos = 12;
        int width = 0, height = 0, frames = 0;
        while (pos < riffEnd)
        {
            if (pos + 8 > riffEnd)
            {
                return Truncated(format);
            }

            var type = data.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 4)..]);
            var body = pos + 8;
            if (body + (long)size > riffEnd)
            {
                return Truncated(format);
            }

            var chunk = data.Slice(body, (int)size);
            if (type.SequenceEqual("VP8X"u8) && size >= 10)
            {
                width = (chunk[4] | chunk[5] << 8 | chunk[6] << 16) + 1;
                height = (chunk[7] | chunk[8] << 8 | chunk[9] << 16) + 1;
            }
            else if (type.SequenceEqual("VP8 "u8))
            {
                if (size < 10 || chunk[3] != 0x9D || chunk[4] != 0x01 || chunk[5] != 0x2A)
                {
                    return Damaged(format, "the picture's header is not valid");
                }

                frames++;
                width = Math.Max(width, BinaryPrimitives.ReadUInt16LittleEndian(chunk[6..]) & 0x3FFF);
                height = Math.Max(height, BinaryPrimitives.ReadUInt16LittleEndian(chunk[8..]) & 0x3FFF);
            }
            else if (type.SequenceEqual("VP8L"u8))
            {
                if (size < 5 || chunk[0] != 0x2F)
                {
                    return Damaged(format, "the picture's header is not valid");
                }

                frames++;
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(chunk[1..]);
                width = Math.Max(width, (int)(bits & 0x3FFF) + 1);
                height = Math.Max(height, (int)((bits >> 14) & 0x3FFF) + 1);
            }
            else if (type.SequenceEqual("ANMF"u8))
            {
                frames++;
            }

            if (frames > limits.MaxFrames)
            {
                return SniffResult.Fail(MediaOperationStatus.TooManyPixels, string.Create(CultureInfo.InvariantCulture,
                    $"This animated WebP has more than {limits.MaxFrames:N0} frames, more than the site processes."));
            }

            if (width > 0 && TooBig(format, width, height, limits) is { } refused)
            {
                return refused;
            }

            pos = body + (int)size + (int)(size & 1);
        }

        if (frames == 0 || width == 0)
        {
            return Damaged(format, "it has no picture");
        }

        if (riffEnd < data.Length && !OnlyPadding(data[(int)riffEnd..]))
        {
            return TrailingData(format, data.Length - (int)riffEnd);
        }

        return new SniffResult(MediaOperationStatus.Success, format, width, height, frames, null);
    }

    // ---------------------------------------------------------------------------------------------- PDF

    /// <summary>
    /// Names of PDF features that run code or carry other files, written plainly; a site's documents need none of them. A script action
    /// always names its type /JavaScript, so the short /JS key (three bytes that compressed streams hold by chance) is
    /// not searched.
    /// </summary>
    private static readonly string[] ActivePdfNames = ["/JavaScript", "/Launch", "/EmbeddedFile", "/RichMedia", "/XFA"];

    private static SniffResult Pdf(ReadOnlySpan<byte> data)
    {
        var tail = data[Math.Max(0, data.Length - 1024)..];
        if (tail.LastIndexOf("%%EOF"u8) < 0)
        {
            return SniffResult.Fail(MediaOperationStatus.Corrupt, "This PDF is incomplete (it has no end marker, as an interrupted download has). Upload the complete file.");
        }

        foreach (var name in ActivePdfNames)
        {
            var at = data.IndexOf(Encoding.ASCII.GetBytes(name));
            while (at >= 0)
            {
                // A name ends at a delimiter: "/XFA" must not match "/XFAmily".
                var after = at + name.Length;
                if (after >= data.Length || !char.IsAsciiLetterOrDigit((char)data[after]))
                {
                    return SniffResult.Fail(MediaOperationStatus.Unsafe,
                        $"This PDF contains active content ({name.TrimStart('/')}), which can run code when opened. Save it as a plain PDF (for example with \"Print to PDF\") and upload that.");
                }

                var next = data[after..].IndexOf(Encoding.ASCII.GetBytes(name));
                at = next < 0 ? -1 : after + next;
            }
        }

        // The byte search above is only the cheap first look: escaped names, compressed object streams and incremental
        // updates hide from it, so the decision is made from a real parse.
        return PdfInspector.Inspect(data.ToArray());
    }
}

/// <summary>CRC-32 as PNG uses it (ISO 3309, reflected 0xEDB88320).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
