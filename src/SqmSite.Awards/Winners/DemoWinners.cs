using ImageMagick;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Content;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Winners;

/// <summary>
/// <c>--demo</c>: clearly fictitious past winners for the two most recent years already announced, so that a new user sees a
/// full site. Each goes the way a real one does (steps 1 to 4 through the domain, a declared winner, the announcement,
/// consent signed, the story published), with a generated logo. Loaded once; refused on a site with real winners.
/// </summary>
public sealed class DemoWinners(
    AwardsDbContext db,
    CycleService cycles,
    CycleCatalog catalog,
    OrganizationService organizations,
    PanelService panels,
    ResultsService results,
    ConsentService consents,
    WinnerStoryService stories,
    ContentService content,
    IPublishedContentCache cache,
    TimeProvider clock,
    ILogger<DemoWinners> logger)
{
    /// <summary>Demo cycles are named with this prefix; that is how a later start (and the refusal) tells them from real ones.</summary>
    public const string CyclePrefix = "Demo ";

    private static readonly string[] Names =
    [
        "Northwind Contact (demo)", "Blue Harbor Utilities (demo)", "Fictional Telecom (demo)", "Example Insurance (demo)",
        "Sample Health Line (demo)", "Placeholder Bank (demo)",
    ];

    private static readonly (byte R, byte G, byte B)[] Colors =
    [
        (0x0f, 0x76, 0x6e), (0x1c, 0x43, 0x72), (0x8a, 0x4b, 0x08), (0x5b, 0x21, 0xb6), (0xbe, 0x12, 0x3c), (0x16, 0x65, 0x34),
    ];

    /// <summary>Loads the demo, or says why not. Returns the number of winners published.</summary>
    public async Task<int> LoadAsync(CancellationToken ct = default)
    {
        var real = await (from n in db.Nominations.AsNoTracking()
                          join c in db.Cycles.AsNoTracking() on n.CycleId equals c.Id
                          where n.AwardedUtc != null && !c.Name.StartsWith(CyclePrefix)
                          select n.Id).AnyAsync(ct);
        if (real)
        {
            throw new InvalidOperationException("--demo refused: this site has real winners, and demo data must never mix with them. Start without --demo.");
        }

        if (await db.Cycles.AnyAsync(c => c.Name.StartsWith(CyclePrefix), ct))
        {
            logger.LogInformation("--demo: the demo winners are already loaded");
            return 0;
        }

        var current = catalog.Current ?? throw new InvalidOperationException("--demo refused: there is no award cycle to place the demo years before.");
        var categories = current.CategoryKeys.Where(k => cache.Snapshot.ByKey(k) is not null).Take(4).ToList();
        if (categories.Count == 0 || await content.GetTreeAsync(ct) is var tree && !tree.Any(t => t.ContentTypeAlias == WinnerContentTypes.Index))
        {
            throw new InvalidOperationException("--demo refused: the site needs its published category pages and a past-winners page (the uSync seed).");
        }

        var published = 0;
        var made = 0;
        // The two most recent years before the current cycle whose winners would already be announced.
        var now = clock.GetUtcNow().UtcDateTime;
        var back = Enumerable.Range(1, 5).Where(k => current.Dates.WinnersAnnouncedByUtc.AddDays(-365.25 * k) < now).Take(2).Reverse();
        foreach (var yearsBack in back)
        {
            var year = current.Year - yearsBack;
            var shift = TimeSpan.FromDays(-365.25 * yearsBack);
            var dates = current.Dates.Shifted(shift);
            var (cycle, problems) = await cycles.CreateAsync($"{CyclePrefix}{year}/{(year + 1) % 100:00} awards (fictitious)", year, current.TimeZoneId, dates, categories, ct);
            if (cycle is null)
            {
                throw new InvalidOperationException($"--demo refused: the demo cycle {year} could not be made: {string.Join(" ", problems)}");
            }

            for (var i = 0; i < categories.Count; i++)
            {
                var category = cache.Snapshot.ByKey(categories[i])!;
                var panel = await panels.PanelAsync(cycle.Id, category.Key, category.Name, ct);

                // One category a year has no award, as real years sometimes do.
                if (i == categories.Count - 1 && categories.Count > 1)
                {
                    await results.DeclareAsync(panel.Key, null, "Demo: no entry met the bar this year.", "demo", ct);
                    continue;
                }

                var name = Names[made % Names.Length];
                var color = Colors[made % Colors.Length];
                made++;
                var nomination = await SubmittedAsync(db, cycle, category.Key, category.Name, name, Story(cycle, name, category.Name, made), ct);
                await using (var logo = new MemoryStream(Logo(color, made)))
                {
                    await organizations.SetLogoAsync(nomination.OrganizationId, logo, "demo-logo.png", "demo", ct);
                }

                var declared = await results.DeclareAsync(panel.Key, nomination.Key, "Demo winner.", "demo", ct);
                if (!declared.Succeeded)
                {
                    throw new InvalidOperationException("--demo: declaring a demo winner failed: " + declared.Message);
                }
            }

            await results.AnnounceDueAsync(ct);
            var winners = await db.Nominations.AsNoTracking().Where(n => n.CycleId == cycle.Id && n.AwardedUtc != null).ToListAsync(ct);
            foreach (var winner in winners)
            {
                var signed = await consents.SignAsync(winner.Key, winner.OrganizationId, "Demo Signer", "Head of customer experience (fictitious)",
                    PublishingChannels.All, (await consents.TermsAsync(ct))?.Version, agreed: true, "demo", ct);
                var node = await stories.StoryNodeAsync(winner.Id, ct);
                if (!signed.Succeeded || node is null)
                {
                    throw new InvalidOperationException("--demo: a demo winner could not be completed: " + (signed.Message ?? "no story"));
                }

                if ((await content.PublishAsync(node.Id, "demo", ct)).Succeeded)
                {
                    published++;
                }
            }
        }

        logger.LogWarning("--demo: loaded {Count} fictitious past winners (cycles named \"{Prefix}…\")", published, CyclePrefix);
        return published;
    }

    /// <summary>
    /// An organization's entry through steps 1 to 4, each step through the domain at a time inside its window, ending
    /// with a submitted story. Also what the tests arrange judging from.
    /// </summary>
    public static async Task<Nomination> SubmittedAsync(AwardsDbContext db, AwardCycle cycle, Guid categoryKey, string categoryName, string organization,
        StoryDraft story, CancellationToken ct = default, int? existingOrganizationId = null)
    {
        var org = existingOrganizationId is { } id ? await db.Organizations.FirstAsync(o => o.Id == id, ct)
            : new Organization(organization, "https://example.org", isClient: false, cycle.Dates.ApplicationsOpenUtc);
        if (existingOrganizationId is null)
        {
            db.Organizations.Add(org);
            await db.SaveChangesAsync(ct);
        }

        var (nomination, applied) = Nomination.Apply(cycle, org.Id, categoryKey, categoryName, $"{organization} answers every email completely.", false,
            "nominee@example.org", cycle.Dates.ApplicationsOpenUtc.AddMinutes(1));
        Check(applied);
        var n = nomination!;
        Check(n.SubmitChecklist(cycle, Guid.NewGuid(), "nominee", cycle.Dates.ChecklistDueUtc.AddMinutes(-1)));
        Check(n.ReviewChecklist(true, null, "staff", cycle.Dates.ChecklistDueUtc));
        Check(n.DecideFinalist(true, "staff", cycle.Dates.FinalistsNotifiedByUtc.AddMinutes(-1)));
        Check(n.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc.AddMinutes(1)));
        Check(n.SubmitStory(cycle, story, "nominee", cycle.Dates.StoriesDueUtc.AddMinutes(-1)));
        db.Nominations.Add(n);
        await db.SaveChangesAsync(ct);
        return n;
    }

    private static StoryDraft Story(AwardCycle cycle, string organization, string category, int seed) => new(
        $"{organization} is a made-up organization, shown only in demo mode. Its {category} practice started from one question: what stops a customer from finishing in one contact?\n\n"
            + "The team mapped every reason customers came back, fixed the three biggest, and now reviews the list every month with the people who answer the customers.",
        "A small team of senior agents owns the practice and coaches the rest, one session a week.",
        "Every repeat contact is tagged, and the top reasons are reviewed monthly; each fix has an owner and a date.",
        "A shared knowledge base with answers agents can edit, and a dashboard of repeat contacts by reason.",
        [
            .. cycle.RatingsYears.Select((y, i) => new RatingRow(RatingMetric.Fcr, y, 70 + seed + i * 4, 1000 + seed * 100, "Post-contact survey", MeasuredBy.Customer)),
            .. cycle.RatingsYears.Select((y, i) => new RatingRow(RatingMetric.Csat, y, 80 + seed + i * 3, 900 + seed * 100, "Post-contact survey", MeasuredBy.Customer)),
        ]);

    /// <summary>
    /// A generated logo: a coloured square with a light ring and a gold bar, different for each demo organization. Drawn
    /// into a pixel buffer: the media pipeline's ImageMagick policy allows only the image coders, not its canvas.
    /// </summary>
    private static byte[] Logo((byte R, byte G, byte B) color, int seed)
    {
        const int size = 400;
        var pixels = new byte[size * size * 3];
        var radius = 80 + seed * 6;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var distance = Math.Sqrt(((x - 200) * (x - 200)) + ((y - 170) * (y - 170)));
                var (r, g, b) = y is >= 290 and < 320 && x is >= 100 and < 300 ? ((byte)0xf5, (byte)0xb9, (byte)0x42)
                    : distance < radius && distance > radius - 28 ? ((byte)0xff, (byte)0xff, (byte)0xff)
                    : color;
                var at = ((y * size) + x) * 3;
                (pixels[at], pixels[at + 1], pixels[at + 2]) = (r, g, b);
            }
        }

        using var image = new MagickImage();
        image.ReadPixels(pixels, new PixelReadSettings(size, size, StorageType.Char, PixelMapping.RGB));
        image.Format = MagickFormat.Png;
        return image.ToByteArray();
    }

    private static void Check(SqmSite.Cms.Attempt<NominationOperationStatus> step)
    {
        if (!step.Succeeded)
        {
            throw new InvalidOperationException("Arranging a submitted story failed: " + step.Message);
        }
    }
}

/// <summary>Runs <see cref="DemoWinners"/> at start-up, after the engine's and the package's initializers (so after the seed).</summary>
internal sealed class DemoWinnersLoader(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoWinners>().LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
