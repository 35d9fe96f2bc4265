using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Web;

/// <summary>
/// A feature's own endpoints (minimal APIs beside the feature, as eShop's <c>OrdersApi.cs</c>). A module registers
/// it with <see cref="EndpointModules.AddEndpointModule{T}"/> in its <c>AddX()</c>, and <c>MapSqmCms</c> maps every
/// registered one, so adding a module to a site is one call.
/// </summary>
public interface IEndpointModule
{
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}

public static class EndpointModules
{
    public static IServiceCollection AddEndpointModule<T>(this IServiceCollection services) where T : class, IEndpointModule
    {
        services.AddSingleton<IEndpointModule, T>();
        return services;
    }
}
