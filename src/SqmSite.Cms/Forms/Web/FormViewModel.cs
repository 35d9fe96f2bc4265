using System.Text.Json.Nodes;

namespace SqmSite.Cms.Forms.Web;

/// <summary>Everything the form partial needs to render one page of a form, fresh, resumed or with errors.</summary>
public sealed class FormViewModel
{
    /// <summary>Names of the posted fields: field values are "f_{alias}"; the rest belong to the engine.</summary>
    public const string FieldPrefix = "f_";
    public const string PageField = "__page";
    public const string ActionField = "__action";
    public const string SubmissionField = "__submission";
    public const string ResumeField = "__resume";
    public const string ReturnField = "__return";

    /// <summary>Which form a post to the page's own address is for (a page may show more than one).</summary>
    public const string FormField = "__form";

    /// <summary>The honeypot: hidden from people, tempting to bots that fill every field.</summary>
    public const string HoneypotField = "website";

    public required FormDefinition Form { get; init; }

    /// <summary>Where the form posts; the engine's public endpoint unless a package renders the form for its own.</summary>
    public required string Action { get; init; }

    /// <summary>The page the form sits on, to come back to after a post.</summary>
    public string? ReturnUrl { get; init; }

    public int Page { get; init; }

    /// <summary>Answers known so far (stored, or parsed from the post), which decide conditional fields.</summary>
    public JsonObject Values { get; init; } = [];

    /// <summary>What was posted for this page, shown again as typed when it had errors.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Posted { get; init; }

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    /// <summary>A message about the whole form (a refused submit, a broken resume link).</summary>
    public string? Message { get; init; }

    public string? ResumeToken { get; init; }

    public Guid SubmissionKey { get; init; } = Guid.NewGuid();

    /// <summary>The thank-you is shown instead of the form.</summary>
    public bool Completed { get; init; }

    /// <summary>After "save for later": the link that brings the person back.</summary>
    public string? SavedResumeUrl { get; init; }

    /// <summary>Rendered in the backoffice preview: nothing can be sent.</summary>
    public bool Preview { get; init; }

    public string Id(string alias) => $"f-{Form.Alias}-{alias}";

    public FormPage CurrentPage => Form.Pages[Math.Clamp(Page, 0, Form.Pages.Count - 1)];

    public bool IsLastPage => Page >= Form.Pages.Count - 1;

    public bool HasFiles => CurrentPage.Fields.Any(f => f.Type == FormFieldType.FileUpload);

    public bool OffersSaveForLater => Form.SaveForLater || Form.Pages.Count > 1;

    public string? Error(string alias) => Errors.GetValueOrDefault(alias);

    public bool IsVisible(FormField field) => FormValues.IsVisible(Form, field, Values);

    /// <summary>The values to show in a field: what was posted, else what is stored.</summary>
    public IReadOnlyList<string> Shown(FormField field)
    {
        if (Posted is not null && Posted.TryGetValue(field.Alias, out var posted))
        {
            return posted;
        }

        return Values[field.Alias] switch
        {
            JsonArray a => [.. a.OfType<JsonValue>().Select(v => v.ToString())],
            JsonValue v when v.TryGetValue<bool>(out var b) => [b ? "true" : "false"],
            JsonValue v => [v.ToString()],
            JsonObject o when o["agreed"] is not null => ["true"],
            _ => [],
        };
    }

    public string ShownText(FormField field) => Shown(field).FirstOrDefault(s => s != "false") ?? "";

    public bool IsPicked(FormField field, string option) =>
        Shown(field).Contains(option, StringComparer.OrdinalIgnoreCase) || (option == "true" && Shown(field).Any(s => s is "true" or "on"));

    public FormFileValue? StoredFile(FormField field) => Values[field.Alias] is JsonObject o && o["id"] is not null
        ? new FormFileValue(o["id"]!.ToString(), o["fileName"]?.ToString() ?? "", o["contentType"]?.ToString() ?? "", o["length"]?.GetValue<long>() ?? 0)
        : null;

    /// <summary>
    /// The page to show again after a post that did not succeed: the input as typed on the page that was posted, the
    /// answers known so far deciding conditions, and each message next to its field (or the refusal's reason on top).
    /// Put it in <c>HttpContext.Items[SqmFormViewComponent.StateKey(alias)]</c> before rendering the page.
    /// </summary>
    public static FormViewModel AfterFailedPost(FormDefinition form, string action, string? returnUrl, FormPost post,
        Attempt<FormProgress, FormOperationStatus> result, string? resumeToken)
    {
        var postedPage = Math.Clamp(post.Page, 0, form.Pages.Count - 1);
        var shownPage = Math.Clamp(result.Value?.Page ?? postedPage, 0, form.Pages.Count - 1);
        var values = result.Value?.Entry?.Values.DeepClone().AsObject() ?? [];
        foreach (var field in form.Pages[shownPage].Fields.Where(f => f.HoldsValue && f.Type != FormFieldType.FileUpload))
        {
            var (value, _) = FormValues.Parse(field, post.Input.Get(field.Alias));
            if (value is null)
            {
                values.Remove(field.Alias);
            }
            else
            {
                values[field.Alias] = value;
            }
        }

        return new FormViewModel
        {
            Form = form,
            Action = action,
            ReturnUrl = returnUrl,
            Page = shownPage,
            Values = values,
            Posted = shownPage == postedPage ? post.Input.Values : null,
            Errors = result.Errors,
            Message = result.Errors.Count > 0 && result.Status == FormOperationStatus.ValidationFailed ? null : result.Message,
            ResumeToken = resumeToken,
            SubmissionKey = post.SubmissionKey ?? Guid.NewGuid(),
        };
    }

    /// <summary>The condition as the little script reads it: show or hide, which field, is or is not, which value.</summary>
    public static string? ConditionAttribute(FormField field) => field.Condition is { } c
        ? System.Text.Json.JsonSerializer.Serialize(new { action = c.Action.ToString(), field = FieldPrefix + c.Field, op = c.Operator.ToString(), value = c.Value })
        : null;
}
