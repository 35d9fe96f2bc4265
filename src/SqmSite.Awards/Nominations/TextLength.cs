using System.Globalization;
using System.Text;

namespace SqmSite.Awards.Nominations;

/// <summary>
/// The one text rule of the awards: lengths are counted as a person counts them ("é" typed either way, or a flag,
/// is one), and a value made only of spaces, control or invisible characters (zero-width space, word joiner, BOM)
/// is blank. Every awards field checks its input through <see cref="Check"/>.
/// </summary>
public static class TextLength
{
    /// <summary>Characters as a person counts them, with a Windows line break counted once.</summary>
    public static int Of(string text) => new StringInfo(text.Replace("\r\n", "\n", StringComparison.Ordinal)).LengthInTextElements;

    /// <summary>Whether the character shows nothing: white space, a control character or an invisible format character.</summary>
    public static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || c is '\u034F' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u180E'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>Blank after removing invisible characters.</summary>
    public static bool IsBlank(string? text) => text is null || text.All(IsInvisible);

    /// <summary>
    /// The value as stored: line breaks as "\n", control characters other than line breaks and tabs removed (they are
    /// never typed on purpose), invisible characters trimmed from both ends. Invisible characters inside the text stay:
    /// a zero-width joiner is part of an emoji.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                builder.Append(c);
            }
        }

        var start = 0;
        var end = builder.Length;
        while (start < end && IsInvisible(builder[start]))
        {
            start++;
        }

        while (end > start && IsInvisible(builder[end - 1]))
        {
            end--;
        }

        return builder.ToString(start, end - start);
    }

    /// <summary>
    /// Checks one field: <paramref name="missing"/> when required and blank, a message naming
    /// <paramref name="label"/> when longer than <paramref name="max"/> characters. The cleaned value (null when blank)
    /// is what to store. A value whose characters each take many code units (hundreds of combining marks) is refused
    /// too, so it can never outgrow its column of <paramref name="storage"/> code units (by default
    /// <see cref="StorageFactor"/> per allowed character).
    /// </summary>
    public static TextCheck Check(string? input, string label, int max, string? missing = null, int? storage = null)
    {
        var value = Clean(input);
        if (IsBlank(value))
        {
            return new(null, missing);
        }

        var length = Of(value);
        if (length > max)
        {
            return new(null, $"{label} may have at most {max:N0} characters; it has {length:N0}.");
        }

        return value.Length > (storage ?? max * StorageFactor)
            ? new(null, $"{label} uses too many accents or symbols per character to be stored; shorten it.")
            : new(value, null);
    }

    /// <summary>Columns hold this many UTF-16 code units per allowed character.</summary>
    public const int StorageFactor = 4;
}

/// <summary>A checked field: the value to store (null when blank) or the message for people.</summary>
public readonly record struct TextCheck(string? Value, string? Error)
{
    public bool IsValid => Error is null;
}
