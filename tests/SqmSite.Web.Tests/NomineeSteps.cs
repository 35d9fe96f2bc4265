using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Data;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>Steps the portal tests share: a confirmed nominee signed in, and the emails an address was sent.</summary>
internal static class NomineeSteps
{
    /// <summary>A confirmed nominee of a new organization, signed in to the portal, and the organization's id.</summary>
    public static async Task<(HttpClient Client, int OrganizationId)> SignedInNomineeAsync(this SiteFactory site, string email, string organization)
    {
        var organizationId = await site.WithServicesAsync(async s =>
        {
            var registered = await s.GetRequiredService<NomineeAccounts>().RegisterAsync(organization, null, false, "Kim Nominee", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            await users.ConfirmEmailAsync(registered.Value!.User!, await users.GenerateEmailConfirmationTokenAsync(registered.Value!.User!));
            return await s.GetRequiredService<AwardsDbContext>().OrganizationMembers.Where(m => m.UserId == registered.Value!.User!.Id)
                .Select(m => m.OrganizationId).SingleAsync();
        });
        var client = site.Browser();
        var signedIn = await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (client, organizationId);
    }

    /// <summary>Every message queued to <paramref name="to"/>, oldest first.</summary>
    public static Task<List<EmailMessage>> EmailsToAsync(this SiteFactory site, string to) => site.WithServicesAsync(async s =>
        (await s.GetRequiredService<CmsDbContext>().Set<EmailMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync()).Where(m => m.To.Contains(to)).ToList());
}
