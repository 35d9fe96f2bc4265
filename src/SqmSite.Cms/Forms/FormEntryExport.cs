using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;

namespace SqmSite.Cms.Forms;

/// <summary>
/// Entries as a table for CSV and Excel: one row per entry, one column per field in form order. Every text cell that a
/// spreadsheet could take for a formula (= + - @, tab, carriage return) is prefixed with an apostrophe.
/// </summary>
public static class FormEntryExport
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows);

    /// <summary>A cell: text, or a number that spreadsheets may compute with.</summary>
    public sealed record Cell(string Text, decimal? Number = null);

    public static Table Build(FormDefinition form, IEnumerable<FormEntry> entries, TimeZoneInfo zone)
    {
        var fields = form.ValueFields.ToList();
        var headers = new List<string> { "Entry", "State", "Started", "Submitted" };
        headers.AddRange(fields.Select(f => f.Label));
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var entry in entries)
        {
            var row = new List<Cell>
            {
                new(entry.Key.ToString()),
                new(entry.State.ToString()),
                new(Local(entry.CreatedUtc, zone)),
                new(entry.SubmittedUtc is { } s ? Local(s, zone) : ""),
            };
            foreach (var field in fields)
            {
                var value = entry.Values[field.Alias];
                row.Add(field.Type is FormFieldType.Number or FormFieldType.Percentage && entry.Number(field.Alias) is { } n
                    ? new Cell(FormValues.Display(value), n)
                    : new Cell(FormValues.Display(value)));
            }

            rows.Add(row);
        }

        return new Table(headers, rows);
    }

    /// <summary>Neutralizes a value a spreadsheet would run as a formula.</summary>
    public static string Safe(string text) => text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : text;

    /// <summary>
    /// UTF-8 with a byte order mark, so Excel reads accents right when the file is double-clicked. CsvHelper's own
    /// injection escaping does the prefixing, with the same characters as <see cref="Safe"/>.
    /// </summary>
    public static byte[] ToCsv(Table table)
    {
        using var buffer = new MemoryStream();
        var options = new CsvWriterOptions
        {
            WriteByteOrderMark = true,
            Injection = CsvInjection.Escape,
            InjectionCharacters = new string(FormulaStarts),
            InjectionEscape = '\'',
            FormatProvider = CultureInfo.InvariantCulture,
        };
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            foreach (var header in table.Headers)
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell.Text);
                }

                csv.EndRecord();
            }
        }

        return buffer.ToArray();
    }

    public static byte[] ToExcel(Table table, string sheetName)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SheetName(sheetName));
        for (var c = 0; c < table.Headers.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(Safe(table.Headers[c]));
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            for (var c = 0; c < row.Count; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                if (row[c].Number is { } number)
                {
                    cell.SetValue(number);
                }
                else
                {
                    // Text cells are never formulas in the file itself; the prefix protects copies saved as CSV.
                    cell.SetValue(Safe(row[c].Text));
                    cell.DataType = XLDataType.Text;
                }
            }
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);

        // Fixed widths: measuring text needs GDI+, which Linux servers do not have.
        sheet.Columns(1, Math.Max(1, table.Headers.Count)).Width = 24;
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }

    /// <summary>A file name for downloads: the form's alias and today's date.</summary>
    public static string FileName(FormDefinition form, DateTime utcNow, string extension) =>
        $"{form.Alias}-entries-{utcNow:yyyy-MM-dd}.{extension}";

    private static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string SheetName(string name)
    {
        var cleaned = new string([.. name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]).Trim();
        return cleaned.Length == 0 ? "Entries" : cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }
}
