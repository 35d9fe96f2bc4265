using SqmSite.Cms;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Media;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// Story attachments through the portal: the media checks, who may open a file (the organization and staff, nobody
/// else), the limits, and the story's read-only state after submitting.
/// </summary>
public sealed class StoryAttachmentTests(DuringApplicationsSiteFactory site) : IClassFixture<DuringApplicationsSiteFactory>
{
    /// <summary>A confirmed nominee of a new organization, signed in, with a nomination in Email Channel moved by staff to <paramref name="finalist"/> or left applied.</summary>
    private async Task<(HttpClient Client, Guid Nomination)> NomineeAsync(string email, bool finalist = true)
    {
        var nomination = await site.WithServicesAsync(async s =>
        {
            var accounts = s.GetRequiredService<NomineeAccounts>();
            var registered = await accounts.RegisterAsync(email + " Ltd", null, false, "Ada Attacher", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            await users.ConfirmEmailAsync(registered.Value!.User!, await users.GenerateEmailConfirmationTokenAsync(registered.Value!.User!));

            var organization = (await accounts.OrganizationOfAsync(new System.Security.Claims.ClaimsPrincipal(
                new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.NameIdentifier, registered.Value!.User!.Id)]))))!;
            var cycle = s.GetRequiredService<CycleCatalog>().Current!;
            var category = site.Snapshot.ByUrl("/categories/email-channel/")!;
            var nominations = s.GetRequiredService<NominationService>();

            // Each step at its own time of the cycle, whatever the site's clock says (tests of this class share it).
            var (applied, result) = Nomination.Apply(cycle, organization.Id, category.Key, category.Name, "Our email practice.", false, email,
                cycle.Dates.ApplicationsCloseUtc.AddDays(-1));
            Assert.True(result.Succeeded, result.Message);
            var db = s.GetRequiredService<SqmSite.Awards.Data.AwardsDbContext>();
            db.Nominations.Add(applied!);
            await db.SaveChangesAsync();
            if (finalist)
            {
                var now = cycle.Dates.FinalistsNotifiedByUtc.AddHours(1);
                Assert.True((await nominations.StepAsync(applied!.Key, null, (n, c, _) => n.SubmitChecklist(c, Guid.NewGuid(), email, c.Dates.ChecklistDueUtc.AddDays(-1)))).Succeeded);
                Assert.True((await nominations.StepAsync(applied.Key, null, (n, c, _) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
                Assert.True((await nominations.StepAsync(applied.Key, null, (n, c, _) => n.DecideFinalist(true, "staff", now))).Succeeded);
                Assert.True((await nominations.StepAsync(applied.Key, null, (n, c, _) => n.ReleaseDecision(c, "staff", now))).Succeeded);
            }

            return applied!.Key;
        });

        var client = site.Browser();
        var login = await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (client, nomination);
    }

    private static Task<HttpResponseMessage> AttachAsync(HttpClient client, Guid nomination, byte[] file, string name, string? description = null) =>
        client.PostFileAsync($"/portal/nominations/{nomination}/attachments", "file", file, name,
            description is null ? null : new() { ["description"] = description }, $"/portal/nominations/{nomination}/story");

    /// <summary>The site's clock a day after the finalists were told (it only moves forward, and every test wants this time).</summary>
    private void WhileStoriesAreOpen()
    {
        var storyTime = new DateTimeOffset(site.Services.GetRequiredService<CycleCatalog>().Current!.Dates.FinalistsNotifiedByUtc.AddDays(1), TimeSpan.Zero);
        if (site.Clock.GetUtcNow() < storyTime)
        {
            site.Clock.SetUtcNow(storyTime);
        }
    }

    private static string Story(Guid nomination) => $"/portal/nominations/{nomination}/story";

    [Fact]
    public async Task A_finalist_attaches_files_that_only_its_organization_and_staff_can_open()
    {
        WhileStoriesAreOpen(); // first: the sign-in cookie is issued by the clock too
        var (client, nomination) = await NomineeAsync("ada@attach.example");

        var png = TestImages.Png(800, 600);
        var added = await AttachAsync(client, nomination, png, "chart.png", "FCR by month, 2025 and 2026");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.EndsWith("/story#attachments", added.Headers.Location!.OriginalString);
        var pdf = TestImages.Pdf("Survey method");
        Assert.Equal(HttpStatusCode.Redirect, (await AttachAsync(client, nomination, pdf, "../survey method.pdf")).StatusCode);

        var storyResponse = await client.GetAsync(Story(nomination));
        Assert.True(storyResponse.Headers.CacheControl!.NoStore, "portal pages must not be kept by any cache");
        var page = WebUtility.HtmlDecode(await storyResponse.Content.ReadAsStringAsync());
        Assert.Contains("\"survey method.pdf\" was attached.", page);
        Assert.Contains("FCR by month, 2025 and 2026", page);
        Assert.Contains("survey method.pdf", page);

        var attachments = await site.WithServicesAsync(async s =>
            await s.GetRequiredService<StoryAttachments>().ListAsync((await s.GetRequiredService<NominationService>().FindAsync(nomination))!.Id));
        Assert.Equal(2, attachments.Count);
        var (picture, document) = (attachments.Single(a => a.IsImage), attachments.Single(a => !a.IsImage));
        var files = $"/portal/nominations/{nomination}/attachments";

        // The PDF as stored, as a download that cannot run; the picture as a re-encoded rendition.
        var download = await client.GetAsync($"{files}/{document.MediaKey}?download=true");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(download.Headers.CacheControl!.Private && download.Headers.CacheControl.NoStore);
        var thumbnail = await client.GetAsync($"{files}/{picture.MediaKey}?width=160");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/png", thumbnail.Content.Headers.ContentType!.MediaType); // re-encoded in its own format
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{files}/{picture.MediaKey}?width=123")).StatusCode);

        // Not at the library's public address, not for another organization, not for visitors or editors; staff see them.
        Assert.Equal(HttpStatusCode.NotFound, (await site.Browser().GetAsync($"/media/{picture.MediaKey}/chart.png?v=1&width=160")).StatusCode);
        var (other, otherNomination) = await NomineeAsync("oscar@attach.example");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{files}/{document.MediaKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/portal/nominations/{otherNomination}/attachments/{document.MediaKey}")).StatusCode);
        var removeOther = await other.PostFormAsync($"{files}?handler=Remove", new() { ["file"] = document.MediaKey.ToString() }, Story(otherNomination));
        Assert.Equal(HttpStatusCode.NotFound, removeOther.StatusCode);
        var anonymous = await site.Browser().GetAsync($"{files}/{document.MediaKey}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/portal/login", anonymous.Headers.Location!.OriginalString);

        var staffFiles = $"/backoffice/awards/nominations/{nomination}/attachments";
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        Assert.Equal(pdf, await staff.GetByteArrayAsync($"{staffFiles}/{document.MediaKey}?download=true"));
        Assert.Contains("survey method.pdf", await staff.GetStringAsync($"/backoffice/awards/nominations/{nomination}"));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/backoffice/awards/nominations/{otherNomination}/attachments/{document.MediaKey}")).StatusCode);
        var editor = await site.SignedInAsync(BackofficeRoles.Editor);
        var refused = await editor.GetAsync($"{staffFiles}/{document.MediaKey}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/backoffice/access-denied", refused.Headers.Location!.OriginalString);

        // Removing takes the file away for good.
        var removed = await client.PostFormAsync($"{files}?handler=Remove", new() { ["file"] = picture.MediaKey.ToString() }, Story(nomination));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{files}/{picture.MediaKey}?width=160")).StatusCode);
        Assert.Null(await site.WithServicesAsync(s => s.GetRequiredService<IPrivateMediaService>().GetPrivateAsync(picture.MediaKey, SqmSite.Awards.Organizations.Organization.MediaOwner(Guid.Empty))));
    }

    [Fact]
    public async Task Bad_files_missing_tokens_too_many_files_and_a_submitted_story_are_refused_with_a_message()
    {
        WhileStoriesAreOpen(); // first: the sign-in cookie is issued by the clock too
        var (client, nomination) = await NomineeAsync("bea@attach.example");

        async Task<string> RefusedAsync(byte[] file, string name, string? description = null)
        {
            var response = await AttachAsync(client, nomination, file, name, description);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var page = WebUtility.HtmlDecode(await client.GetStringAsync(Story(nomination)));
            var start = page.IndexOf("id=\"attachment-error\">", StringComparison.Ordinal);
            Assert.True(start > 0, "no attachment error on the story page");
            return page[(start + "id=\"attachment-error\">".Length)..page.IndexOf("</div>", start, StringComparison.Ordinal)];
        }

        Assert.StartsWith("This file is HTML or XML text", await RefusedAsync(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "report.pdf"));
        Assert.StartsWith("SVG files are not accepted", await RefusedAsync(TestImages.SvgWithScript(), "logo.svg"));
        Assert.StartsWith("The description may have at most 300 characters", await RefusedAsync(TestImages.Png(), "a.png", new string('x', 301)));
        var noToken = await client.PostFileAsync($"/portal/nominations/{nomination}/attachments", "file", TestImages.Png(), "a.png", null, formPageUrl: null);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var empty = await client.PostFormAsync($"/portal/nominations/{nomination}/attachments", new(), Story(nomination));
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Contains("Choose a file to attach", await client.GetStringAsync(Story(nomination)));

        for (var i = 0; i < StoryAttachments.MaxPerStory; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AttachAsync(client, nomination, TestImages.Png(40 + i, 30), $"shot {i}.png")).StatusCode);
        }

        Assert.Equal($"A story may have at most {StoryAttachments.MaxPerStory} attachments. Remove one to add another.",
            await RefusedAsync(TestImages.Png(), "one-too-many.png"));

        // After submitting, the story and its attachments are read-only.
        var years = site.Services.GetRequiredService<CycleCatalog>().Current!.RatingsYears;
        var submitted = await site.WithServicesAsync(s => s.GetRequiredService<NominationService>().StepAsync(nomination, null, (n, c, now) => n.SubmitStory(c,
            new StoryDraft("Our story.", "People", null, null,
            [
                .. years.Select(y => new RatingRow(RatingMetric.Fcr, y, 80, 100, "Survey", MeasuredBy.Customer)),
                .. years.Select(y => new RatingRow(RatingMetric.Csat, y, 90, 100, "Survey", MeasuredBy.Customer)),
            ]), "nominee", now)));
        Assert.True(submitted.Succeeded, submitted.Message);
        Assert.StartsWith("The story has been submitted and is read-only", await RefusedAsync(TestImages.Png(), "late.png"));
        var page = await client.GetStringAsync(Story(nomination));
        Assert.DoesNotContain("id=\"attachment-form\"", page);
        Assert.DoesNotContain("handler=Remove", page);
    }

