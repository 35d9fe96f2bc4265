using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Forms;

public sealed class FormsIndexModel(FormService forms, IOptions<CmsOptions> options) : PageModel
{
    public IReadOnlyList<FormSummary> Forms { get; private set; } = [];

    // Nullable: an empty field binds as null, and a non-nullable string would get MVC's implicit "The Alias field is
    // required." (a property name) and then a NullReferenceException. The service says what is missing in its words.
    [BindProperty]
    public string? Name { get; set; } = "";

    [BindProperty]
    public string? Alias { get; set; } = "";

    public bool MaySeeEntries(FormSummary form) => !form.Confidential || User.IsInRole(BackofficeRoles.Administrator);

    public string LocalTime(DateTime utc) => BackofficeTime.FormatShort(utc, options.Value);

    public string ZoneName => BackofficeTime.ZoneName(options.Value);

    public async Task OnGetAsync(CancellationToken ct) => Forms = await forms.GetFormsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A new form starts with one page and one question, so that it is valid from the start.
        var definition = new FormDefinition
        {
            Key = Guid.NewGuid(),
            Alias = (Alias ?? "").Trim().ToLowerInvariant(),
            Name = (Name ?? "").Trim(),
            Pages = [new FormPage { Fields = [new FormField { Alias = "question1", Label = "Question 1", Type = FormFieldType.ShortText }] }],
        };
        var result = await forms.SaveFormAsync(definition, ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result, key => key is "name" or "alias" ? key : string.Empty);

            Forms = await forms.GetFormsAsync(ct);
            return Page();
        }

        TempData.Notice($"The form '{result.Value!.Name}' was created. Add its questions below.");
        return Redirect($"/backoffice/forms/edit/{result.Value.Id}");
    }
}

/// <summary>Times in the backoffice are shown in the site's zone (where editors are).</summary>
internal static class BackofficeTime
{
    public static TimeZoneInfo Zone(CmsOptions options) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"December 1, 2026, 6:07 PM Eastern Time".</summary>
    public static string Format(DateTime utc, CmsOptions options) => SqmSite.Cms.Web.SiteTime.Format(utc, Zone(options));

    /// <summary>"Dec 1, 2026, 6:07 PM", for tables whose heading names the zone.</summary>
    public static string FormatShort(DateTime utc, CmsOptions options) => SqmSite.Cms.Web.SiteTime.FormatShort(utc, Zone(options));

    /// <summary>"Eastern Time".</summary>
    public static string ZoneName(CmsOptions options) => SqmSite.Cms.Web.SiteTime.ZoneName(Zone(options));
}
