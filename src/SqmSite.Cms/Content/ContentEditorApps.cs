namespace SqmSite.Cms.Content;

/// <summary>A link on a content editor card.</summary>
public sealed record ContentEditorLink(string Label, string Url);

/// <summary>A card a package adds beside the content editor: a title, lines of status, and links.</summary>
/// <param name="Warning">True when the lines say something stands in the way (shown with the warning style).</param>
public sealed record ContentEditorCard(string Title, IReadOnlyList<string> Lines, IReadOnlyList<ContentEditorLink> Links, bool Warning = false);

/// <summary>
/// Adds a card beside the editor of some content items (Umbraco's content apps): a package says what it knows of the
/// item, such as "publishing consent: in force", with links to its own pages. Register as scoped.
/// </summary>
public interface IContentEditorApp
{
    /// <summary>The card for this item, or null when the app has nothing to say about it.</summary>
    Task<ContentEditorCard?> CardAsync(ContentNode node, CancellationToken cancellationToken);
}
