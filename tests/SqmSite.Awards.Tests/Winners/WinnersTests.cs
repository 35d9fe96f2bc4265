using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Data;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Content;
using SqmSite.Cms.Published;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Awards.Tests.Winners;

/// <summary>
/// Winners on a real database: the story draft made at the declaration, the publishing guard (consent, embargo) on the
/// backoffice, scheduler and import paths, withdrawal taking everything down, and the consent rule as a property.
/// </summary>
public sealed class WinnersTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    [Fact]
    public async Task Declaring_a_winner_makes_a_draft_story_under_its_year_page_with_the_submission_and_results()
    {
        var winner = await WinnerTestKit.DeclaredAsync(fixture, "Draft Story Co", TimeSpan.FromDays(1));
        await fixture.InScopeAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var node = (await content.GetNodeAsync(winner.ContentId))!;
            var latest = (await content.GetLatestVersionAsync(node))!;
            Assert.False(node.IsPublished);
            Assert.Equal("Draft Story Co, Email Channel", latest.Name);
            Assert.Equal("draft-story-co-email-channel", latest.UrlSegment);
            Assert.Equal("Draft Story Co", latest.Values["organizationName"]!.GetValue<string>());
            Assert.Contains("every email gets one complete answer", latest.Values["story"]!.ToJsonString());
            Assert.Contains($"{winner.Cycle.RatingsYears[0]}: FCR 78%, Csat 88%", latest.Values["results"]!.ToJsonString());
            Assert.False(latest.Values.ContainsKey("logo"));

            var year = (await content.GetNodeAsync(node.ParentId!.Value))!;
            Assert.Equal(WinnerContentTypes.Year, year.ContentTypeAlias);
            Assert.True(year.IsPublished);
            Assert.Equal(winner.Cycle.Year.ToString(), (await content.GetLatestVersionAsync(year))!.UrlSegment);

            // A second call finds the same story.
            var again = await s.GetRequiredService<WinnerStoryService>().EnsureDraftAsync(winner.Nomination.Id);
            Assert.Equal(node.Id, again.Value!.Id);
            return 0;
        });
    }

    [Fact]
    public async Task Publishing_is_refused_without_consent_and_before_the_announcement_then_allowed_and_the_logo_enters_the_library()
    {
        var winner = await WinnerTestKit.DeclaredAsync(fixture, "Guarded Co", TimeSpan.FromHours(2));

        var noConsent = await WinnerTestKit.PublishAsync(fixture, winner);
        Assert.Equal(ContentOperationStatus.CancelledByNotification, noConsent.Status);
        Assert.Contains("Guarded Co has not given publishing consent", noConsent.Message);

        Assert.True((await WinnerTestKit.PaperConsentAsync(fixture, winner)).Succeeded);
        Assert.Equal(WinnersOperationStatus.WrongState, (await WinnerTestKit.PaperConsentAsync(fixture, winner)).Status);
        var (live, logo) = await WinnerTestKit.PublicAsync(fixture, winner);
        Assert.False(live);
        Assert.True(logo, "consent puts the organization's logo in the library");

        var embargo = await WinnerTestKit.PublishAsync(fixture, winner);
        Assert.Equal(ContentOperationStatus.CancelledByNotification, embargo.Status);
        Assert.Contains("under embargo until", embargo.Message);

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await WinnerTestKit.PublishAsync(fixture, winner)).Succeeded);
        var story = await fixture.InScopeAsync(s => Task.FromResult(s.GetRequiredService<IPublishedContentCache>().Snapshot.ByKey(winner.ContentKey)));
        Assert.NotNull(story!.Picked("logo"));
        Assert.Equal($"/winners/{winner.Cycle.Year}/guarded-co-email-channel/", story.Url);
    }

    [Fact]
    public async Task A_story_scheduled_for_the_announcement_goes_live_exactly_then_and_not_a_minute_before()
    {
        var winner = await WinnerTestKit.DeclaredAsync(fixture, "Embargo Co", TimeSpan.FromHours(3));
        Assert.True((await WinnerTestKit.PaperConsentAsync(fixture, winner)).Succeeded);
        var scheduled = await fixture.InScopeAsync(s => s.GetRequiredService<ContentService>().ScheduleAsync(winner.ContentId, winner.Cycle.Dates.WinnersAnnouncedByUtc, null));
        Assert.True(scheduled.Succeeded, scheduled.Message);

        fixture.Clock.SetUtcNow(winner.Cycle.Dates.WinnersAnnouncedByUtc.AddMinutes(-1));
        await fixture.Services.GetRequiredService<ScheduledPublisher>().RunDueAsync();
        Assert.False((await WinnerTestKit.PublicAsync(fixture, winner)).StoryLive);

        fixture.Clock.SetUtcNow(winner.Cycle.Dates.WinnersAnnouncedByUtc);
        await fixture.Services.GetRequiredService<ScheduledPublisher>().RunDueAsync();
        Assert.True((await WinnerTestKit.PublicAsync(fixture, winner)).StoryLive);
    }

    [Fact]
    public async Task A_withdrawal_takes_the_story_and_the_logo_off_at_once_keeps_the_record_and_a_scheduled_publish_is_cancelled()
    {
        var winner = await WinnerTestKit.DeclaredAsync(fixture, "Withdrawing Co", TimeSpan.FromMinutes(5));
        Assert.True((await WinnerTestKit.PaperConsentAsync(fixture, winner)).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await WinnerTestKit.PublishAsync(fixture, winner)).Succeeded);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<ContentService>().ScheduleAsync(winner.ContentId, null, fixture.Clock.GetUtcNow().UtcDateTime.AddDays(30)))).Succeeded);

        var blank = await fixture.InScopeAsync(s => s.GetRequiredService<ConsentService>().WithdrawAsync(winner.Nomination.Key, null, " ", "staff"));
        Assert.Equal(["Reason", "WithdrawnOn"], blank.Errors.Keys.Order());
        Assert.True((await WinnerTestKit.WithdrawAsync(fixture, winner)).Succeeded);

        Assert.Equal((false, false), await WinnerTestKit.PublicAsync(fixture, winner));
        await fixture.InScopeAsync(async s =>
        {
            var node = (await s.GetRequiredService<ContentService>().GetNodeAsync(winner.ContentId))!;
            Assert.Null(node.UnpublishAtUtc);
            var history = await s.GetRequiredService<ConsentService>().HistoryAsync(winner.Nomination.Id);
            var kept = Assert.Single(history);
            Assert.Equal("Pat Signer", kept.SignerName);
            Assert.Equal("The organization asked us to stop.", kept.WithdrawalReason);
            return 0;
        });

        var again = await WinnerTestKit.PublishAsync(fixture, winner);
        Assert.Contains("withdrew its publishing consent", again.Message);
        Assert.Equal(WinnersOperationStatus.WrongState, (await WinnerTestKit.WithdrawAsync(fixture, winner)).Status);
    }

    [Fact]
    public async Task A_winner_story_not_tied_to_a_winner_is_never_published_and_the_paper_must_be_a_pdf()
    {
        var winner = await WinnerTestKit.DeclaredAsync(fixture, "Untied Co", TimeSpan.FromMinutes(1));
        var created = await fixture.InScopeAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetNodeAsync(winner.ContentId))!.ParentId;
            return await content.CreateAsync(parent, WinnerContentTypes.Story, new ContentEdit("Made by hand", null, new Dictionary<string, string?>
            {
                ["headline"] = "Hand-made", ["summary"] = "Typed by an editor.", ["organizationName"] = "Someone", ["category"] = "Email Channel",
                ["year"] = winner.Cycle.Year.ToString(), ["story"] = "<p>Text</p>",
            }), "editor");
        });
        Assert.True(created.Succeeded, created.Message);
        var refused = await fixture.InScopeAsync(s => s.GetRequiredService<ContentService>().PublishAsync(created.Value!.Id, "editor"));
        Assert.Contains("not tied to a declared winner", refused.Message);

        var picture = await fixture.InScopeAsync(async s =>
        {
            await using var png = new MemoryStream(SqmSite.Testing.TestImages.Png());
            return await s.GetRequiredService<ConsentService>().RecordPaperAsync(winner.Nomination.Key, "Pat", "CEO", PublishingChannels.All,
                DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime), png, "scan.png", "staff");
        });
        Assert.Equal("The signed terms must be a PDF; that file is a picture.", picture.Errors["File"]);
        var noWebsite = await fixture.InScopeAsync(s => s.GetRequiredService<ConsentService>().RecordPaperAsync(winner.Nomination.Key, "Pat", "CEO",
            PublishingChannels.Email, DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime.AddDays(2)), null, null, "staff"));
        Assert.Equal(["Channels", "File", "SignedOn"], noWebsite.Errors.Keys.Order());
        Assert.False(await WinnerTestKit.ConsentInForceAsync(fixture, winner));
    }

    [Fact]
    public async Task An_organization_that_withdraws_takes_every_one_of_its_awards_off_the_site()
    {
        var first = await WinnerTestKit.DeclaredAsync(fixture, "Twice Won Co", TimeSpan.FromMinutes(1));
        var second = await WinnerTestKit.DeclaredAsync(fixture, "Twice Won Co", TimeSpan.FromMinutes(1), sameOrganizationAs: first.Nomination.OrganizationId);
        Assert.True((await WinnerTestKit.PaperConsentAsync(fixture, first)).Succeeded);
        Assert.True((await WinnerTestKit.PaperConsentAsync(fixture, second)).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await WinnerTestKit.PublishAsync(fixture, first)).Succeeded);
        Assert.True((await WinnerTestKit.PublishAsync(fixture, second)).Succeeded);

        Assert.True((await WinnerTestKit.WithdrawAsync(fixture, first)).Succeeded);
        Assert.Equal((false, false), await WinnerTestKit.PublicAsync(fixture, first));
        Assert.Equal((false, false), await WinnerTestKit.PublicAsync(fixture, second));
        Assert.False(await WinnerTestKit.ConsentInForceAsync(fixture, second));
    }

    [Fact]
    public void The_comparison_pairs_paragraphs_and_marks_the_words_that_changed()
    {
        var diff = SqmSite.Awards.Areas.Backoffice.Pages.Awards.WinnerStories.CompareModel.Build(
            "We answer every email.\n\nPeople\n\nA small team.", "We answer every single email today.\n\nPeople\n\nA small team.");
        var changed = diff.NewText.Lines[0];
        Assert.Equal(DiffPlex.DiffBuilder.Model.ChangeType.Modified, changed.Type);
        Assert.Equal(["single", "today"], changed.SubPieces.Where(p => p.Type == DiffPlex.DiffBuilder.Model.ChangeType.Inserted && !string.IsNullOrWhiteSpace(p.Text))
            .Select(p => p.Text!.Trim(' ', '.')).Where(t => t.Length > 0));
        Assert.All(diff.NewText.Lines.Skip(1), l => Assert.Equal(DiffPlex.DiffBuilder.Model.ChangeType.Unchanged, l.Type));
        Assert.Equal("We answer every email. People A small team.", SqmSite.Awards.Winners.WinnerStoryService.PlainText("<p>We answer every email.</p><h2>People</h2><p>A small team.</p>").Replace("\n\n", " "));
    }

    /// <summary>The steps the property combines: every path by which a winner story could become public, and the consent changes.</summary>
    public enum Step
    {
        Consent,
        Withdraw,
        Publish,
        ScheduleAndRun,
        Unpublish,
        Import,
        RollbackAndPublish,
        PassEmbargo,
    }

    [Fact]
    public void Whatever_happens_nothing_of_a_winner_is_public_without_consent_in_force_or_before_the_announcement() =>
        Prop.ForAll(Gen.Elements(Enum.GetValues<Step>()).ArrayOf().Where(a => a.Length is > 0 and <= 10).ToArbitrary(), steps =>
        {
            RunAsync(steps).GetAwaiter().GetResult();
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(15));

    private async Task RunAsync(Step[] steps)
    {
        var winner = await WinnerTestKit.DeclaredAsync(fixture, $"Property Co {Guid.NewGuid():N}"[..24], TimeSpan.FromHours(1));
        foreach (var step in steps)
        {
            switch (step)
            {
                case Step.Consent:
                    await WinnerTestKit.PaperConsentAsync(fixture, winner);
                    break;
                case Step.Withdraw:
                    await WinnerTestKit.WithdrawAsync(fixture, winner);
                    break;
                case Step.Publish:
                    await WinnerTestKit.PublishAsync(fixture, winner);
                    break;
                case Step.ScheduleAndRun:
                    await fixture.InScopeAsync(s => s.GetRequiredService<ContentService>().ScheduleAsync(winner.ContentId, fixture.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), null));
                    fixture.Clock.Advance(TimeSpan.FromMinutes(1));
                    await fixture.Services.GetRequiredService<ScheduledPublisher>().RunDueAsync();
                    break;
                case Step.Unpublish:
                    await fixture.InScopeAsync(s => s.GetRequiredService<ContentService>().UnpublishAsync(winner.ContentId, "marketing"));
                    break;
                case Step.Import:
                    await WinnerTestKit.ImportPublishedAsync(fixture, winner);
                    break;
                case Step.RollbackAndPublish:
                    await fixture.InScopeAsync(async s =>
                    {
                        var content = s.GetRequiredService<ContentService>();
                        var first = (await content.GetVersionsAsync(winner.ContentId))[^1];
                        await content.RollbackAsync(winner.ContentId, first.Id, "marketing");
                        return await content.PublishAsync(winner.ContentId, "marketing");
                    });
                    break;
                case Step.PassEmbargo:
                    if (fixture.Clock.GetUtcNow() < winner.Cycle.Dates.WinnersAnnouncedByUtc)
                    {
                        fixture.Clock.SetUtcNow(winner.Cycle.Dates.WinnersAnnouncedByUtc);
                    }

                    break;
            }

            var (live, logo) = await WinnerTestKit.PublicAsync(fixture, winner);
            var consent = await WinnerTestKit.ConsentInForceAsync(fixture, winner);
            var announced = fixture.Clock.GetUtcNow() >= winner.Cycle.Dates.WinnersAnnouncedByUtc;
            Assert.True(!live || (consent && announced), $"after {step} in [{string.Join(", ", steps)}]: live {live}, consent {consent}, announced {announced}");
            Assert.True(!logo || consent, $"after {step} in [{string.Join(", ", steps)}]: the logo is in the library without consent");
        }
    }
}
