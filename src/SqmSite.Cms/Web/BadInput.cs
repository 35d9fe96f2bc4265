using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Web;

/// <summary>
/// What was wrong with a request the site refused as bad input, said in words a person can act on; the error page
/// shows it under its title. Set by the filters and middleware below, read by <see cref="ErrorController"/>.
/// </summary>
public static class BadInput
{
    private const string Key = "SqmSite.BadInput.Detail";

    public static void Describe(HttpContext context, string detail) => context.Items[Key] = detail;

    public static string? DetailOf(HttpContext context) => context.Items.TryGetValue(Key, out var detail) ? detail as string : null;

    /// <summary>Whether this request is the error page being shown for another one (re-executed), which must not read the body again.</summary>
    public static bool IsErrorPage(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;

    /// <summary>
    /// The status an exception thrown while reading the request's body deserves, or null when it is not such an
    /// exception: a body the client broke (bad chunking, cut-off multipart) is 400, one over a limit is 413.
    /// </summary>
    public static int? StatusFor(Exception exception, out string? detail)
    {
        detail = null;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException bad:
                    detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge : Unreadable;
                    return bad.StatusCode;
                case InvalidDataException invalid when invalid.Message.Contains("limit", StringComparison.OrdinalIgnoreCase):
                    detail = TooLarge;
                    return StatusCodes.Status413PayloadTooLarge;
                case InvalidDataException:
                    detail = Unreadable;
                    return StatusCodes.Status400BadRequest;
                case ValueProviderException or Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException when e.InnerException is null:
                    detail = Unreadable;
                    return StatusCodes.Status400BadRequest;
            }
        }

        return null;
    }

    public const string TooLarge =
        "The form sent more than the site accepts in one go (too many fields, a value that is too long, or a file over the limit). Go back, shorten it or choose a smaller file, and send it again.";

    /// <summary>The refusal of a body over the endpoint's limit, naming the limit (an upload page's is the upload limit).</summary>
    public static string TooLargeFor(long? limit) => limit is { } bytes && bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture,
            $"What you sent is larger than the {bytes / (1024 * 1024)} MB this page accepts, so nothing of it was saved. Go back and choose a smaller file (or send less at once).")
        : TooLarge;

    /// <summary>
    /// The request size limit the endpoint sets for itself, if any. A Razor page's own limit (from a convention such as
    /// [MediaUpload]) is on the compiled page, not on the endpoint routing found, so the page is loaded (cached) to read it:
    /// missing that gave the portal's logo and attachment pages the site-wide 2 MB.
    /// </summary>
    public static ValueTask<long?> OwnLimitAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();

        // Pages marked [MediaUpload] (the portal's logo and attachments): the convention's limits do not reach the page
        // endpoint's metadata (checked: none there), so the mark itself decides, and the server and form limits are
        // raised here, before anything reads the body.
        if (endpoint?.Metadata.GetMetadata<Media.MediaUploadAttribute>() is not null)
        {
            var limit = UploadLimit(context);
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            if (context.Request.HasFormContentType && context.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is null)
            {
                context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(context.Request,
                    new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = limit, ValueLengthLimit = 64 * 1024 }));
            }

            return ValueTask.FromResult<long?>(limit);
        }

        return ValueTask.FromResult(endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize);
    }

    /// <summary>An upload page's limit: the configured upload limit plus room for the form's other fields.</summary>
    public static long UploadLimit(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Media.MediaOptions>>().Value.MaxUploadBytes
        + Media.MediaUploadLimitConvention.FormOverhead;

    public const string Unreadable =
        "What the browser sent could not be read (it was cut off or malformed). Go back, reload the page and send the form again.";

    public const string ControlCharacter =
        "The form contained a character that is not text (a NUL or another control character), which the site does not store. Go back, remove it (pasting from another program can bring it in), and send the form again.";

    /// <summary>C0 control characters other than tab and line breaks, and DEL: never part of text a person typed.</summary>
    public static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' and not '\t' and not '\r' and not '\n' or '\u007F')
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Turns exceptions from reading a request body (a broken chunked or multipart body, more than the form limits allow)
/// into 400 or 413 instead of 500, in every environment, before the response starts; the status-code page then
/// shows the error page (or ProblemDetails under <c>/api</c>).
/// </summary>
internal sealed class UnreadableRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested && BadInput.StatusFor(e, out var detail) is { } status)
        {
            context.Response.Clear();
            context.Response.StatusCode = status;
            BadInput.Describe(context, detail!);
        }
    }
}

