using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace SqmSite.Cms.Media;

/// <summary>
/// Decides whether a PDF carries active content from a real parse of it (PdfPig), not from its bytes: a parser undoes
/// name escapes (<c>/J#61vaScript</c> is <c>/JavaScript</c>), opens compressed object streams and follows incremental
/// updates to the objects a reader will use, which a byte search cannot. Every object the cross-reference table lists,
/// and everything reachable from the catalog and the trailer, is walked; a name of a feature that runs code, calls out
/// or carries another file, anywhere (catalog, Names tree, page, annotation, form field, OpenAction, AA), refuses the file.
/// A file the parser cannot read strictly is refused too: readers repair damaged files in ways a check cannot predict.
/// </summary>
internal static class PdfInspector
{
    /// <summary>Names that mean active content, whether they are a dictionary's key or a value, and how to say them.</summary>
    private static readonly Dictionary<string, string> Active = new(StringComparer.Ordinal)
    {
        ["JavaScript"] = "JavaScript",
        ["JS"] = "JavaScript",
        ["Launch"] = "Launch, an action that starts a program",
        ["EmbeddedFile"] = "EmbeddedFile, a file hidden inside it",
        ["EmbeddedFiles"] = "EmbeddedFile, a file hidden inside it",
        ["EF"] = "EmbeddedFile, a file hidden inside it",
        ["FileAttachment"] = "EmbeddedFile, a file attached to a page",
        ["XFA"] = "XFA, a scripted form",
        ["RichMedia"] = "RichMedia, embedded media or Flash",
        ["RichMediaExecute"] = "RichMedia, embedded media or Flash",
        ["SubmitForm"] = "SubmitForm, an action that sends data to a web address",
        ["ImportData"] = "ImportData, an action that reads another file",
        ["GoToR"] = "GoToR, an action that opens another file",
        ["GoToE"] = "GoToE, an action that opens an embedded file",
    };

    /// <summary>Enough for any document a site holds; a file with more objects is a file built to make the check slow.</summary>
    private const int MaxObjects = 500_000;

    public static SniffResult Inspect(byte[] data)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(data, new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            return Unreadable();
        }

        using (document)
        {
            try
            {
                return Walk(document.Structure) is { } found
                    ? SniffResult.Fail(MediaOperationStatus.Unsafe,
                        $"This PDF contains active content ({found}), which can run code when opened. Save it as a plain PDF (for example with \"Print to PDF\") and upload that.")
                    : new SniffResult(MediaOperationStatus.Success, MediaFormat.Pdf, 0, 0, 0, null);
            }
            catch (Exception e) when (IsParseFailure(e))
            {
                return Unreadable();
            }
        }
    }

    private static SniffResult Unreadable() => SniffResult.Fail(MediaOperationStatus.Corrupt,
        "This PDF could not be read (its structure is damaged or unusual), so it could not be checked for active content. Save it again (for example with \"Print to PDF\") and upload that.");

    // PdfPig reports a damaged file with several exception types; none of them is a fault of the site.
    private static bool IsParseFailure(Exception e) => e is not (OutOfMemoryException or StackOverflowException or OperationCanceledException);

    private static string? Walk(Structure structure)
    {
        var seen = new HashSet<IndirectReference>();
        var pending = new Stack<IToken>();
        pending.Push(structure.Catalog.CatalogDictionary);
        var trailer = structure.Trailer;
        pending.Push(new IndirectReferenceToken(trailer.Root));
        if (trailer.Info is { } info)
        {
            pending.Push(info);
        }

        foreach (var reference in structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            pending.Push(new IndirectReferenceToken(reference));
        }

        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case NameToken name when Active.TryGetValue(name.Data, out var what):
                    return what;
                case DictionaryToken dictionary:
                    foreach (var (key, value) in dictionary.Data)
                    {
                        if (Active.TryGetValue(key, out var found))
                        {
                            return found;
                        }

                        pending.Push(value);
                    }

                    break;
                case ArrayToken array:
                    foreach (var item in array.Data)
                    {
                        pending.Push(item);
                    }

                    break;
                case StreamToken stream:
                    // An object stream's objects are reached through the cross-reference table, parsed; other stream
                    // data (page drawing, images, fonts) is not a place a reader looks for actions.
                    pending.Push(stream.StreamDictionary);
                    break;
                case ObjectToken obj:
                    pending.Push(obj.Data);
                    break;
                case IndirectReferenceToken link when seen.Add(link.Data):
                    if (seen.Count > MaxObjects)
                    {
                        throw new InvalidDataException("Too many objects.");
                    }

                    // A reference to an object that is not there is null in PDF, not an error.
                    var target = TryGet(structure, link.Data);
                    if (target is not null)
                    {
                        pending.Push(target);
                    }

                    break;
            }
        }

        return null;
    }

    private static IToken? TryGet(Structure structure, IndirectReference reference)
    {
        try
        {
            return structure.GetObject(reference);
        }
        catch (Exception e) when (IsParseFailure(e) && !structure.CrossReferenceTable.ObjectOffsets.ContainsKey(reference))
        {
            return null;
        }
    }
}
