using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using QRCoder;
using SqmSite.Cms.Email;

namespace SqmSite.Awards.Gala;

/// <summary>A person's ticket: the door code as a QR code (PNG for email, SVG for pages) and the dinner as a calendar entry.</summary>
public static class GalaTicket
{
    /// <summary>What the QR code says: a prefix, so the door page can tell a gala code from any other QR code, and the code.</summary>
    public static string QrText(GalaAttendee person) => "SQMGALA:" + person.DoorCode;

    public static byte[] QrPng(GalaAttendee person) => PngByteQRCodeHelper.GetQRCode(QrText(person), QRCodeGenerator.ECCLevel.M, 8);

    /// <summary>An inline SVG of the QR code (no script, no external reference).</summary>
    public static string QrSvg(GalaAttendee person)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(QrText(person), QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(5);
    }

    /// <summary>The dinner as an iCalendar file (RFC 5545), in UTC, with a stable UID per person.</summary>
    public static string Calendar(GalaEvent gala, GalaAttendee person, string cycleName, string baseUrl)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//SqmSite//Awards gala//EN" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"gala-{gala.Id}-{person.Key}@sqmsite",
            Summary = $"Awards gala dinner · {cycleName}",
            Location = string.Join(", ", new[] { gala.Venue, gala.Address }.Where(s => !string.IsNullOrWhiteSpace(s))),
            Description = $"Your door code: {person.DoorCodeText}. {baseUrl}",
            Start = new CalDateTime(DateTime.SpecifyKind(gala.StartsUtc, DateTimeKind.Utc)),
            End = new CalDateTime(DateTime.SpecifyKind(gala.StartsUtc.AddHours(4), DateTimeKind.Utc)),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    internal static IReadOnlyList<EmailAttachment> Attachments(GalaEvent gala, GalaAttendee person, string cycleName, string baseUrl) =>
    [
        new("gala.ics", "text/calendar", System.Text.Encoding.UTF8.GetBytes(Calendar(gala, person, cycleName, baseUrl))),
        new($"door-code-{person.DoorCode.ToLower(CultureInfo.InvariantCulture)}.png", "image/png", QrPng(person)),
    ];
}
