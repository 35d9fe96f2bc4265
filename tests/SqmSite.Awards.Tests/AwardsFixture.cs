using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;
using SqmSite.Cms.Data;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Awards.Tests;

/// <summary>The package's services on a real database (SQLite, or PostgreSQL under test.sh), with a clock the tests move.</summary>
public sealed class AwardsFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public TestDatabase Database { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public AwardCycle Cycle { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Database.Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSqmCmsCore(configuration, RepositoryPaths.WebProject);
        services.AddAwardsCore(configuration, RepositoryPaths.WebProject);
        services.AddIdentityCore<BackofficeUser>().AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>().AddEntityFrameworkStores<CmsDbContext>();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        await using var scope = Services.CreateAsyncScope();
        await CmsDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), default);
        await scope.ServiceProvider.GetRequiredService<AwardsDbContext>().Database.MigrateAsync();
        var template = NominationStateMachineTests.Cycle();
        var (cycle, problems) = await scope.ServiceProvider.GetRequiredService<CycleService>()
            .CreateAsync(template.Name, template.Year, template.TimeZoneId, template.Dates, template.CategoryKeys.ToList());
        Assert.Empty(problems);
        Cycle = cycle!;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<int> NewOrganizationAsync(string name) => InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        var organization = new Organization(name, "https://example.org", isClient: false, Clock.GetUtcNow().UtcDateTime);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    });

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
