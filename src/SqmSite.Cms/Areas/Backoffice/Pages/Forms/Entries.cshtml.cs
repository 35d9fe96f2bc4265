using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Forms;

/// <summary>A form's entries: filter by state and date, search the answers, export what the filter shows.</summary>
public sealed class EntriesModel(FormService forms, FormEntryService entries, IOptions<CmsOptions> options, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public FormDefinition Form { get; private set; } = null!;

    public IReadOnlyList<FormEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

    public List<string> FilterErrors { get; } = [];

    /// <summary>The first few answers shown in the list, so rows can be told apart.</summary>
    public IReadOnlyList<FormField> Columns => [.. Form.ValueFields.Where(f => f.Type is not (FormFieldType.DataConsent or FormFieldType.FileUpload)).Take(3)];

    public string LocalTime(DateTime utc) => BackofficeTime.FormatShort(utc, options.Value);

    public string ZoneName => BackofficeTime.ZoneName(options.Value);

    /// <summary>The current filter as a query string, for paging and export links.</summary>
    public string FilterQuery(int? page = null, string? handler = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("handler", handler);
        Add("State", State);
        Add("From", From);
        Add("To", To);
        Add("Q", Q);
        if (page is > 1)
        {
            parts.Add("p=" + page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var (items, total) = await entries.QueryEntriesAsync(Query() with { Skip = (Math.Max(1, PageNumber) - 1) * PageSize, Take = PageSize }, ct);
        Entries = items;
        Total = total;
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync("csv", ct);

    public Task<IActionResult> OnGetExcelAsync(CancellationToken ct) => ExportAsync("xlsx", ct);

    private async Task<IActionResult> ExportAsync(string kind, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (FilterErrors.Count > 0)
        {
            return BadRequest();
        }

        var (items, _) = await entries.QueryEntriesAsync(Query() with { Take = 100_000 }, ct);
        var table = FormEntryExport.Build(Form, items, BackofficeTime.Zone(options.Value));
        var name = FormEntryExport.FileName(Form, clock.GetUtcNow().UtcDateTime, kind);
        Response.Headers.CacheControl = "no-store";

        // File(..., name) answers with Content-Disposition: attachment, so the browser saves rather than opens it.
        return ExportFiles.Download(table, kind, name, Form.Name);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var stored = await forms.GetStoredFormAsync(Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        Form = stored.Definition;
        // Entries of a confidential form are administrators' only; to others they do not exist (as in the nominee portal).
        if (Form.Confidential && !User.IsInRole(BackofficeRoles.Administrator))
        {
            return NotFound();
        }

        return null;
    }

    private FormEntryQuery Query()
    {
        var zone = BackofficeTime.Zone(options.Value);
        FormEntryState? state = Enum.TryParse<FormEntryState>(State, ignoreCase: true, out var s) ? s : null;
        return new FormEntryQuery(Id, state, Day(From, zone, "From"), Day(To, zone, "To")?.AddDays(1), Q);
    }

    /// <summary>A day the editor picked, as the UTC start of that day in the site's zone.</summary>
    private DateTime? Day(string? raw, TimeZoneInfo zone, string name)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (!DateTime.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            FilterErrors.Add($"{name} must be a date such as 2027-09-30; it was ignored.");
            return null;
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), zone);
    }
}
