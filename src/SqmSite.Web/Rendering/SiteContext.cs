namespace SqmSite.Web.Rendering;

/// <summary>Placeholder, replaced by the templates work.</summary>
public static class SiteContext;
