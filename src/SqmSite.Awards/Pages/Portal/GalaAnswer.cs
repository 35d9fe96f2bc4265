using Microsoft.AspNetCore.Mvc.ModelBinding;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Gala;
using SqmSite.Cms;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>One row of the answer form as posted: a person already on the answer (by key) or a new one.</summary>
public sealed class AttendeeRow
{
    public Guid? Key { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? JobTitle { get; set; }

    public string? Dietary { get; set; }

    public string? Accessibility { get; set; }

    /// <summary>For a person on the answer: "coming" or "not-coming". A new row is coming when anything is typed in it.</summary>
    public string? Answer { get; set; }

    internal AttendeeInput ToInput()
    {
        var typed = !string.IsNullOrWhiteSpace(Name) || !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrWhiteSpace(JobTitle)
                    || !string.IsNullOrWhiteSpace(Dietary) || !string.IsNullOrWhiteSpace(Accessibility);
        var coming = Key is null ? typed : Answer != "not-coming";
        return new AttendeeInput(Key, Name, Email, JobTitle, Dietary, Accessibility, coming);
    }
}

/// <summary>What the answer page shows: the gala, whom the invitation is for, its people and their seats.</summary>
public sealed record GalaAnswerView(GalaEvent Gala, AwardCycle Cycle, GalaInvitation Invitation, string Invitee, IReadOnlyList<GalaAttendee> People,
    int? WaitingPosition, DateTime UtcNow)
{
    public bool Open => Gala.RsvpOpen(UtcNow);

    public int SeatsAllowed => Invitation.SeatsAllowed(Gala);

    /// <summary>People still on the answer: coming, waiting or offered seats.</summary>
    public IEnumerable<GalaAttendee> Active => People.Where(p => p.Status is not (AttendeeStatus.Declined or AttendeeStatus.Lapsed));

    public IEnumerable<GalaAttendee> NotComing => People.Where(p => p.Status is AttendeeStatus.Declined or AttendeeStatus.Lapsed);

    public string Local(DateTime utc) => SqmSite.Cms.Web.SiteTime.Format(utc, Cycle.TimeZone);

    public static string Describe(GalaAttendee person, Func<DateTime, string> local) => person.Status switch
    {
        AttendeeStatus.Accepted => "Seat confirmed",
        AttendeeStatus.Waiting => "On the waiting list",
        AttendeeStatus.Offered => person.HoldUntilUtc is { } until ? $"A seat is held until {local(until)}: save to confirm it" : "A seat is offered",
        AttendeeStatus.Lapsed => "The offered seat lapsed",
        _ => "Not coming",
    };
}

/// <summary>The partial's model: the view, the rows as posted (or as stored), and the page's messages.</summary>
public sealed record GalaAnswerForm(GalaAnswerView View, IReadOnlyList<AttendeeRow> Rows, bool ConfirmNobodyComing, ModelStateDictionary State);

/// <summary>
/// The answer form of a gala invitation, shared by the portal's page (signed in) and the personal link's page
/// (anyone holding the link): loads what it shows and saves through <see cref="RsvpService"/>.
/// </summary>
public sealed class GalaAnswers(RsvpService rsvps, GalaMailer mailer, CycleCatalog catalog, TimeProvider clock)
{
    public async Task<GalaAnswerView?> LoadAsync(GalaInvitation invitation, CancellationToken ct)
    {
        var gala = await rsvps.GalaAsync(invitation.GalaId, ct);
        var cycle = gala is null ? null : catalog.All.FirstOrDefault(c => c.Id == gala.CycleId);
        if (gala is null || cycle is null)
        {
            return null;
        }

        var people = await rsvps.PeopleAsync(invitation.Id, ct);
        int? position = people.Any(p => p.IsWaiting) ? await rsvps.WaitingPositionAsync(gala.Id, invitation.Id, ct) : null;
        return new GalaAnswerView(gala, cycle, invitation, await mailer.InviteeNameAsync(invitation, ct), people, position, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>A row per person on the answer, then empty rows up to the seats allowed.</summary>
    public static List<AttendeeRow> RowsOf(GalaAnswerView view)
    {
        var rows = view.Active.Select(p => new AttendeeRow
        {
            Key = p.Key, Name = p.Name, Email = p.Email, JobTitle = p.JobTitle, Dietary = p.Dietary, Accessibility = p.Accessibility, Answer = "coming",
        }).ToList();
        while (rows.Count < view.SeatsAllowed)
        {
            rows.Add(new AttendeeRow());
        }

        return rows;
    }

    /// <summary>
    /// After a refused answer: the fields' messages on the page (for the one-attendee rule the rule itself too, above
    /// the box to tick), and the rows to show again: as posted, or as stored when the answer changed meanwhile or closed.
    /// </summary>
    public async Task<(GalaAnswerView? View, List<AttendeeRow> Rows)> RefusedAsync(ModelStateDictionary state, GalaInvitation invitation,
        Attempt<RsvpOutcome, GalaOperationStatus> result, List<AttendeeRow> posted, CancellationToken ct)
    {
        if (result.Status == GalaOperationStatus.AttendeeRequired && result.Message is { } rule)
        {
            state.AddModelError("", rule);
        }

        SqmSite.Cms.Web.AttemptResults.AddAttempt(state, result);
        var view = await LoadAsync(invitation, ct);
        return view is not null && result.Status is GalaOperationStatus.WrongState or GalaOperationStatus.DeadlinePassed
            ? (view, RowsOf(view))
            : (view, posted);
    }

    public Task<Attempt<RsvpOutcome, GalaOperationStatus>> SaveAsync(GalaInvitation invitation, IReadOnlyList<AttendeeRow> rows, bool confirmNobodyComing,
        CancellationToken ct) =>
        rsvps.SaveAsync(invitation.Id, [.. rows.Select(r => r.ToInput())], confirmNobodyComing, ct);
}
