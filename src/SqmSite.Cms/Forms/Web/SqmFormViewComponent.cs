using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Logging;

namespace SqmSite.Cms.Forms.Web;

/// <summary>
/// Renders a form by alias: <c>&lt;vc:sqm-form alias="contact"&gt;&lt;/vc:sqm-form&gt;</c> in any template. A fresh
/// form, a resumed draft (<c>?resume=</c>), the page again with its errors after a post, or the thank-you.
/// </summary>
/// <remarks>
/// A page that shows a form carries an antiforgery token and a submission key made for one visitor, so it must never
/// be stored in the shared output cache: rendering a form switches storage off for that response.
/// </remarks>
public sealed class SqmFormViewComponent(FormService forms, FormEntryService entries, ILogger<SqmFormViewComponent> logger) : ViewComponent
{
    public const string ViewName = "~/Views/Shared/Components/SqmForm/Default.cshtml";

    /// <summary>Where a failed post leaves its state for the re-rendered page (one entry per form alias).</summary>
    public static string StateKey(string alias) => "SqmForm:" + alias;

    /// <param name="alias">The form to show.</param>
    /// <param name="preview">True in the backoffice preview: the form is shown but cannot be sent.</param>
    /// <param name="action">A package's own endpoint to post to; the engine's public endpoint by default.</param>
    /// <param name="owner">A signed-in owner whose draft is shown (a package's own pages); anonymous visitors resume by link.</param>
    public async Task<IViewComponentResult> InvokeAsync(string alias, bool preview = false, string? action = null, FormOwner? owner = null)
    {
        KeepOutOfSharedCache(HttpContext);
        if (HttpContext.Items[StateKey(alias)] is FormViewModel posted)
        {
            return View(ViewName, posted);
        }

        var form = await forms.GetFormAsync(alias, HttpContext.RequestAborted);
        if (form is null)
        {
            logger.LogWarning("A page asks for the form '{Alias}', which does not exist", alias);
            return Content("");
        }

        var query = Request.Query;
        var model = new FormViewModel
        {
            Form = form,
            // The page's own address: after a post with errors the browser stays there, so a reload shows the page.
            Action = action ?? FormsController.PageActionUrl(Request.Path.Value),
            ReturnUrl = Request.Path.Value,
            Preview = preview,
            Completed = !preview && string.Equals(query["sent"], alias, StringComparison.Ordinal),
        };

        if (!preview && owner is { IsUser: true } && await entries.FindEntryAsync(alias, owner, HttpContext.RequestAborted) is { } draft)
        {
            return View(ViewName, new FormViewModel
            {
                Form = form, Action = model.Action, ReturnUrl = model.ReturnUrl, Values = draft.Values,
                Page = Math.Clamp(draft.CurrentPage, 0, form.Pages.Count - 1),
            });
        }

        if (!preview && !model.Completed && owner is not { IsUser: true } && query["resume"].ToString() is { Length: > 0 } token)
        {
            var entry = await entries.FindEntryAsync(alias, FormOwner.Anonymous(token), HttpContext.RequestAborted);
            model = entry switch
            {
                null => Copy(model, message: "These saved answers could not be found. The link may be incomplete; you can start again below."),
                { IsSubmitted: true } => Copy(model, completed: true),
                _ => new FormViewModel
                {
                    Form = form,
                    Action = model.Action,
                    ReturnUrl = model.ReturnUrl,
                    Page = Math.Clamp(entry.CurrentPage, 0, form.Pages.Count - 1),
                    Values = entry.Values,
                    ResumeToken = token,
                    SavedResumeUrl = string.Equals(query["saved"], alias, StringComparison.Ordinal)
                        ? $"{Request.Scheme}://{Request.Host}{Request.PathBase}{Request.Path}?resume={Uri.EscapeDataString(token)}"
                        : null,
                },
            };
        }

        return View(ViewName, model);
    }

    /// <summary>This response holds one visitor's tokens: not for the output cache, nor for any proxy.</summary>
    internal static void KeepOutOfSharedCache(HttpContext http)
    {
        if (http.Features.Get<IOutputCacheFeature>() is { } cache)
        {
            cache.Context.AllowCacheStorage = false;
        }

        http.Response.Headers.CacheControl = "no-store, no-cache";
    }

    private static FormViewModel Copy(FormViewModel m, string? message = null, bool completed = false) => new()
    {
        Form = m.Form, Action = m.Action, ReturnUrl = m.ReturnUrl, Preview = m.Preview, Message = message, Completed = completed || m.Completed,
    };
}
