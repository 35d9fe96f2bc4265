using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>
/// A site whose SQLite database cannot grow while <see cref="DiskFull"/> is set: the real "database or disk is full"
/// (SQLITE_FULL), made by capping the file at its current size on every connection.
/// </summary>
public sealed class FullDiskSiteFactory : SiteFactory
{
    public DiskFull DiskFull { get; } = new();

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<SqliteAwardsDbContext>(o => o.AddInterceptors(DiskFull));
            services.ConfigureDbContext<SqmSite.Cms.Data.SqliteCmsDbContext>(o => o.AddInterceptors(DiskFull));
        });
    }
}

public sealed class DiskFull : DbConnectionInterceptor
{
    public bool IsFull { get; set; }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();

        // max_page_count never goes below the current size: "1" means "no bigger than now".
        command.CommandText = IsFull ? "PRAGMA max_page_count = 1" : "PRAGMA max_page_count = 1073741823";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>On a full disk a post says what failed (507, in words), JSON endpoints stay JSON, and the operator's log says what to free.</summary>
public sealed class BadInputStorageTests(FullDiskSiteFactory site) : IClassFixture<FullDiskSiteFactory>
{
    [Fact]
    public async Task On_a_full_disk_the_story_autosave_answers_problem_details_and_the_page_says_what_failed()
    {
        if (site.Database.IsPostgres)
        {
            return; // the disk of a PostgreSQL server cannot be filled from a test; SQLite's is the same code path
        }

        var (client, key) = await FinalistAsync("full@example.org");
        var story = $"/portal/nominations/{key}/story";
        var text = string.Concat(Enumerable.Repeat("Our email practice answers every customer within the hour. ", 700));
        var revision = System.Text.RegularExpressions.Regex.Match(await client.GetStringAsync(story), "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        site.DiskFull.IsFull = true;
        try
        {
            var autosave = await client.PostFormWithHeaderAsync(story + "?handler=Autosave", new() { ["Text"] = text, ["Revision"] = revision }, story);
            Assert.Equal(HttpStatusCode.InsufficientStorage, autosave.StatusCode);
            Assert.Equal("application/problem+json", autosave.Content.Headers.ContentType?.MediaType);
            Assert.Contains("ran out of storage space", await autosave.Content.ReadAsStringAsync());

            var save = await client.PostFormAsync(story + "?handler=Save", new() { ["Text"] = text, ["Revision"] = revision }, story);
            Assert.Equal(HttpStatusCode.InsufficientStorage, save.StatusCode);
            var page = await save.Content.ReadAsStringAsync();
            Assert.Contains("The site could not save that: its storage is full", page);
            Assert.Contains("was not saved", page);
        }
        finally
        {
            site.DiskFull.IsFull = false;
        }
    }

    private async Task<(HttpClient Client, Guid Nomination)> FinalistAsync(string email)
    {
        var nomination = await site.WithServicesAsync(async s =>
        {
            var accounts = s.GetRequiredService<NomineeAccounts>();
            var registered = await accounts.RegisterAsync(email + " Ltd", null, false, "Fay Full", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            await users.ConfirmEmailAsync(registered.Value!.User!, await users.GenerateEmailConfirmationTokenAsync(registered.Value!.User!));
            var organization = (await accounts.OrganizationOfAsync(new System.Security.Claims.ClaimsPrincipal(
                new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.NameIdentifier, registered.Value!.User!.Id)]))))!;
            var cycle = s.GetRequiredService<CycleCatalog>().Current!;
            var category = site.Snapshot.ByUrl("/categories/email-channel/")!;
            var (applied, result) = Nomination.Apply(cycle, organization.Id, category.Key, category.Name, "Our email practice.", false, email,
                cycle.Dates.ApplicationsCloseUtc.AddDays(-1));
            Assert.True(result.Succeeded, result.Message);
            var db = s.GetRequiredService<AwardsDbContext>();
            db.Nominations.Add(applied!);
            await db.SaveChangesAsync();

            // Stories are open from the finalists' notification on, wherever the real clock is.
            var nominations = s.GetRequiredService<NominationService>();
            var now = cycle.Dates.FinalistsNotifiedByUtc.AddHours(1);
            Assert.True((await nominations.StepAsync(applied!.Key, null, (n, c, _) => n.SubmitChecklist(c, Guid.NewGuid(), email, c.Dates.ChecklistDueUtc.AddDays(-1)))).Succeeded);
            Assert.True((await nominations.StepAsync(applied.Key, null, (n, c, _) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
            Assert.True((await nominations.StepAsync(applied.Key, null, (n, c, _) => n.DecideFinalist(true, "staff", now))).Succeeded);
            Assert.True((await nominations.StepAsync(applied.Key, null, (n, c, _) => n.ReleaseDecision(c, "staff", now))).Succeeded);
            return applied.Key;
        });

        var storyTime = new DateTimeOffset(site.Services.GetRequiredService<CycleCatalog>().Current!.Dates.FinalistsNotifiedByUtc.AddDays(1), TimeSpan.Zero);
        if (site.Clock.GetUtcNow() < storyTime)
        {
            site.Clock.SetUtcNow(storyTime);
        }

        var client = site.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password })).StatusCode);
        return (client, nomination);
    }
}

internal static class JsonPostExtensions
{
    /// <summary>Posts a form as the page's script does: with the page's antiforgery token and "Accept: application/json".</summary>
    public static async Task<HttpResponseMessage> PostFormWithHeaderAsync(this HttpClient client, string url, Dictionary<string, string> fields, string formPageUrl)
    {
        var page = await client.GetStringAsync(formPageUrl);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(token.Success);
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(body) };
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request);
    }
}
