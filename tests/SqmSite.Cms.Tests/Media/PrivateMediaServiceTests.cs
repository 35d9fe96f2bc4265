using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;
using SqmSite.Cms.Media;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests.Media;

/// <summary>Packages' private files on a real database and a real media folder.</summary>
public sealed class PrivateMediaServiceTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    private Task<T> PrivateAsync<T>(Func<IPrivateMediaService, Task<T>> action) => fixture.InScopeAsync(action);

    [Fact]
    public async Task A_private_file_another_instance_deletes_at_the_same_moment_is_no_error()
    {
        var key = (await PrivateAsync(m => m.UploadPrivateAsync(new MemoryStream(TestImages.Pdf()), "notes.pdf", null, "test:race", "test"))).Value!.Key;

        // This instance has found the item when the other one deletes it, just before this one saves its delete.
        var race = new DeleteFirstInterceptor(() => PrivateAsync(m => m.DeletePrivateAsync(key, "test:race", "other")));
        await using var instance = CmsFixture.BuildServices(fixture.Database, fixture.Clock, s =>
        {
            s.ConfigureDbContext<SqliteCmsDbContext>(o => o.AddInterceptors(race));
            s.ConfigureDbContext<PostgreSqlCmsDbContext>(o => o.AddInterceptors(race));
        });
        await using var scope = instance.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<IPrivateMediaService>().DeletePrivateAsync(key, "test:race", "test"));
        Assert.True(race.OtherDeleted);
        Assert.Null(await PrivateAsync(m => m.GetPrivateAsync(key, "test:race")));
    }

    private sealed class DeleteFirstInterceptor(Func<Task<bool>> deleteElsewhere) : SaveChangesInterceptor
    {
        public bool OtherDeleted { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            OtherDeleted = await deleteElsewhere();
            return result;
        }
    }
}
