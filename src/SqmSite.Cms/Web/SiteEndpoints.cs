using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Web;

/// <summary>sitemap.xml and robots.txt, both built from the published snapshot.</summary>
internal static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sitemap.xml", (HttpContext http, IPublishedContentCache cache, IOptions<CmsOptions> options) =>
        {
            var baseUrl = PublicUrls.BaseUrl(http.Request, options.Value);
            var buffer = new MemoryStream();
            using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            {
                xml.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
                foreach (var item in cache.Snapshot.All)
                {
                    xml.WriteStartElement("url");
                    xml.WriteElementString("loc", baseUrl + item.Url);
                    xml.WriteElementString("lastmod", item.UpdatedUtc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            return Results.Bytes(buffer.ToArray(), "application/xml; charset=utf-8");
        }).CacheOutput(b => b.Tag(PublishedContentController.OutputCacheTag)).AllowAnonymous();

        endpoints.MapGet("/robots.txt", (HttpContext http, IOptions<CmsOptions> options) =>
            Results.Text($"User-agent: *\nDisallow: /backoffice/\nDisallow: /api/\nSitemap: {PublicUrls.BaseUrl(http.Request, options.Value)}/sitemap.xml\n", "text/plain"))
            .AllowAnonymous();
        return endpoints;
    }
}

/// <summary>The site's absolute address, for sitemap, canonical and OpenGraph links.</summary>
public static class PublicUrls
{
    /// <summary><c>SqmSite:PublicBaseUrl</c> when set, else the request's scheme, host and path base; no trailing slash.</summary>
    public static string BaseUrl(HttpRequest request, CmsOptions options) =>
        (string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.PublicBaseUrl).TrimEnd('/');

    /// <summary>The same outside a request too (a background pass sending email): <c>SqmSite:PublicBaseUrl</c>, or "" when unset.</summary>
    public static string BaseUrl(HttpContext? context, CmsOptions options) =>
        context is null ? (options.PublicBaseUrl ?? "").TrimEnd('/') : BaseUrl(context.Request, options);
}
