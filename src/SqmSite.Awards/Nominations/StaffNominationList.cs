using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Nominations;

/// <summary>What staff filter the nominations list by; every part is optional.</summary>
public sealed record StaffNominationFilter(string? Search = null, Guid? CategoryKey = null, NominationState? State = null);

/// <summary>The filtered rows, and how many of the rows matching search and category are at each step.</summary>
public sealed record StaffNominationPage(IReadOnlyList<StaffNominationRow> Rows, IReadOnlyDictionary<NominationState, int> Counts, int Total);

/// <summary>
/// Staff's nominations list of one cycle: search by organization, category or contact (name or email), filter by
/// category and step, counts per step, and the same list as CSV or Excel (the forms export's table and writers).
/// </summary>
public sealed class StaffNominationList(NominationService nominations, AwardsDbContext db, UserManager<BackofficeUser> users)
{
    public async Task<StaffNominationPage> QueryAsync(AwardCycle cycle, StaffNominationFilter filter, CancellationToken ct = default)
    {
        var all = await nominations.StaffListAsync(cycle.Id, null, ct);
        var organizationIds = all.Select(r => r.OrganizationId).Distinct().ToList();
        var members = await db.OrganizationMembers.AsNoTracking().Where(m => organizationIds.Contains(m.OrganizationId))
            .Select(m => new { m.OrganizationId, m.UserId }).ToListAsync(ct);
        var userIds = members.Select(m => m.UserId).Distinct().ToList();
        var people = await users.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        var byId = people.ToDictionary(p => p.Id);
        var contacts = members.GroupBy(m => m.OrganizationId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g
            .Where(m => byId.ContainsKey(m.UserId)).Select(m => byId[m.UserId])
            .Select(p => string.IsNullOrWhiteSpace(p.DisplayName) ? p.Email ?? "" : $"{p.DisplayName} <{p.Email}>").Order(StringComparer.OrdinalIgnoreCase)]);
        var rows = all.Select(r => r with { Contacts = contacts.GetValueOrDefault(r.OrganizationId) ?? [] }).ToList();

        var search = TextLength.Clean(filter.Search);
        var matching = rows.Where(r => (search.Length == 0 || Matches(r, search)) && (filter.CategoryKey is null || r.CategoryKey == filter.CategoryKey)).ToList();
        var counts = Enum.GetValues<NominationState>().ToDictionary(s => s, s => matching.Count(r => r.State == s));
        return new(matching.Where(r => filter.State is null || r.State == filter.State).ToList(), counts, matching.Count);
    }

    /// <summary>The rows as a table for <see cref="FormEntryExport.ToCsv"/> and <see cref="FormEntryExport.ToExcel"/>.</summary>
    public static FormEntryExport.Table Table(AwardCycle cycle, IEnumerable<StaffNominationRow> rows)
    {
        var zone = cycle.ZoneName;
        var headers = new List<string> { "Organization", "Category", "Step", "Decision released", $"Applied ({zone})", "Resubmission", "Contacts", "Nomination" };
        var table = rows.Select(r => (IReadOnlyList<FormEntryExport.Cell>)
        [
            new(r.OrganizationName),
            new(r.CategoryName),
            new(Nomination.Describe(r.State)),
            new(r.State is NominationState.Finalist or NominationState.NotSelected or NominationState.StorySubmitted
                ? r.DecisionReleasedUtc is { } released ? cycle.FormatShort(released) : "Not released" : ""),
            new(cycle.FormatShort(r.AppliedUtc)),
            new(r.IsResubmission ? "Yes" : "No"),
            new(string.Join("; ", r.Contacts)),
            new(r.Key.ToString()),
        ]).ToList();
        return new(headers, table);
    }

    public static string FileName(AwardCycle cycle, DateTime utcNow, string extension) =>
        $"nominations-{cycle.Year.ToString(CultureInfo.InvariantCulture)}-{utcNow:yyyy-MM-dd}.{extension}";

    private static bool Matches(StaffNominationRow row, string search) =>
        Contains(row.OrganizationName, search) || Contains(row.CategoryName, search) || row.Contacts.Any(c => Contains(c, search));

    private static bool Contains(string text, string search) =>
        CultureInfo.InvariantCulture.CompareInfo.IndexOf(text, search, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;
}
