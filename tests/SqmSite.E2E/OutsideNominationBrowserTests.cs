using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// A customer nominates a CSR from the category page, confirms by the emailed link, staff accept, and the employer's
/// contact confirms the person and takes the nomination up in the portal: every step through the pages, by the
/// buttons people press, with screenshots at 1366 and 390 px.
/// </summary>
public sealed partial class OutsideNominationBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Employer = "lead@wingtip-care.example";

    [Fact]
    public async Task A_customer_nominates_a_csr_and_the_employer_takes_it_up()
    {
        var visitor = await fixture.NewPageAsync(1366, 900);
        visitor.Context.SetDefaultTimeout(PortalTestSteps.Timeout);
        await visitor.GotoAsync("/categories/best-csr/");
        await PortalTestSteps.CheckPageAsync(visitor, "category-best-csr");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Nominate them" }).ClickAsync();
        await visitor.GetByRole(AriaRole.Heading, new() { Name = "Nominate someone", Level = 1 }).WaitForAsync();
        await visitor.GetByLabel("Your name").FillAsync("Casey Customer");
        await visitor.GetByLabel("A customer").CheckAsync();
        await visitor.GetByLabel("The person's name").FillAsync("Jordan Lee");
        await visitor.GetByLabel("The organization they work for").FillAsync("Wingtip Care");
        await visitor.GetByLabel("An email address at their employer").FillAsync(Employer);
        await visitor.GetByLabel("Why you nominate them").FillAsync("Jordan sorted out a billing mess in one call and followed up the next day.");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send the nomination" }).ClickAsync();

        // The email address was left out: the page says so beside the field and keeps what was typed.
        await visitor.Locator("#portal-errors").GetByText("Give your email address").WaitForAsync();
        Assert.Equal("Jordan Lee", await visitor.GetByLabel("The person's name").InputValueAsync());
        await PortalTestSteps.CheckPageAsync(visitor, "nominate-refused");
        await visitor.GetByLabel("Your email address").FillAsync("casey@example.org");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send the nomination" }).ClickAsync();
        await visitor.GetByRole(AriaRole.Heading, new() { Name = "Check your email" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(visitor, "nominate-sent");

        var confirm = await fixture.LinkFromSinkAsync("casey@example.org", ConfirmLink());
        await visitor.GotoAsync(new Uri(confirm).PathAndQuery);
        await visitor.GetByRole(AriaRole.Heading, new() { Name = "Thank you: your nomination is confirmed" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(visitor, "nominate-confirmed");

        var phone = await fixture.NewPageAsync(390, 844);
        await phone.GotoAsync("/categories/best-csr/");
        await PortalTestSteps.CheckPageAsync(phone, "category-best-csr");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Nominate them" }).ClickAsync();
        await phone.GetByLabel("Why you nominate them").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(phone, "nominate-form");

        // Staff screen it: one candidate, one nomination, accepted.
        foreach (var width in new[] { 1366, 390 })
        {
            var look = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, width, 900));
            await look.GotoAsync("/backoffice/awards/nominations/by-others");
            await look.GetByRole(AriaRole.Heading, new() { Name = "Jordan Lee (Wingtip Care) 1 nomination" }).WaitForAsync();
            await BrowserFixture.ScreenshotAsync(look, "nominations-by-others");
            await BrowserFixture.AssertAccessibleAsync(look, $"nominations by others at {width}px");
            if (width == 1366)
            {
                await look.GetByRole(AriaRole.Button, new() { Name = "Accept and invite the contact of Jordan Lee (Wingtip Care) (from Casey Customer)" }).ClickAsync();
                await look.GetByText("Accepted: the contact is invited by email").WaitForAsync();
            }
        }

        // The employer's contact opens the invitation, confirms the person's job title and takes it up.
        var invitation = new Uri(await fixture.LinkFromSinkAsync(Employer, InvitationLink())).PathAndQuery;
        var employer = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Employer, "Wingtip Care"));
        await employer.GotoAsync(invitation);
        await employer.GetByRole(AriaRole.Heading, new() { Name = "A customer nominated Jordan Lee (Wingtip Care)" }).WaitForAsync();
        Assert.Equal(0, await employer.GetByText("billing mess").CountAsync());
        await PortalTestSteps.CheckPageAsync(employer, "portal-nominated");
        var employerPhone = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Employer, "Wingtip Care", 390, 844));
        await employerPhone.GotoAsync(invitation);
        await employerPhone.GetByRole(AriaRole.Button, new() { Name = "Take it up" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(employerPhone, "portal-nominated");
        await employer.GetByLabel("Their job title").FillAsync("Senior CSR");
        await employer.GetByLabel("Why this person stands out").FillAsync("Jordan fixes on the first call what used to take three.");
        await employer.GetByRole(AriaRole.Button, new() { Name = "Take it up" }).ClickAsync();
        await employer.GetByText("Thank you. You took the nomination up: Best CSR: Jordan Lee (Senior CSR) is among your entries.").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(employer, "portal-nominated-taken-up");

        var phoneEmployer = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Employer, "Wingtip Care", 390, 844));
        await phoneEmployer.GotoAsync("/portal");
        await phoneEmployer.GetByRole(AriaRole.Link, new() { Name = "Best CSR: Jordan Lee (Senior CSR)" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(phoneEmployer, "portal-nominated-dashboard");

        // Staff see the nominator's words on the entry; the organization does not.
        var staffEntry = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staffEntry.GotoAsync("/backoffice/awards/nominations");
        await staffEntry.GetByRole(AriaRole.Link, new() { Name = "Wingtip Care" }).ClickAsync();
        await staffEntry.GetByRole(AriaRole.Heading, new() { Name = "Nominated by others: 1" }).WaitForAsync();
        await staffEntry.GetByText("billing mess").WaitForAsync();
        await staffEntry.GetByText("Not needed: Individual awards have no eligibility checklist").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staffEntry, "nomination-nominated-by");
        await BrowserFixture.AssertAccessibleAsync(staffEntry, "a nomination taken up from nominations by others");

        // The nominator hears that it was reviewed, and nothing of the entry.
        var closing = await fixture.LinkFromSinkAsync("casey@example.org", new Regex("has reviewed your nomination"));
        Assert.NotNull(closing);
    }

    /// <summary>A confirmed nomination of <paramref name="organization"/> in Web Self-Service, as the public form and its link make one.</summary>
    private async Task NominatedAsync(string nominator, string organization, string contact)
    {
        var key = fixture.Services.GetRequiredService<SqmSite.Cms.Published.IPublishedContentCache>().Snapshot.ByUrl("/categories/web-self-service/")!.Key;
        await fixture.WithServicesAsync(async s =>
        {
            var outside = s.GetRequiredService<OutsideNominationService>();
            var sent = await outside.SubmitAsync(key, nominator, $"{nominator.Split(' ')[0].ToLowerInvariant()}@example.org", "Peer", organization, null, contact,
                $"{organization} finishes what customers start online.");
            Assert.True(sent.Succeeded, sent.Message);
            var db = s.GetRequiredService<AwardsDbContext>();
            var row = await db.OutsideNominations.SingleAsync(n => n.NominatorName == nominator);
            row.Confirm(DateTime.UtcNow);
            await db.SaveChangesAsync();
            return 0;
        });
    }

    [Fact]
    public async Task Staff_refuse_and_merge_by_their_buttons_and_a_contact_declines_from_the_dashboard()
    {
        await NominatedAsync("Rita Rival", "Adatum Help", "cx@adatum.example");
        await NominatedAsync("Paul Peer", "Tailspin Service", "cx@tailspin.example");
        await NominatedAsync("Pam Peer", "tailspin service", "cx@tailspin.example");

        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staff.GotoAsync("/backoffice/awards/nominations/by-others");
        var refuse = staff.GetByRole(AriaRole.Button, new() { Name = "Refuse Rita Rival's nomination" });
        await refuse.ClickAsync();
        await staff.GetByText("Give the reason (for the awards team's record; the nominator is not sent it).").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "nominations-by-others-refused");
        await staff.Locator("form", new() { Has = staff.GetByRole(AriaRole.Button, new() { Name = "Refuse Rita Rival's nomination" }) })
            .GetByLabel("Reason for refusing").FillAsync("Not a contact center.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Refuse Rita Rival's nomination" }).ClickAsync();
        await staff.GetByText("Refused. The nominator is told only that the nomination was reviewed.").WaitForAsync();

        await staff.GetByRole(AriaRole.Button, new() { Name = "Merge Pam Peer's nomination" }).ClickAsync();
        await staff.GetByText("Merged: it counts with the nomination it was merged into.").WaitForAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = "Tailspin Service 2 nominations" }).WaitForAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Accept and invite the contact of Tailspin Service (from Paul Peer)" }).ClickAsync();
        await staff.GetByText("Accepted: the contact is invited by email").WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(staff, "nominations by others after screening");

        // The contact registers only now: the dashboard lists the invitation, and declining needs no link.
        var contact = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync("cx@tailspin.example", "Tailspin Service"));
        await contact.GotoAsync("/portal");
        await contact.GetByRole(AriaRole.Link, new() { Name = "take it up or decline (Tailspin Service, Web Self-Service)" }).ClickAsync();
        await contact.GetByRole(AriaRole.Button, new() { Name = "Decline the nomination" }).ClickAsync();
        await contact.GetByText("You declined the nomination. Nothing was entered, and the nominator is not told why.").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(contact, "portal-nomination-declined");
        await contact.GetByText("You have not applied in any category yet.").WaitForAsync();
    }

    [GeneratedRegex(@"https?://[^\s""<]+/awards/nominate/confirm\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"https?://[^\s""<]+/portal/nominated\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex InvitationLink();
}