/// <summary>
/// Runs on every controller action and page once the user is authorized, before antiforgery and model binding: reads
/// a form body once, with the endpoint's own form limits (an upload page's), answering 400/413 with the reason for a
/// body that cannot be read, and refuses control characters (NUL and the like) in any form or query value with 400,
/// before they reach a page, a database or a log. Antiforgery used to read the form first, with the site-wide limits:
/// an upload page's larger limit came too late, and an unreadable body became a bare "antiforgery failed".
/// </summary>
internal sealed class RequestValuesFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>After <see cref="RequestSizeLimitAttribute"/> (900), which raises the server's limit; before antiforgery (1000).</summary>
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (BadInput.IsErrorPage(http) || context.Result is not null)
        {
            return;
        }

        if (http.Request.HasFormContentType)
        {
            UseEndpointFormLimits(context);
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && (BadInput.StatusFor(e, out _) is not null || e is IOException))
            {
                // Here any I/O failure is the body's: a multipart body cut off before its end boundary is an IOException.
                var status = BadInput.StatusFor(e, out var detail) ?? StatusCodes.Status400BadRequest;
                BadInput.Describe(http, status == StatusCodes.Status413PayloadTooLarge && IsUpload(context) ? BadInput.TooLargeFor(UploadLimit(context)) : detail ?? BadInput.Unreadable);
                context.Result = new StatusCodeResult(status);
                return;
            }

            if (form.Any(f => BadInput.HasControlCharacter(f.Key) || f.Value.Any(v => v is not null && BadInput.HasControlCharacter(v))))
            {
                Refuse(context);
                return;
            }
        }

        if (http.Request.Query.Any(q => BadInput.HasControlCharacter(q.Key) || q.Value.Any(v => v is not null && BadInput.HasControlCharacter(v))))
        {
            Refuse(context);
        }
    }

    /// <summary>What <see cref="RequestFormLimitsAttribute"/>'s own filter would do later, done before the first read.</summary>
    private static void UseEndpointFormLimits(AuthorizationFilterContext context)
    {
        // The action's metadata, not the endpoint's: a page's conventions (MediaUpload) reach only the compiled page.
        var http = context.HttpContext;
        if (context.ActionDescriptor.EndpointMetadata.OfType<RequestFormLimitsAttribute>().LastOrDefault() is not { } limits
            || http.Features.Get<IFormFeature>()?.Form is not null)
        {
            return;
        }

        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
        {
            BufferBody = limits.BufferBody,
            BufferBodyLengthLimit = limits.BufferBodyLengthLimit,
            MemoryBufferThreshold = limits.MemoryBufferThreshold,
            MultipartBodyLengthLimit = limits.MultipartBodyLengthLimit,
            MultipartBoundaryLengthLimit = limits.MultipartBoundaryLengthLimit,
            MultipartHeadersCountLimit = limits.MultipartHeadersCountLimit,
            MultipartHeadersLengthLimit = limits.MultipartHeadersLengthLimit,
            KeyLengthLimit = limits.KeyLengthLimit,
            ValueCountLimit = limits.ValueCountLimit,
            ValueLengthLimit = limits.ValueLengthLimit,
        }));
    }

    private static bool IsUpload(AuthorizationFilterContext context) =>
        context.ActionDescriptor.EndpointMetadata.OfType<RequestFormLimitsAttribute>().Any() || context.ActionDescriptor.EndpointMetadata.OfType<Media.MediaUploadAttribute>().Any();

    private static long? UploadLimit(AuthorizationFilterContext context) =>
        context.ActionDescriptor.EndpointMetadata.OfType<Media.MediaUploadAttribute>().Any()
            ? BadInput.UploadLimit(context.HttpContext)
            : context.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize;

    private static void Refuse(AuthorizationFilterContext context)
    {
        BadInput.Describe(context.HttpContext, BadInput.ControlCharacter);
        context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
    }
}

