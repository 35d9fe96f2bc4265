using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Delivery;

/// <summary>The awards part of the headless delivery API (the host adds the API itself with <c>AddSqmDelivery()</c>).</summary>
internal static class AwardsDeliveryRegistration
{
    public static IServiceCollection AddAwardsDeliveryWeb(this IServiceCollection services) => services.AddEndpointModule<AwardsDeliveryApi>();
}
