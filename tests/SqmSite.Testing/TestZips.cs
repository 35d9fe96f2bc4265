using System.IO.Compression;

namespace SqmSite.Testing;

/// <summary>Reads a zip that code under test writes (a privacy download, an export): each entry's bytes by its path.</summary>
public static class TestZips
{
    public static async Task<Dictionary<string, byte[]>> ReadAsync(Func<Stream, Task> write)
    {
        using var buffer = new MemoryStream();
        await write(buffer);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>();
        foreach (var entry in zip.Entries)
        {
            using var content = new MemoryStream();
            await using (var stream = entry.Open())
            {
                await stream.CopyToAsync(content);
            }

            entries[entry.FullName] = content.ToArray();
        }

        return entries;
    }
}
