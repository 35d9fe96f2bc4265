using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.ContentTypes;

/// <summary>The document types and the parsing and cleaning of the values their properties hold.</summary>
internal static class ContentTypesRegistration
{
    public static IServiceCollection AddSqmContentTypes(this IServiceCollection services)
    {
        services.AddSingleton<IRichTextSanitizer, RichTextSanitizer>();
        services.AddSingleton<PropertyValueParser>();
        services.AddSingleton<IContentTypeService, ContentTypeService>();
        return services;
    }
}
