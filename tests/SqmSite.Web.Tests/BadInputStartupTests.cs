using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SqmSite.Web.Tests;

/// <summary>A data folder the site cannot write stops start-up with a message that names the folder and says what to do.</summary>
public sealed class BadInputStartupTests
{
    [Fact]
    public void A_data_folder_the_site_cannot_write_is_named_at_start_up()
    {
        var root = Directory.CreateTempSubdirectory("sqmsite-readonly-").FullName;
        try
        {
            // Root ignores file permissions (test machines often run as root): a file where the folder should be is
            // refused the same way. Otherwise the folder itself is made read-only.
            var folder = Path.Combine(root, "App_Data");
            if (Environment.UserName == "root" || OperatingSystem.IsWindows())
            {
                File.WriteAllText(Path.Combine(root, "blocked"), "a file, not a folder");
                folder = Path.Combine(root, "blocked", "App_Data");
            }
            else
            {
                Directory.CreateDirectory(folder);
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }

            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Production");
                b.UseSetting("SqmSite:PublicBaseUrl", "http://localhost");
                b.UseSetting("SqmSite:Database:Provider", "Sqlite");
                b.UseSetting("ConnectionStrings:SqmSite", $"Data Source={Path.Combine(folder, "sqmsite.db")}");
            });
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();
            Assert.Contains($"The site cannot write to its data folder {folder}", error);
            Assert.Contains("write access to that folder", error);
        }
        finally
        {
            foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            Directory.Delete(root, recursive: true);
        }
    }
}
