using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Content;
using SqmSite.Cms.Email;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Areas.Backoffice.Pages;

public sealed class DashboardModel(UserManager<BackofficeUser> users, IAuthorizationService authorization, ContentService content, EmailOutbox outbox,
    FormService forms) : PageModel
{
    public string DisplayName { get; private set; } = "";

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public bool CanEditContent { get; private set; }

    public bool CanManageUsers { get; private set; }

    public bool CanSeeOutbox { get; private set; }

    public IReadOnlyDictionary<EmailStatus, int> Outbox { get; private set; } = new Dictionary<EmailStatus, int>();
    public bool CanManageForms { get; private set; }

    public IReadOnlyList<FormSummary> Forms { get; private set; } = [];

    public int PageCount { get; private set; }

    public int PublishedCount { get; private set; }

    public int DraftChanges { get; private set; }

    public int Scheduled { get; private set; }

    public IReadOnlyList<ContentTreeItem> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        DisplayName = string.IsNullOrWhiteSpace(user?.DisplayName) ? User.Identity!.Name! : user.DisplayName;
        Roles = user is null ? [] : [.. await users.GetRolesAsync(user)];
        CanEditContent = (await authorization.AuthorizeAsync(User, BackofficePolicies.Content)).Succeeded;
        CanManageUsers = (await authorization.AuthorizeAsync(User, BackofficePolicies.Users)).Succeeded;
        CanSeeOutbox = (await authorization.AuthorizeAsync(User, BackofficePolicies.Outbox)).Succeeded;
        if (CanSeeOutbox)
        {
            Outbox = await outbox.CountsAsync(ct);
        }

        CanManageForms = (await authorization.AuthorizeAsync(User, BackofficePolicies.Forms)).Succeeded;
        if (CanManageForms)
        {
            Forms = await forms.GetFormsAsync(ct);
        }
        if (CanEditContent)
        {
            var tree = await content.GetTreeAsync(ct);
            PageCount = tree.Count;
            PublishedCount = tree.Count(i => i.IsPublished);
            DraftChanges = tree.Count(i => i.HasUnpublishedChanges);
            Scheduled = tree.Count(i => i.PublishAtUtc is not null || i.UnpublishAtUtc is not null);
            Recent = await content.GetRecentlyEditedAsync(5, ct);
        }
    }
}
