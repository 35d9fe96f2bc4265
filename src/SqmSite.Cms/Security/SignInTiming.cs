using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SqmSite.Cms.Security;

/// <summary>
/// What sign-in does for an address that has no account, so that its answer and its time are those of a real account:
/// the password is hashed against a dummy hash (a real account's check costs one PBKDF2 run), and failed attempts are
/// counted to the same lockout as Identity's, so "locked" is said for unknown addresses too. The counts live in this
/// instance's memory: at worst an unknown address behind several instances is "locked" a little later.
/// </summary>
public sealed class UnknownAccountSignIn(IOptions<IdentityOptions> identity, TimeProvider clock)
{
    private static readonly BackofficeUser Nobody = new() { Id = "unknown", UserName = "unknown" };

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset? LockedUntil, DateTimeOffset LastFailure)> _attempts = new();
    private string? _dummyHash;

    /// <summary>Spends the time a real password check spends, and counts a failure; true when the address is now "locked".</summary>
    public bool FailAndCheckLockout(string email, string password, IPasswordHasher<BackofficeUser> hasher)
    {
        var lockout = identity.Value.Lockout;
        var now = clock.GetUtcNow();
        var key = email.Trim().ToUpperInvariant();
        if (_attempts.TryGetValue(key, out var current) && current.LockedUntil > now)
        {
            // A locked account is refused before its password is checked; so is this.
            return true;
        }

        _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        _ = hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
        if (_attempts.Count > 100_000)
        {
            // A flood of made-up addresses must not grow memory without end; forgetting them only delays their "locked".
            _attempts.Clear();
        }

        var entry = _attempts.AddOrUpdate(key, _ => (1, null, now), (_, e) =>
        {
            if (e.LockedUntil is { } until)
            {
                return until > now ? e : (1, null, now);
            }

            var failures = now - e.LastFailure > lockout.DefaultLockoutTimeSpan ? 1 : e.Failures + 1;
            return failures >= lockout.MaxFailedAccessAttempts ? (0, now + lockout.DefaultLockoutTimeSpan, now) : (failures, null, now);
        });
        return entry.LockedUntil > now;
    }
}
