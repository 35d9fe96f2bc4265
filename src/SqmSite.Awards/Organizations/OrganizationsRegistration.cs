using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Awards.Organizations;

/// <summary>Organizations, their people and the invitations that bring colleagues in.</summary>
internal static class OrganizationsRegistration
{
    public static IServiceCollection AddAwardsOrganizations(this IServiceCollection services)
    {
        services.AddScoped<OrganizationService>();
        services.AddScoped<InvitationService>();
        return services;
    }
}
