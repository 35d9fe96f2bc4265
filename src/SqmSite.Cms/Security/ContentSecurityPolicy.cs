using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SqmSite.Cms.Security;

/// <summary>
/// A strict Content-Security-Policy on every HTML answer: scripts and style sheets from the site itself, or inline
/// ones carrying this request's nonce (the <see cref="CspNonceTagHelper"/> adds it; Trix reads it from the
/// <c>csp-nonce</c> meta tag). Nothing may frame the site, no plugins, no foreign base or form targets. Answers that set
/// their own policy (files: a sandbox) keep it. Why the exceptions: docs/decisions/0012-content-security-policy.md.
/// </summary>
public static class ContentSecurityPolicy
{
    private static readonly object NonceKey = new();

    /// <summary>
    /// This request's nonce (made on first use): 16 random bytes in hex. Not base64: its <c>+</c> and <c>/</c> are
    /// HTML-encoded in attributes (<c>&amp;#x2B;</c>), which browsers decode but which made the page's markup differ from
    /// the header one time in four.
    /// </summary>
    public static string CspNonce(this HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
        }

        return nonce;
    }

    /// <summary>The policy for a page whose inline scripts and styles carry <paramref name="nonce"/>.</summary>
    public static string For(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        $"style-src 'self' 'nonce-{nonce}'; " +
        // Style attributes cannot run script, and the outbox's sandboxed preview of an email (which inherits this
        // policy) is styled only by them.
        "style-src-attr 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self'; " +
        "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>Adds the policy to HTML answers that have none of their own.</summary>
    public static IApplicationBuilder UseContentSecurityPolicy(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && !response.Headers.ContainsKey("Content-Security-Policy"))
            {
                response.Headers.ContentSecurityPolicy = context.GetEndpoint()?.Metadata.GetMetadata<OwnContentSecurityPolicy>()?.Policy
                    ?? For(context.CspNonce());
            }

            return Task.CompletedTask;
        });
        await next();
    });
}

/// <summary>Endpoint metadata: a page that cannot carry nonces (a third-party page such as the API reference) and its own policy.</summary>
public sealed record OwnContentSecurityPolicy(string Policy);

/// <summary>Gives every <c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> element of a view the request's CSP nonce.</summary>
[HtmlTargetElement("script")]
[HtmlTargetElement("style")]
public sealed class CspNonceTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("nonce"))
        {
            output.Attributes.SetAttribute("nonce", ViewContext.HttpContext.CspNonce());
        }
    }
}
