using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SqmSite.Testing;

/// <summary>A post the receiver got, and whether its signature checked out with the secret it was given.</summary>
public sealed record ReceivedWebhook(string Id, string Event, string Timestamp, string Signature, string Body, bool SignatureValid, int AnsweredWith);

/// <summary>
/// A webhook receiver on loopback (Kestrel on a free port), written as a receiver would be, independently of the
/// sender's code: it recomputes <c>v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>, compares in constant time and
/// refuses a timestamp more than five minutes from <see cref="Now"/>. It answers 401 to a bad signature, and otherwise
/// the next queued status (200 when none is queued).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", HandleAsync);
        _app.MapPost("/moved", (HttpContext c) => Results.Redirect("/hook", permanent: false, preserveMethod: true));
    }

    /// <summary>The secret deliveries must be signed with; set it once the site has made it.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The receiver's clock, for the timestamp's tolerance (the tests' fake clock).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The address that verifies and answers.</summary>
    public string HookUrl => BaseUrl + "/hook";

    /// <summary>An address that answers a redirect to <see cref="HookUrl"/>, which the sender must not follow.</summary>
    public string RedirectUrl => BaseUrl + "/moved";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>The next posts get these statuses, in order (a 500 to make the sender retry).</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    public void Clear()
    {
        _received.Clear();
        _answers.Clear();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        var timestamp = headers["Webhook-Timestamp"].ToString();
        var signature = headers["Webhook-Signature"].ToString();
        var valid = Verify(timestamp, signature, body);
        var status = !valid ? StatusCodes.Status401Unauthorized : _answers.TryDequeue(out var queued) ? queued : StatusCodes.Status200OK;
        _received.Enqueue(new ReceivedWebhook(headers["Webhook-Id"].ToString(), headers["Webhook-Event"].ToString(), timestamp, signature, body, valid, status));
        context.Response.StatusCode = status;
    }

    private bool Verify(string timestamp, string signature, string body)
    {
        if (!long.TryParse(timestamp, out var seconds) || Secret.Length == 0
            || (Now() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > TimeSpan.FromMinutes(5))
        {
            return false;
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = "v1=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "." + body))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
