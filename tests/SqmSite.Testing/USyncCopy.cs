using System.Text.Json.Nodes;

namespace SqmSite.Testing;

/// <summary>A copy of the repository's uSync folder that a test adds files to, as a release would; deleted afterwards.</summary>
public sealed class USyncCopy : IDisposable
{
    private USyncCopy(string path) => Path = path;

    public string Path { get; }

    public static USyncCopy Create()
    {
        var copy = new USyncCopy(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sqmsite-usync-" + Guid.NewGuid().ToString("N")));
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.USync, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(copy.Path, System.IO.Path.GetRelativePath(RepositoryPaths.USync, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    public void Write(string relativePath, string json) => File.WriteAllText(System.IO.Path.Combine(Path, relativePath), json);

    public void Edit(string relativePath, Action<JsonObject> change)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        change(json);
        File.WriteAllText(file, json.ToJsonString());
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
