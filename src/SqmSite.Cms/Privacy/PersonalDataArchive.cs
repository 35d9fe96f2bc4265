using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SqmSite.Cms.Privacy;

/// <summary>
/// The zip a person downloads with everything the site holds about them: JSON documents and the files themselves.
/// The engine and each package add their parts (<see cref="IPersonalDataContributor"/>); paths are made safe here.
/// </summary>
public sealed class PersonalDataArchive : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // A download for people to read in any editor, never HTML: "Dora's Desk", not "Dora\u0027s Desk".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ZipArchive _zip;
    private readonly HashSet<string> _paths = new(StringComparer.OrdinalIgnoreCase);

    public PersonalDataArchive(Stream output) => _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

    /// <summary>The paths written so far, in order (the archive's own README lists them).</summary>
    public List<string> Paths { get; } = [];

    public async Task AddJsonAsync(string path, object value, CancellationToken cancellationToken = default)
    {
        await using var stream = Open(path);
        await JsonSerializer.SerializeAsync(stream, value, value.GetType(), Json, cancellationToken);
    }

    public async Task AddTextAsync(string path, string text, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(Open(path));
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    public async Task AddFileAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        await using var stream = Open(path);
        await content.CopyToAsync(stream, cancellationToken);
    }

    /// <summary>A file or folder name from user data (an upload's name, a category), reduced to what every zip tool accepts.</summary>
    public static string SafeName(string name)
    {
        var chars = name.Trim().Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var safe = new string(chars).Trim('.', '-');
        while (safe.Contains("--", StringComparison.Ordinal))
        {
            safe = safe.Replace("--", "-", StringComparison.Ordinal);
        }

        return safe.Length == 0 ? "file" : safe.Length > 80 ? safe[..80] : safe;
    }

    private Stream Open(string path)
    {
        // Two uploads may share a name: the second becomes name-2.ext instead of overwriting the first.
        var unique = path;
        for (var n = 2; !_paths.Add(unique); n++)
        {
            var extension = Path.GetExtension(path);
            unique = path[..^extension.Length] + "-" + n + extension;
        }

        Paths.Add(unique);
        return _zip.CreateEntry(unique, CompressionLevel.Optimal).Open();
    }

    public void Dispose() => _zip.Dispose();
}

/// <summary>The person a privacy request is about.</summary>
/// <param name="UserId">The account's id.</param>
/// <param name="Email">The account's address (what audit records name them by).</param>
/// <param name="Name">The name the person gave.</param>
public sealed record PersonalDataSubject(string UserId, string Email, string Name);

/// <summary>What erasing a person would do in one module, or why it must not happen yet.</summary>
/// <param name="Module">Who reports it ("Account", "Awards").</param>
/// <param name="Effects">Sentences such as "3 audit entries keep their facts; the name becomes …".</param>
/// <param name="RefusedBecause">Set when the module refuses the erasure; nothing is erased then.</param>
public sealed record ErasureFinding(string Module, IReadOnlyList<string> Effects, string? RefusedBecause = null);

/// <summary>
/// A module's part in privacy requests: what it exports for a person, what erasing them does, and whether it must
/// refuse. The engine's part (account, form entries, media, email) runs last, so packages still find the account.
/// </summary>
public interface IPersonalDataContributor
{
    Task ExportAsync(PersonalDataSubject subject, PersonalDataArchive archive, CancellationToken cancellationToken);

    Task<ErasureFinding> PlanErasureAsync(PersonalDataSubject subject, CancellationToken cancellationToken);

    /// <summary>Removes or replaces the person's data by <paramref name="replacement"/>; safe to run twice.</summary>
    Task EraseAsync(PersonalDataSubject subject, string replacement, CancellationToken cancellationToken);
}