/// <summary>
/// Two rules for every Razor page, so a new page is covered without anyone remembering: a request naming a handler
/// the page does not have, or a post that names none to a page whose posts all need one, is answered 400 with a page
/// that says so (instead of running the page without its handler); and a value that failed to bind to a checkbox
/// (<c>IsClient=banana</c>) keeps its error but no longer crashes the page shown again with it.
/// </summary>
internal sealed class PageHandlerFilter(IModelMetadataProvider metadata) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (UnknownHandler(context) is { } detail)
        {
            BadInput.Describe(context.HttpContext, detail);
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }

        ForgetBooleansThatFailedToBind(context);
        await next();
    }

    private static string? UnknownHandler(PageHandlerExecutingContext context)
    {
        var handlers = context.ActionDescriptor.HandlerMethods;
        if (handlers.Count == 0)
        {
            return null;
        }

        var request = context.HttpContext.Request;
        var method = HttpMethods.IsHead(request.Method) ? HttpMethods.Get : request.Method;
        // Where Razor Pages itself looks for the name: the route, then the query string.
        var named = context.RouteData.Values["handler"]?.ToString() is { Length: > 0 } routed ? routed : request.Query["handler"].FirstOrDefault();
        var forMethod = handlers.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase));

        // Razor Pages falls back to the unnamed handler (OnPost) for a name it does not know; that is not what was asked.
        if (!string.IsNullOrEmpty(named) && !string.Equals(context.HandlerMethod?.Name, named, StringComparison.OrdinalIgnoreCase))
        {
            return "This page has no action by the name the form sent. Go back, reload the page and use its buttons.";
        }

        if (context.HandlerMethod is null && (forMethod || !HttpMethods.IsGet(method)))
        {
            return "The form was sent without saying which of its buttons was pressed, so nothing was done. Go back, reload the page and use its buttons.";
        }

        return null;
    }

    /// <summary>
    /// The checkbox tag helper converts a field's posted value back to a boolean and throws on "banana"; the entry keeps
    /// its error (the page says what was wrong) and shows the model's value instead. Other inputs show what was typed.
    /// </summary>
    private void ForgetBooleansThatFailedToBind(PageHandlerExecutingContext context)
    {
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid || entry.RawValue is null || !IsBoolean(context, key))
            {
                continue;
            }

            var values = entry.RawValue as string[] ?? [Convert.ToString(entry.RawValue, CultureInfo.InvariantCulture) ?? ""];
            if (values.Any(v => !bool.TryParse(v, out _)))
            {
                context.ModelState.SetModelValue(key, rawValue: null, entry.AttemptedValue);
            }
        }
    }

    /// <summary>Whether a model-state key ("IsClient", "Input.RememberMe", "Rows[2].Done") names a boolean of the page or its handler.</summary>
    private bool IsBoolean(PageHandlerExecutingContext context, string key)
    {
        var parts = key.Split('.');
        var first = parts[0].Split('[')[0];
        ModelMetadata? current = metadata.GetMetadataForType(context.HandlerInstance.GetType()).Properties[first];
        if (current is null && context.HandlerMethod?.Parameters.FirstOrDefault(p => string.Equals(p.Name, first, StringComparison.OrdinalIgnoreCase)) is { } parameter)
        {
            current = metadata.GetMetadataForType(parameter.ParameterType);
        }

        for (var i = 0; current is not null && i < parts.Length; i++)
        {
            if (i > 0)
            {
                current = current.Properties[parts[i].Split('[')[0]];
            }

            for (var indexes = parts[i].Count(c => c == '['); current is not null && indexes > 0; indexes--)
            {
                current = current.ElementMetadata;
            }
        }

        return current?.UnderlyingOrModelType == typeof(bool);
    }
}

/// <summary>
/// A non-nullable <c>string</c> bound from an empty field stays "" instead of becoming null: a page that declares
/// <c>string Alias = ""</c> may trust it (an empty alias used to crash the forms page with a null reference).
/// <c>string?</c> keeps the usual empty-means-null.
/// </summary>
internal sealed class NonNullableStringMetadataProvider : IDisplayMetadataProvider
{
    private readonly NullabilityInfoContext _nullability = new();

    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.ModelType != typeof(string))
        {
            return;
        }

        NullabilityState? state;
        lock (_nullability)
        {
            state = context.Key.PropertyInfo is { } property ? _nullability.Create(property).WriteState
                : context.Key.ParameterInfo is { } parameter ? _nullability.Create(parameter).WriteState
                : null;
        }

        if (state == NullabilityState.NotNull)
        {
            context.DisplayMetadata.ConvertEmptyStringToNull = false;
        }
    }
}

/// <summary>The site's words for values that do not fit their field, naming it as a person would ("Is client", not "IsClient").</summary>
internal static class BindingMessages
{
    public static void Apply(MvcOptions options)
    {
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"\"{value}\" is not a valid value for {Human(field)}.");
        messages.SetUnknownValueIsInvalidAccessor(field => $"The value given for {Human(field)} is not valid.");
        messages.SetValueIsInvalidAccessor(value => $"\"{value}\" is not a valid value here.");
        messages.SetValueMustBeANumberAccessor(field => $"{Capital(Human(field))} must be a number.");
        messages.SetValueMustNotBeNullAccessor(value => $"A value is needed here (\"{value}\" is not one).");
        messages.SetMissingBindRequiredValueAccessor(field => $"{Capital(Human(field))} is missing.");
        messages.SetMissingKeyOrValueAccessor(() => "A value is missing.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "The request had no content.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"\"{value}\" is not a valid value.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "The value given is not valid.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "The value must be a number.");
    }

    /// <summary>"IsClient" becomes "is client", "Input.RememberMe" "remember me"; a display name with spaces is kept.</summary>
    public static string Human(string field)
    {
        if (field.Contains(' ', StringComparison.Ordinal))
        {
            return field;
        }

        var name = field[(field.LastIndexOf('.') + 1)..];
        return Regex.Replace(name, "(?<=[a-z0-9])(?=[A-Z])", " ", RegexOptions.None, TimeSpan.FromSeconds(1)).ToLowerInvariant();
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

internal static class BadInputRegistration
{
    public static IServiceCollection AddSqmBadInput(this IServiceCollection services)
    {
        services.Configure<MvcOptions>(o =>
        {
            o.Filters.Add(new RequestValuesFilter());
            o.Filters.Add<PageHandlerFilter>();
            o.ModelMetadataDetailsProviders.Add(new NonNullableStringMetadataProvider());
            BindingMessages.Apply(o);
        });
        return services;
    }
}
