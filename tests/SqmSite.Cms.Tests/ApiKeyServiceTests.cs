using System.Data;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SqmSite.Cms.ApiKeys;
using SqmSite.Cms.Data;
using SqmSite.Cms.Scheduling;

namespace SqmSite.Cms.Tests;

/// <summary>
/// Delivery API keys on a real database. The tests share the fixture's clock, which only goes forward, so each one
/// makes its own keys (names are unique per test) and reads only those.
/// </summary>
public sealed class ApiKeyServiceTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    private FakeTimeProvider Clock => fixture.Clock;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private Task<T> WithKeysAsync<T>(Func<IApiKeyService, Task<T>> action) => fixture.InScopeAsync(action);

    private async Task<ApiKeySummary?> ValidateAsync(string? token)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ValidateAsync(token);
    }

    private async Task<IssuedApiKey> CreateAsync(string name, ApiKeyScope scope = ApiKeyScope.Read, TimeSpan? lifetime = null)
    {
        var created = await WithKeysAsync(k => k.CreateAsync(name, scope, Now + (lifetime ?? TimeSpan.FromDays(90)), "admin@example.org"));
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    private Task<ApiKey> RowAsync(Guid key) =>
        fixture.InScopeAsync<CmsDbContext, ApiKey>(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Key == key));

    /// <summary>Counts the times the scope's database connection opens: zero proves an answer came without a query.</summary>
    private static Func<int> CountQueries(IServiceProvider scope)
    {
        var opened = 0;
        scope.GetRequiredService<CmsDbContext>().Database.GetDbConnection().StateChange += (_, e) => opened += e.CurrentState == ConnectionState.Open ? 1 : 0;
        return () => opened;
    }

    private static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task A_created_key_has_a_token_that_validates_and_only_its_hash_is_stored()
    {
        var issued = await CreateAsync(Unique("Main website"), ApiKeyScope.Preview);

        Assert.StartsWith("sqm_", issued.Token, StringComparison.Ordinal);
        Assert.Equal(4 + 43, issued.Token.Length);
        Assert.Equal(issued.Token[..12], issued.Summary.Prefix);
        Assert.True(issued.Summary.AllowsPreview);

        var valid = await ValidateAsync(issued.Token);
        Assert.NotNull(valid);
        Assert.Equal(issued.Summary.Key, valid.Key);
        Assert.Equal(ApiKeyScope.Preview, valid.Scope);

        var row = await RowAsync(issued.Summary.Key);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issued.Token))), row.TokenHash);
        Assert.Equal("admin@example.org", row.CreatedBy);
        var storedTexts = new[] { row.Name, row.Prefix, row.TokenHash, row.CreatedBy, row.RevokedBy };
        Assert.DoesNotContain(storedTexts, t => t is not null && t.Contains(issued.Token[12..], StringComparison.Ordinal));

        // Another token of the same shape is not this key.
        Assert.Null(await ValidateAsync("sqm_" + new string('A', 43)));
    }

    [Fact]
    public async Task Revoking_refuses_the_token_at_once_even_after_a_cached_validation()
    {
        var issued = await CreateAsync(Unique("Mobile app"));
        Assert.NotNull(await ValidateAsync(issued.Token));

        var revoked = await WithKeysAsync(k => k.RevokeAsync(issued.Summary.Key, "other-admin@example.org"));
        Assert.True(revoked.Succeeded, revoked.Message);
        Assert.NotNull(revoked.Value!.RevokedUtc);

        Assert.Null(await ValidateAsync(issued.Token));
        var row = await RowAsync(issued.Summary.Key);
        Assert.Equal("other-admin@example.org", row.RevokedBy);

        var again = await WithKeysAsync(k => k.RevokeAsync(issued.Summary.Key, "someone"));
        Assert.Equal(ApiKeyOperationStatus.AlreadyRevoked, again.Status);
        Assert.Equal("other-admin@example.org", (await RowAsync(issued.Summary.Key)).RevokedBy);

        var unknown = await WithKeysAsync(k => k.RevokeAsync(Guid.NewGuid(), "someone"));
        Assert.Equal(ApiKeyOperationStatus.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Validation_answers_from_memory_for_thirty_seconds_without_a_query()
    {
        var issued = await CreateAsync(Unique("Newsletter tool"));
        Assert.NotNull(await ValidateAsync(issued.Token));

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var queries = CountQueries(scope.ServiceProvider);
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ValidateAsync(issued.Token));
            Assert.Equal(0, queries());
        }

        // A change behind the service's back (another instance's revocation) is seen once the memory goes stale.
        await fixture.InScopeAsync<CmsDbContext, int>(db =>
            db.ApiKeys.Where(k => k.Key == issued.Summary.Key).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedUtc, Now)));
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await ValidateAsync(issued.Token));
        Clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Null(await ValidateAsync(issued.Token));
    }

    [Fact]
    public async Task An_expired_key_is_refused_even_while_it_is_remembered()
    {
        var issued = await CreateAsync(Unique("Short-lived"), lifetime: TimeSpan.FromSeconds(10));
        Assert.NotNull(await ValidateAsync(issued.Token));

        Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Null(await ValidateAsync(issued.Token));
        var listed = (await WithKeysAsync(k => k.ListAsync())).Single(k => k.Key == issued.Summary.Key);
        Assert.False(listed.IsActive(Now));
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        var issued = await CreateAsync(Unique("Kiosk"));
        Assert.Null((await RowAsync(issued.Summary.Key)).LastUsedUtc);

        var first = Now;
        Assert.NotNull(await ValidateAsync(issued.Token));
        Assert.Equal(first, (await RowAsync(issued.Summary.Key)).LastUsedUtc);

        Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.NotNull(await ValidateAsync(issued.Token));
        Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.NotNull(await ValidateAsync(issued.Token));
        Assert.Equal(first, (await RowAsync(issued.Summary.Key)).LastUsedUtc);

        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await ValidateAsync(issued.Token));
        Assert.Equal(Now, (await RowAsync(issued.Summary.Key)).LastUsedUtc);
    }

    [Theory]
    [InlineData("", "Name")]
    [InlineData("   ", "Name")]
    [InlineData("101", "Name")]
    [InlineData("past", "Expires")]
    [InlineData("now", "Expires")]
    [InlineData("beyond a year", "Expires")]
    public async Task Bad_input_is_refused_with_a_message_beside_its_field(string input, string field)
    {
        var name = input switch { "101" => new string('n', 101), "" or "   " => input, _ => Unique("Valid") };
        var expires = input switch
        {
            "past" => Now.AddDays(-1),
            "now" => Now,
            "beyond a year" => Now.AddYears(1).AddMinutes(1),
            _ => Now.AddDays(30),
        };
        var result = await WithKeysAsync(k => k.CreateAsync(name, ApiKeyScope.Read, expires, "admin"));

        Assert.Equal(field == "Name" ? ApiKeyOperationStatus.InvalidName : ApiKeyOperationStatus.InvalidExpiry, result.Status);
        var message = Assert.Single(result.Errors, e => e.Key == field).Value;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public async Task Both_fields_wrong_gives_both_messages()
    {
        var result = await WithKeysAsync(k => k.CreateAsync("", ApiKeyScope.Read, Now.AddDays(-1), "admin"));
        Assert.False(result.Succeeded);
        Assert.Equal(["Expires", "Name"], result.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_name_is_unique_among_active_keys_only()
    {
        var name = Unique("Main website");
        var first = await CreateAsync(name);

        var clash = await WithKeysAsync(k => k.CreateAsync(name.ToUpperInvariant(), ApiKeyScope.Preview, Now.AddDays(10), "admin"));
        Assert.Equal(ApiKeyOperationStatus.InvalidName, clash.Status);
        Assert.Contains("already", clash.Errors["Name"], StringComparison.Ordinal);

        Assert.True((await WithKeysAsync(k => k.RevokeAsync(first.Summary.Key, "admin"))).Succeeded);
        var second = await CreateAsync("  " + name + "  ");
        Assert.Equal(name, second.Summary.Name);

        // Active first, newest first.
        var listed = (await WithKeysAsync(k => k.ListAsync())).Where(k => k.Name == name).Select(k => k.Key).ToList();
        Assert.Equal([second.Summary.Key, first.Summary.Key], listed);
    }

    public static TheoryData<string?> Malformed => new()
    {
        null,
        "",
        " ",
        new string('a', 10 * 1024),
        "sqm_" + new string('a', 10 * 1024),
        "sqm_" + new string('A', 42) + "\n",
        "sqm_" + new string('A', 21) + "\0" + new string('A', 21),
        "sqm_" + new string('A', 42) + "=",
        "SQM_" + new string('A', 43),
        "xyz_" + new string('A', 43),
        "sqm_" + new string('A', 42),
        "sqm_" + new string('é', 43),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_token_is_refused_without_a_query(string? token)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var queries = CountQueries(scope.ServiceProvider);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ValidateAsync(token));
        Assert.Equal(0, queries());
    }

    [Fact]
    public async Task Housekeeping_deletes_keys_revoked_or_expired_more_than_90_days_ago()
    {
        var revoked = await CreateAsync(Unique("Old revoked"), lifetime: TimeSpan.FromDays(300));
        Assert.True((await WithKeysAsync(k => k.RevokeAsync(revoked.Summary.Key, "admin"))).Succeeded);
        var expiredLater = await CreateAsync(Unique("Expires in 30 days"), lifetime: TimeSpan.FromDays(30));
        var expiredEarly = await CreateAsync(Unique("Expires in a day"), lifetime: TimeSpan.FromDays(1));
        var active = await CreateAsync(Unique("Still active"), lifetime: TimeSpan.FromDays(200));

        Clock.Advance(TimeSpan.FromDays(91) + TimeSpan.FromHours(1));
        var report = await fixture.Services.GetRequiredService<Housekeeping>().RunOnceAsync();
        Assert.Empty(report.FailedRules);
        Assert.True(report.PackageTasks!["revoked and expired API keys"] >= 2);

        var left = (await WithKeysAsync(k => k.ListAsync())).Select(k => k.Key).ToHashSet();
        Assert.DoesNotContain(revoked.Summary.Key, left);
        Assert.DoesNotContain(expiredEarly.Summary.Key, left);
        Assert.Contains(expiredLater.Summary.Key, left);
        Assert.Contains(active.Summary.Key, left);
        Assert.NotNull(await ValidateAsync(active.Token));
        Assert.Null(await ValidateAsync(revoked.Token));
    }
}
