using Microsoft.AspNetCore.Http;

namespace SqmSite.Cms.Forms.Web;

/// <summary>A form post as the rendered form sends it: the page's input and the engine's hidden fields.</summary>
/// <param name="ReturnUrl">The page the form sits on.</param>
/// <param name="ResumeToken">An anonymous visitor's draft token, when the form carried one.</param>
/// <param name="Honeypot">True when the field hidden from people was filled: a bot.</param>
public sealed record FormRequest(FormPost Post, string ReturnUrl, string? ResumeToken, bool Honeypot)
{
    /// <summary>The form's alias as the form says it (<see cref="FormViewModel.FormField"/>), for posts to the page's own address.</summary>
    public string? FormAlias { get; init; }
}

/// <summary>
/// Reads what the form partial posts (<c>f_{alias}</c> fields, files, page, action, submission key), so that the
/// engine's public endpoint and a package's own endpoint (a signed-in nominee's checklist) read it alike.
/// </summary>
public static class FormPostReader
{
    /// <summary>The post, or null when the body cannot be read as a form (malformed multipart, not a form at all).</summary>
    public static async Task<FormRequest?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return null;
        }

        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            if (name.StartsWith(FormViewModel.FieldPrefix, StringComparison.Ordinal))
            {
                values[name[FormViewModel.FieldPrefix.Length..]] = [.. value.Select(v => v ?? "")];
            }
        }

        var files = form.Files
            .Where(f => f.Name.StartsWith(FormViewModel.FieldPrefix, StringComparison.Ordinal) && f.Length > 0)
            .GroupBy(f => f.Name[FormViewModel.FieldPrefix.Length..])
            .ToDictionary(g => g.Key, g => new FormUpload(g.First().FileName, g.First().Length, g.First().OpenReadStream));

        var action = form[FormViewModel.ActionField].ToString() switch
        {
            "next" => FormAction.Next,
            "back" => FormAction.Back,
            "save" => FormAction.SaveForLater,
            _ => FormAction.Submit,
        };
        _ = int.TryParse(form[FormViewModel.PageField], out var page);
        var submissionKey = Guid.TryParse(form[FormViewModel.SubmissionField], out var key) ? key : (Guid?)null;
        var token = form[FormViewModel.ResumeField].ToString();
        return new FormRequest(new FormPost(page, action, new FormInput(values, files), submissionKey), form[FormViewModel.ReturnField].ToString(),
            string.IsNullOrWhiteSpace(token) ? null : token, !string.IsNullOrEmpty(form[FormViewModel.HoneypotField]))
        {
            FormAlias = form[FormViewModel.FormField].ToString() is { Length: > 0 } alias ? alias : null,
        };
    }
}
