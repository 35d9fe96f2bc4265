using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Content;

/// <summary>Creates and edits one content item: draft, publish, unpublish, schedule, delete.</summary>
public sealed class EditModel(ContentService content, IContentTypeService contentTypes, IPublishedContentCache cache,
    IOptions<CmsOptions> options, IEnumerable<IContentEditorApp> apps) : PageModel
{
    /// <summary>The cards packages add beside the editor of this item.</summary>
    public IReadOnlyList<ContentEditorCard> Cards { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? ParentId { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? TypeAlias { get; set; }

    // Nullable on purpose: a non-nullable bound string gets MVC's implicit [Required], which answered the schedule
    // form (that has no name field) with "The Name field is required." The service checks the name in its own words.
    [BindProperty]
    public string? Name { get; set; } = "";

    [BindProperty]
    public string? UrlSegment { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [BindProperty]
    public string? PublishAt { get; set; }

    [BindProperty]
    public string? UnpublishAt { get; set; }

    public ContentType Type { get; private set; } = null!;

    public ContentNode? Node { get; private set; }

    public ContentVersion? Latest { get; private set; }

    public string? LiveUrl { get; private set; }

    public string? ParentName { get; private set; }

    public IReadOnlyList<ContentPickerItem> PickableContent { get; private set; } = [];

    public SqmSite.Cms.Backoffice.EngineTime Time { get; } = new(options);

    /// <summary>The address a form of this editor posts to: the handler named, the id when the page exists.</summary>
    public string HandlerUrl(string handler) =>
        (Node is null ? "/backoffice/content/edit" : $"/backoffice/content/edit/{Node.Id}") + "?handler=" + handler;

    public bool IsNew => Node is null;

    public string? Error(string key) => ModelState.FirstError(key);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Latest is not null)
        {
            ShowLatest();
            PublishAt = Time.ToInput(Node!.PublishAtUtc);
            UnpublishAt = Time.ToInput(Node.UnpublishAtUtc);
        }

        return Page();
    }

    /// <summary>Fills the content form from the latest saved version (the schedule form does not post it).</summary>
    private void ShowLatest()
    {
        Name = Latest!.Name;
        UrlSegment = Latest.UrlSegment;
        Values = Latest.Values.ToDictionary(p => p.Key, p => (string?)PropertyValueParser.ToRaw(p.Value), StringComparer.OrdinalIgnoreCase);
        foreach (var key in new[] { nameof(Name), nameof(UrlSegment) })
        {
            ModelState.Remove(key);
        }
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(publish: false, ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) => SaveAsync(publish: true, ct);

    public async Task<IActionResult> OnPostUnpublishAsync(CancellationToken ct)
    {
        if (Id is not { } id)
        {
            return NotFound();
        }

        var result = await content.UnpublishAsync(id, User.Identity?.Name, ct);
        return Done(result, "The page is no longer on the site. Its draft and history are kept.");
    }

    public async Task<IActionResult> OnPostScheduleAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Node is null)
        {
            return NotFound();
        }

        // Only the two times are this form's input; whatever else was bound is not looked at.
        ModelState.Clear();
        ShowLatest();
        var publishAt = ParseLocal(PublishAt, nameof(PublishAt), "Publish at");
        var unpublishAt = ParseLocal(UnpublishAt, nameof(UnpublishAt), "Unpublish at");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await content.ScheduleAsync(Node.Id, publishAt, unpublishAt, ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice(publishAt is null && unpublishAt is null ? "The schedule was cleared." : "The schedule was saved.");
        return Redirect($"/backoffice/content/edit/{Node.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (Id is not { } id)
        {
            return NotFound();
        }

        var result = await content.DeleteAsync(id, User.Identity?.Name, ct);
        if (!result.Succeeded)
        {
            TempData.Alert(result);
            return Redirect($"/backoffice/content/edit/{id}");
        }

        TempData.Notice("The page was deleted.");
        return Redirect("/backoffice/content");
    }

    private async Task<IActionResult> SaveAsync(bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var edit = new ContentEdit(Name ?? "", UrlSegment, Values);
        var author = User.Identity?.Name;
        var result = (Node, publish) switch
        {
            (null, true) => await content.CreateAndPublishAsync(ParentId, Type.Alias, edit, author, ct),
            (null, false) => await content.CreateAsync(ParentId, Type.Alias, edit, author, ct: ct),
            ({ } node, true) => await content.SaveAndPublishAsync(node.Id, edit, author, ct),
            ({ } node, false) => await content.SaveAsync(node.Id, edit, author, ct),
        };
        if (!result.Succeeded)
        {
            // Saved but refused publishing: a new page exists now as a draft, so the editor goes to it; an existing
            // one keeps the new draft. A failed check instead shows the editor's input again, to be corrected.
            if (result.Value is { } draft && (Node is null || result.Status is ContentOperationStatus.CancelledByNotification or ContentOperationStatus.ParentNotPublished))
            {
                TempData.Alert((Node is null ? "The page was saved as a draft, but not published. " : "Your changes were saved as a draft, but not published. ") + result.Message);
                return Redirect($"/backoffice/content/edit/{draft.Id}");
            }

            ModelState.AddAttempt(result);
            return await RedisplayAsync(ct);
        }

        TempData.Notice(publish ? "Saved and published." : "Draft saved. It is not on the site until you publish.");
        return Redirect($"/backoffice/content/edit/{result.Value!.Id}");
    }

    private IActionResult Done(Attempt<ContentNode, ContentOperationStatus> result, string message)
    {
        if (result.Status == ContentOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice(message);
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect($"/backoffice/content/edit/{Id}");
    }

    private async Task<PageResult> RedisplayAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            Node = await content.GetNodeAsync(id, ct);
            if (Node is null)
            {
                return false;
            }

            Latest = await content.GetLatestVersionAsync(Node, ct);
            Type = contentTypes.Get(Node.ContentTypeAlias)!;
            ParentId = Node.ParentId;
            LiveUrl = cache.Snapshot.ByKey(Node.Key)?.Url;
            var cards = new List<ContentEditorCard>();
            foreach (var app in apps)
            {
                if (await app.CardAsync(Node, ct) is { } card)
                {
                    cards.Add(card);
                }
            }

            Cards = cards;
        }
        else
        {
            if (TypeAlias is null || contentTypes.Get(TypeAlias) is not { } type)
            {
                return false;
            }

            Type = type;
        }

        var tree = await content.GetTreeAsync(ct);
        ParentName = tree.FirstOrDefault(i => i.Id == ParentId)?.Name;
        PickableContent = ContentService.PickerItems(tree);
        return true;
    }

    private DateTime? ParseLocal(string? input, string key, string label)
    {
        var (utc, error) = Time.FromInput(input, label);
        if (error is not null)
        {
            ModelState.AddModelError(key, error);
        }

        return utc;
    }
}
