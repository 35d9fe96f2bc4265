using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace SqmSite.Awards.Certification;

/// <summary>A row of the file that was not counted, and why (its number as a spreadsheet shows it, the header being row 1).</summary>
public sealed record RefusedRow(int Row, string Reason);

/// <summary>What a survey file gave: the responses counted, how many of them were satisfied, and the rows refused.</summary>
public sealed record SurveyImportResult(int Responses, int Satisfied, IReadOnlyList<RefusedRow> Refused, string? Problem)
{
    public decimal? Esat => Responses == 0 ? null : Math.Round(Satisfied * 100m / Responses, 1, MidpointRounding.ToZero);
}

/// <summary>
/// Reads a frontline survey's answers from a CSV file or an Excel workbook (the first sheet): one row per respondent,
/// a header row with a column named "Satisfied" (yes/no, true/false, 1/0, or a rating from 1 to 5 where 4 and 5 are
/// satisfied) and, when present, a "Respondent" column whose repeats are refused. Nothing is saved: the counts fill the
/// survey form for the consultant to check and save.
/// </summary>
public static class SurveyImport
{
    public const long MaxBytes = 2 * 1024 * 1024;

    public const int MaxRows = 100_000;

    /// <summary>At most this many refused rows are listed one by one; the rest are counted.</summary>
    public const int MaxListed = 50;

    public static SurveyImportResult Read(Stream content, string fileName)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        if (buffer.Length == 0)
        {
            return Failed("The file is empty.");
        }

        if (buffer.Length > MaxBytes)
        {
            return Failed($"The file is larger than {MaxBytes / 1024 / 1024} MB.");
        }

        var bytes = buffer.ToArray();
        List<string[]> rows;
        try
        {
            // A workbook is a zip ("PK"); anything else is read as text, whatever the file's name says.
            rows = bytes is [0x50, 0x4B, ..] ? ReadWorkbook(bytes) : ReadCsv(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or ArgumentException or InvalidOperationException)
        {
            return Failed($"The file could not be read as CSV or an Excel workbook (.xlsx): {e.Message}");
        }

        if (rows.Count == 0)
        {
            return Failed("The file has no rows.");
        }

        var header = rows[0].Select(h => h.Trim()).ToArray();
        var satisfiedColumn = Array.FindIndex(header, h => h.Equals("Satisfied", StringComparison.OrdinalIgnoreCase));
        if (satisfiedColumn < 0)
        {
            return Failed("The first row must name the columns, one of them \"Satisfied\" (yes or no, or a rating from 1 to 5, for each respondent).");
        }

        if (rows.Count - 1 > MaxRows)
        {
            return Failed($"The file has more than {MaxRows:N0} rows.");
        }

        var respondentColumn = Array.FindIndex(header, h => h.Equals("Respondent", StringComparison.OrdinalIgnoreCase));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var refused = new List<RefusedRow>();
        int responses = 0, satisfied = 0;
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var number = i + 1;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var answer = satisfiedColumn < row.Length ? row[satisfiedColumn].Trim() : "";
            if (Parse(answer) is not { } isSatisfied)
            {
                refused.Add(new RefusedRow(number, answer.Length == 0
                    ? "no answer in Satisfied"
                    : $"\"{Shorten(answer)}\" in Satisfied is not yes or no, nor a rating from 1 to 5"));
                continue;
            }

            if (respondentColumn >= 0)
            {
                var who = respondentColumn < row.Length ? row[respondentColumn].Trim() : "";
                if (who.Length > 0 && !seen.Add(who))
                {
                    refused.Add(new RefusedRow(number, $"respondent \"{Shorten(who)}\" answered already"));
                    continue;
                }
            }

            responses++;
            satisfied += isSatisfied ? 1 : 0;
        }

        return new SurveyImportResult(responses, satisfied, refused, responses == 0 ? "No row had an answer that could be counted." : null);
    }

    private static SurveyImportResult Failed(string problem) => new(0, 0, [], problem);

    private static bool? Parse(string answer) => answer.ToLowerInvariant() switch
    {
        "yes" or "y" or "true" or "satisfied" => true,
        "no" or "n" or "false" or "not satisfied" or "dissatisfied" => false,
        "1" or "2" or "3" or "0" => false,
        "4" or "5" => true,
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>RFC 4180: fields in double quotes may hold the delimiter, line breaks and doubled quotes.</summary>
    private static List<string[]> ReadCsv(byte[] bytes)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length && rows.Count <= MaxRows + 1; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }

    private static List<string[]> ReadWorkbook(byte[] bytes)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheets.First();
        var used = sheet.RangeUsed();
        if (used is null)
        {
            return [];
        }

        var rows = new List<string[]>();
        foreach (var row in used.Rows().Take(MaxRows + 2))
        {
            rows.Add([.. row.Cells().Select(c => c.GetFormattedString())]);
        }

        return rows;
    }
}
