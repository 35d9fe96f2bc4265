using System.Text.RegularExpressions;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>
/// The engine's modules depend one way: media builds on content and forms (it answers content's pickers and stores
/// forms' uploads); content and forms never reach into media. Read from the sources, so a new file is checked too.
/// </summary>
public sealed partial class ModuleSeamTests
{
    [Theory]
    [InlineData("Content")]
    [InlineData("Forms")]
    public void A_module_that_media_builds_on_names_nothing_of_media(string module)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "src", "SqmSite.Cms", module);
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var offenders = files
            .Select(f => (File: Path.GetRelativePath(folder, f), Match: MediaReference().Match(File.ReadAllText(f))))
            .Where(x => x.Match.Success)
            .Select(x => $"{x.File}: {x.Match.Value}")
            .ToList();
        Assert.True(offenders.Count == 0, $"{module} reaches into media:\n" + string.Join("\n", offenders));
    }

    [GeneratedRegex(@"SqmSite\.Cms\.Media|\bMedia(Item|Service|Catalog|Storage|Folder|Urls|OperationStatus|Intake)\b|\bI(Private)?MediaService\b")]
    private static partial Regex MediaReference();
}
