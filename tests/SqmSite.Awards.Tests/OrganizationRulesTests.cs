using SqmSite.Awards.Organizations;

namespace SqmSite.Awards.Tests;

/// <summary>The organization profile's rules and an invitation's life, with the clock given explicitly.</summary>
public sealed class OrganizationRulesTests
{
    private static readonly DateTime Now = new(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("example.org", "https://example.org")]
    [InlineData("  https://www.example.org/about ", "https://www.example.org/about")]
    [InlineData("http://example.org", "http://example.org")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    public void A_website_is_kept_as_an_absolute_http_address(string entered, string? kept)
    {
        var check = Organization.CheckProfile("Acme", entered);
        Assert.True(check.IsValid, check.WebsiteError);
        Assert.Equal(kept, check.Website);
    }

    [Theory]
    [InlineData("ftp://example.org")]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a website")]
    [InlineData("localhost")]
    [InlineData("https://user:secret@example.org")]
    public void Other_addresses_are_refused(string entered) => Assert.NotNull(Organization.CheckProfile("Acme", entered).WebsiteError);

    [Fact]
    public void The_official_name_is_required_and_at_most_200_characters()
    {
        Assert.Equal("Enter the organization's official name.", Organization.CheckProfile(" ", null).OfficialNameError);
        Assert.Null(Organization.CheckProfile(new string('a', 200), null).OfficialNameError);
        Assert.NotNull(Organization.CheckProfile(new string('a', 201), null).OfficialNameError);
        Assert.NotNull(Organization.CheckProfile("Acme", "https://example.org/" + new string('a', 481)).WebsiteError);
    }

    [Fact]
    public void An_invitation_is_accepted_once_within_seven_days_and_stores_only_the_tokens_hash()
    {
        var (token, hash) = OrganizationInvitation.NewToken();
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
        Assert.Equal(hash, OrganizationInvitation.HashToken(token));
        Assert.NotEqual(token, OrganizationInvitation.NewToken().Token);

        var invitation = new OrganizationInvitation(1, "carl@example.org", "CARL@EXAMPLE.ORG", "Carl", "inviter", hash, Now);
        Assert.True(invitation.IsPending(Now.AddDays(7).AddSeconds(-1)));
        Assert.False(invitation.IsPending(Now.AddDays(7)));
        Assert.False(invitation.Accept("late", Now.AddDays(8)));
        Assert.True(invitation.Accept("carl", Now.AddDays(1)));
        Assert.False(invitation.Accept("again", Now.AddDays(1)));
        Assert.False(invitation.Revoke(Now.AddDays(2)));
        Assert.Throws<InvalidOperationException>(() => invitation.Renew("Carl", "inviter", "x", Now));
    }

    [Fact]
    public void Sending_again_renews_the_token_and_the_seven_days_and_a_revoked_invitation_cannot_be_accepted()
    {
        var invitation = new OrganizationInvitation(1, "dora@example.org", "DORA@EXAMPLE.ORG", "Dora", "inviter", "old", Now);
        invitation.Renew("Dora", "other", "new", Now.AddDays(10));
        Assert.Equal(("new", "other", Now.AddDays(17)), (invitation.TokenHash, invitation.InvitedByUserId, invitation.ExpiresUtc));
        Assert.True(invitation.Revoke(Now.AddDays(11)));
        Assert.False(invitation.Accept("dora", Now.AddDays(11)));
    }
}
