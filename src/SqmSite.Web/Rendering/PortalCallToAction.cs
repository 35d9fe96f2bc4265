using SqmSite.Awards.Cycles;

namespace SqmSite.Web.Rendering;

/// <summary>
/// What the public pages' call to action into the nominee portal needs: the cycle's timeline (which step is open),
/// and on a category page that category. Nothing about the visitor: these pages are output-cached for everyone.
/// </summary>
public sealed record PortalCallToAction(ProcessTimeline? Timeline, Guid? CategoryKey = null, bool CategoryOpen = true,
    string CssClass = "", string PrimaryClass = "button-primary", string SecondaryClass = "button-secondary");
