using Microsoft.AspNetCore.Mvc;
using SqmSite.Cms.Forms;

namespace SqmSite.Cms.Web;

/// <summary>A table as a download: CSV (UTF-8) or Excel, saved rather than opened (Content-Disposition: attachment).</summary>
public static class ExportFiles
{
    public const string CsvType = "text/csv; charset=utf-8";

    public const string ExcelType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary><paramref name="format"/> is "csv" or anything else for "xlsx"; <paramref name="fileName"/> is the name without or with its extension.</summary>
    public static FileContentResult Download(FormEntryExport.Table table, string format, string fileName, string sheetName)
    {
        var extension = format == "csv" ? "csv" : "xlsx";
        var name = fileName.EndsWith("." + extension, StringComparison.OrdinalIgnoreCase) ? fileName : $"{fileName}.{extension}";
        return format == "csv"
            ? new FileContentResult(FormEntryExport.ToCsv(table), CsvType) { FileDownloadName = name }
            : new FileContentResult(FormEntryExport.ToExcel(table, sheetName), ExcelType) { FileDownloadName = name };
    }
}
