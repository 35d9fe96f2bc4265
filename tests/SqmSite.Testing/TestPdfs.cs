using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace SqmSite.Testing;

/// <summary>
/// Well-formed PDFs written byte by byte (exact cross-reference offsets, so a strict parser reads them), and the hostile
/// ones a probe sends: active content behind name escapes, inside a Flate-compressed object stream, or added by an
/// incremental update, in every place a reader looks for it.
/// </summary>
public static class TestPdfs
{
    /// <summary>A one-page document; <paramref name="text"/> makes files differ.</summary>
    public static byte[] Plain(string text = "Award rules") => Classic(text, catalogExtra: "", pageExtra: "");

    /// <summary>The plain document with <paramref name="catalogExtra"/> in its catalog, <paramref name="pageExtra"/> in its page and more objects from 5 on.</summary>
    public static byte[] Classic(string text, string catalogExtra, string pageExtra, params string[] moreObjects)
    {
        var objects = new List<string>
        {
            $"<</Type/Catalog/Pages 2 0 R{catalogExtra}>>",
            "<</Type/Pages/Kids[3 0 R]/Count 1>>",
            $"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R{pageExtra}>>",
            Stream("", "BT ET"),
        };
        objects.AddRange(moreObjects);
        return Write($"%PDF-1.4\n% {text}\n", objects, startNumber: 1, trailerExtra: "/Root 1 0 R", previousXref: null);
    }

    /// <summary>
    /// A PDF 1.5 file whose catalog, page and the objects from 5 on live in one Flate-compressed object stream, listed
    /// by a cross-reference stream: nothing of them is readable in the file's bytes.
    /// </summary>
    public static byte[] WithObjectStream(string catalogExtra, string pageExtra, params string[] moreObjects)
    {
        var compressed = new List<(int Number, string Body)>
        {
            (1, $"<</Type/Catalog/Pages 2 0 R{catalogExtra}>>"),
            (2, "<</Type/Pages/Kids[3 0 R]/Count 1>>"),
            (3, $"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]{pageExtra}>>"),
        };
        for (var i = 0; i < moreObjects.Length; i++)
        {
            compressed.Add((5 + i, moreObjects[i]));
        }

        // The object stream's header is "number offset" pairs, then the objects themselves.
        var header = new StringBuilder();
        var bodies = new StringBuilder();
        foreach (var (number, body) in compressed)
        {
            header.Append(CultureInfo.InvariantCulture, $"{number} {bodies.Length} ");
            bodies.Append(body).Append('\n');
        }

        var plain = Encoding.Latin1.GetBytes(header.ToString() + bodies);
        var deflated = Deflate(plain);
        var output = new MemoryStream();
        Append(output, "%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n");
        var objStreamOffset = output.Position;
        Append(output, $"4 0 obj\n<</Type/ObjStm/N {compressed.Count}/First {header.Length}/Filter/FlateDecode/Length {deflated.Length}>>\nstream\n");
        output.Write(deflated);
        Append(output, "\nendstream\nendobj\n");

        // The cross-reference stream (object "size - 1"): type 1 = at an offset, type 2 = inside object stream 4.
        var size = 5 + moreObjects.Length + 1;
        var xrefNumber = size - 1;
        var xrefOffset = output.Position;
        var rows = new MemoryStream();
        for (var n = 0; n < size; n++)
        {
            if (n == 0)
            {
                rows.Write([0, 0, 0, 0, 0, 0xFF, 0xFF]);
            }
            else if (n == 4)
            {
                WriteRow(rows, 1, objStreamOffset, 0);
            }
            else if (n == xrefNumber)
            {
                WriteRow(rows, 1, xrefOffset, 0);
            }
            else
            {
                var index = compressed.FindIndex(c => c.Number == n);
                WriteRow(rows, 2, 4, index);
            }
        }

        var table = rows.ToArray();
        Append(output, $"{xrefNumber} 0 obj\n<</Type/XRef/Size {size}/W[1 4 2]/Root 1 0 R/Length {table.Length}>>\nstream\n");
        output.Write(table);
        Append(output, $"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>
    /// <paramref name="original"/> (from <see cref="Classic"/>, 4 objects and what it had from 5 on) with an incremental
    /// update appended: objects given new bodies by number, a new cross-reference section pointing back to the old one.
    /// </summary>
    public static byte[] WithIncrementalUpdate(byte[] original, params (int Number, string Body)[] changed)
    {
        var text = Encoding.Latin1.GetString(original);
        var previous = long.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], CultureInfo.InvariantCulture);
        var sizeAt = text.LastIndexOf("/Size ", StringComparison.Ordinal) + 6;
        var oldSize = int.Parse(text[sizeAt..].Split('/', '>')[0], CultureInfo.InvariantCulture);
        var output = new MemoryStream();
        output.Write(original);
        var offsets = new List<(int Number, long Offset)>();
        foreach (var (number, body) in changed)
        {
            offsets.Add((number, output.Position));
            Append(output, $"{number} 0 obj\n{body}\nendobj\n");
        }

        var xref = output.Position;
        var xrefText = new StringBuilder("xref\n");
        foreach (var (number, offset) in offsets.OrderBy(o => o.Number))
        {
            xrefText.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} 00000 n\r\n");
        }

