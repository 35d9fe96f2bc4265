using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;
using SqmSite.Cms.Sync;

namespace SqmSite.Cms.Forms;

/// <summary>
/// Form definitions as files in <c>uSync/Forms</c>, one per form named after its alias; imported with the document
/// types and content (idempotently: an unchanged file writes nothing) and exported with them. With
/// <c>createOnly</c>, a form whose key or alias the database has is left as editors left it.
/// </summary>
public sealed class FormSyncService(CmsDbContext db, FormService forms, ILogger<FormSyncService> logger)
{
    public const string FolderName = "Forms";

    public async Task<(int Created, int Updated)> ImportAsync(string folder, bool createOnly, List<string> problems, CancellationToken ct = default)
    {
        var path = Path.Combine(folder, FolderName);
        if (!Directory.Exists(path))
        {
            return (0, 0);
        }

        int created = 0, updated = 0;
        foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            FormDefinition definition;
            try
            {
                definition = JsonSerializer.Deserialize<FormDefinition>(await File.ReadAllTextAsync(file, ct), SyncService.Json)
                             ?? throw new JsonException("empty file");
            }
            catch (JsonException ex)
            {
                problems.Add($"{Path.GetFileName(file)} could not be read: {ex.Message}");
                continue;
            }

            definition = FormService.Normalize(definition);
            var existing = await db.Set<Form>().AsNoTracking()
                .FirstOrDefaultAsync(f => f.Key == definition.Key || (createOnly && f.Alias == definition.Alias), ct);
            if (existing is not null && (createOnly || Same(existing.Definition, definition)))
            {
                continue;
            }

            // Someone deleted it: only the full import brings it back.
            if (existing is null && createOnly && await DeletedItem.WasDeletedAsync(db, definition.Key, ct))
            {
                continue;
            }

            var result = await forms.SaveFormAsync(definition, ct);
            if (!result.Succeeded)
            {
                var details = result.Errors.Count == 0 ? result.Message : string.Join(" ", result.Errors.Values);
                problems.Add($"form '{definition.Name}' ({Path.GetFileName(file)}): {details}");
                continue;
            }

            if (existing is null)
            {
                logger.LogInformation("uSync: created form {Alias} ({Key})", definition.Alias, definition.Key);
                created++;
            }
            else
            {
                updated++;
            }
        }

        return (created, updated);
    }

    public async Task<int> ExportAsync(string folder, CancellationToken ct = default)
    {
        var path = Path.Combine(folder, FolderName);
        if (Directory.Exists(path))
        {
            foreach (var old in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories))
            {
                File.Delete(old);
            }
        }

        Directory.CreateDirectory(path);
        var count = 0;
        foreach (var form in await db.Set<Form>().AsNoTracking().OrderBy(f => f.Alias).ToListAsync(ct))
        {
            await File.WriteAllTextAsync(Path.Combine(path, form.Alias + ".json"), JsonSerializer.Serialize(form.Definition, SyncService.Json) + "\n", ct);
            count++;
        }

        return count;
    }

    /// <summary>Compared as the files would be written, so a default left out of a file is not a difference.</summary>
    private static bool Same(FormDefinition a, FormDefinition b) =>
        JsonNode.DeepEquals(JsonSerializer.SerializeToNode(a, SyncService.Json), JsonSerializer.SerializeToNode(b, SyncService.Json));
}