    [Fact]
    public async Task Uploads_at_the_same_moment_never_pass_the_limit_and_leave_no_file_behind()
    {
        WhileStoriesAreOpen();
        var (_, nomination) = await NomineeAsync("dan@attach.example");
        var (nominationId, organizationId) = await site.WithServicesAsync(async s =>
        {
            var n = (await s.GetRequiredService<NominationService>().FindAsync(nomination))!;
            return (n.Id, n.OrganizationId);
        });

        async Task<Attempt<NominationOperationStatus>> AddAsync(int i) => await site.WithServicesAsync(s => s.GetRequiredService<StoryAttachments>()
            .AddAsync(nomination, organizationId, new MemoryStream(TestImages.Png(50 + i, 40)), $"race {i}.png", null, "dan@attach.example"));

        for (var i = 0; i < StoryAttachments.MaxPerStory - 2; i++)
        {
            Assert.True((await AddAsync(i)).Succeeded);
        }

        var results = await Task.WhenAll(Enumerable.Range(100, 6).Select(AddAsync));
        var kept = await site.WithServicesAsync(s => s.GetRequiredService<StoryAttachments>().ListAsync(nominationId));
        Assert.Equal(StoryAttachments.MaxPerStory, kept.Count);
        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.StartsWith("A story may have at most", r.Errors["File"]));