        var size = Math.Max(oldSize, offsets.Max(o => o.Number) + 1);
        xrefText.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {size}/Root 1 0 R/Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n");
        Append(output, xrefText.ToString());
        return output.ToArray();
    }

    /// <summary>The hostile PDFs of the probe, by name, with a word their refusal names (see <see cref="Hostile"/>).</summary>
    public static readonly IReadOnlyList<(string Name, string Reason)> HostileCorpus =
    [
        ("pdf with javascript written with name escapes", "JavaScript"),
        ("pdf with launch written with name escapes", "Launch"),
        ("pdf with an embedded file written with name escapes", "EmbeddedFile"),
        ("pdf with javascript in a compressed object stream", "JavaScript"),
        ("pdf with a submit-form link added by an incremental update", "SubmitForm"),
        ("pdf with escaped javascript in page actions added by an incremental update", "JavaScript"),
        ("pdf with import-data on a form field", "ImportData"),
        ("pdf with a remote go-to in page actions", "GoToR"),
        ("pdf with an embedded go-to as open action", "GoToE"),
        ("pdf with an xfa form written with name escapes", "XFA"),
        ("pdf with a rich media annotation written with name escapes", "RichMedia"),
        ("pdf with javascript in the names tree", "JavaScript"),
        ("pdf with a file attachment annotation", "EmbeddedFile"),
    ];

    public static byte[] Hostile(string name) => name switch
    {
        "pdf with javascript written with name escapes" =>
            Classic("", "/OpenAction 5 0 R", "", "<</S/J#61vaScript/J#53(app.alert(1))>>"),
        "pdf with launch written with name escapes" =>
            Classic("", "/OpenAction<</S/L#61unch/F(cmd.exe)>>", ""),
        "pdf with an embedded file written with name escapes" =>
            Classic("", "/Names<</E#6dbeddedFiles 5 0 R>>", "",
                "<</Names[(a.exe) 6 0 R]>>", "<</Type/Filespec/F(a.exe)/E#46<</F 7 0 R>>>>", Stream("/Type/Embedded#46ile", "MZ")),
        "pdf with javascript in a compressed object stream" =>
            WithObjectStream("/OpenAction 5 0 R", "", "<</S/JavaScript/JS(app.alert(1))>>"),
        "pdf with a submit-form link added by an incremental update" =>
            WithIncrementalUpdate(Plain(),
                (3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Annots[5 0 R]>>"),
                (5, "<</Type/Annot/Subtype/Link/Rect[0 0 100 100]/A<</S/SubmitForm/F(https://collect.example/)>>>>")),
        "pdf with escaped javascript in page actions added by an incremental update" =>
            WithIncrementalUpdate(Plain(),
                (3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/AA<</O 5 0 R>>>>"),
                (5, "<</S/J#61v#61Script/J#53(this.exportDataObject())>>")),
        "pdf with import-data on a form field" =>
            Classic("", "/AcroForm<</Fields[5 0 R]>>", "", "<</FT/Tx/T(name)/AA<</K<</S/ImportData/F(data.fdf)>>>>>>"),
        "pdf with a remote go-to in page actions" =>
            Classic("", "", "/AA<</O<</S/GoToR/F(other.pdf)/D[0/Fit]>>>>"),
        "pdf with an embedded go-to as open action" =>
            Classic("", "/OpenAction<</S/GoToE/D[0/Fit]/T<</R/C/N(x)>>>>", ""),
        "pdf with an xfa form written with name escapes" =>
            Classic("", "/AcroForm<</Fields[]/X#46A 5 0 R>>", "", Stream("", "x")),
        "pdf with a rich media annotation written with name escapes" =>
            Classic("", "", "/Annots[5 0 R]", "<</Type/Annot/Subtype/Rich#4dedia/Rect[0 0 10 10]>>"),
        "pdf with javascript in the names tree" =>
            Classic("", "/Names<</J#61vaScript<</Names[(a) 5 0 R]>>>>", "", "<</S/J#61vaScript/J#53(app.alert(1))>>"),
        "pdf with a file attachment annotation" =>
            Classic("", "", "/Annots[5 0 R]", "<</Type/Annot/Subtype/File#41ttachment/Rect[0 0 10 10]/FS(a.exe)>>"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>A PDF a parser cannot read: a header and an end marker around no structure at all.</summary>
    public static byte[] Unparsable() => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 9 0 R\nthis is not a document\n%%EOF\n");

    /// <summary>Harmless documents that must pass: a link to a web address, and a file compressed into an object stream.</summary>
    public static byte[] WithWebLink() =>
        Classic("", "", "/Annots[5 0 R]", "<</Type/Annot/Subtype/Link/Rect[0 0 100 100]/A<</S/URI/URI(https://example.org/)>>>>");

    public static byte[] CompressedPlain() => WithObjectStream("", "");

    /// <summary>A stream object's text: <paramref name="dictionaryExtra"/> in its dictionary, <paramref name="data"/> as its content.</summary>
    public static string Stream(string dictionaryExtra, string data) =>
        $"<<{dictionaryExtra}/Length {Encoding.Latin1.GetByteCount(data)}>>\nstream\n{data}\nendstream";

    private static byte[] Write(string header, List<string> objects, int startNumber, string trailerExtra, long? previousXref)
    {
        var output = new MemoryStream();
        Append(output, header);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Append(output, $"{startNumber + i} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = output.Position;
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            text.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }

        var prev = previousXref is { } p ? string.Create(CultureInfo.InvariantCulture, $"/Prev {p}") : "";
        text.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {objects.Count + 1}{trailerExtra}{prev}>>\nstartxref\n{xref}\n%%EOF\n");
        Append(output, text.ToString());
        return output.ToArray();
    }

    private static void WriteRow(Stream rows, byte type, long field2, int field3)
    {
        rows.WriteByte(type);
        rows.WriteByte((byte)(field2 >> 24));
        rows.WriteByte((byte)(field2 >> 16));
        rows.WriteByte((byte)(field2 >> 8));
        rows.WriteByte((byte)field2);
        rows.WriteByte((byte)(field3 >> 8));
        rows.WriteByte((byte)field3);
    }

    private static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static void Append(Stream output, string text) => output.Write(Encoding.Latin1.GetBytes(text));
}
