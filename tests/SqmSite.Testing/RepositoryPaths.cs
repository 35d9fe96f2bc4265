namespace SqmSite.Testing;

/// <summary>Finds folders of the repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string USync => Path.Combine(Root, "uSync");

    public static string WebProject => Path.Combine(Root, "src", "SqmSite.Web");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SqmSite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SqmSite.sln was not found above " + AppContext.BaseDirectory);
    }
}