        // Every refused upload's file is gone again: only the kept ones remain stored for the organization.
        var organizationKey = await site.WithServicesAsync(s => s.GetRequiredService<SqmSite.Awards.Data.AwardsDbContext>().Organizations
            .Where(o => o.Id == organizationId).Select(o => o.Key).SingleAsync());
        var stored = await site.WithServicesAsync(s => s.GetRequiredService<SqmSite.Cms.Data.CmsDbContext>().Set<MediaItem>()
            .CountAsync(m => m.Owner == SqmSite.Awards.Organizations.Organization.MediaOwner(organizationKey)));
        Assert.Equal(StoryAttachments.MaxPerStory, stored);
    }

    [Fact]
    public async Task Only_a_finalist_can_attach()
    {
        var (client, nomination) = await NomineeAsync("cy@attach.example", finalist: false);
        var response = await client.PostFileAsync($"/portal/nominations/{nomination}/attachments", "file", TestImages.Png(), "a.png", null,
            formPageUrl: $"/portal/nominations/{nomination}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var count = await site.WithServicesAsync(async s =>
            (await s.GetRequiredService<StoryAttachments>().ListAsync((await s.GetRequiredService<NominationService>().FindAsync(nomination))!.Id)).Count);
        Assert.Equal(0, count);
    }
}
