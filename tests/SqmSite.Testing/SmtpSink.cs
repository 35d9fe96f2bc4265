using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace SqmSite.Testing;

/// <summary>The points of an SMTP conversation where the sink can be told to refuse.</summary>
public enum SmtpStage
{
    /// <summary>The greeting: the server answers the connection with an error and hangs up.</summary>
    Connect,
    MailFrom,
    RcptTo,

    /// <summary>After the message text: the server refuses the message it has just read.</summary>
    Data,
}

/// <summary>A message the sink accepted: the envelope and the bytes as they arrived.</summary>
public sealed class SmtpSinkMessage(string mailFrom, IReadOnlyList<string> recipients, byte[] raw)
{
    private MimeMessage? _message;

    public string MailFrom { get; } = mailFrom;

    /// <summary>The RCPT TO addresses (the envelope), which is who really receives the message.</summary>
    public IReadOnlyList<string> Recipients { get; } = recipients;

    public byte[] Raw { get; } = raw;

    /// <summary>The message parsed with MimeKit.</summary>
    public MimeMessage Message => _message ??= MimeMessage.Load(new MemoryStream(Raw));
}

/// <summary>
/// A small SMTP server on loopback for tests: it speaks enough of RFC 5321 for MailKit (EHLO/HELO, AUTH PLAIN,
/// MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT), keeps what it receives, can refuse at a chosen
/// stage with a chosen code, and can be stopped and started again on the same port to play a server that is down.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<SmtpSinkMessage> _messages = [];
    private readonly List<TcpClient> _clients = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _acceptLoop;
    private (SmtpStage Stage, int Code, string Text, int Times)? _failure;
    private int _connections;

    private SmtpSink(int port) => Port = port;

    public string Host => "127.0.0.1";

    public int Port { get; }

    public bool IsRunning => _listener is not null;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>When set, AUTH PLAIN is offered and only these credentials are accepted; mail without signing in is refused.</summary>
    public (string UserName, string Password)? RequiredLogin { get; set; }

    public IReadOnlyList<SmtpSinkMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Starts a sink on a free loopback port.</summary>
    public static SmtpSink Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var sink = new SmtpSink(port);
        sink.Resume();
        return sink;
    }

    /// <summary>Listens again on the same port after <see cref="StopAsync"/>.</summary>
    public void Resume()
    {
        if (_listener is not null)
        {
            return;
        }

        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _stop = new CancellationTokenSource();
        _acceptLoop = AcceptLoopAsync(listener, _stop.Token);
    }

    /// <summary>Stops listening and drops open connections: to a client, the server is down.</summary>
    public async Task StopAsync()
    {
        if (_listener is null)
        {
            return;
        }

        await _stop!.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }

        try
        {
            await _acceptLoop!;
        }
        catch (OperationCanceledException)
        {
        }

        _listener = null;
        _stop.Dispose();
    }

    /// <summary>Refuses at <paramref name="stage"/> with <paramref name="code"/> (4xx: try later; 5xx: for good), the next <paramref name="times"/> times.</summary>
    public void Fail(SmtpStage stage, int code, string text = "Refused by the test", int times = int.MaxValue)
    {
        lock (_gate)
        {
            _failure = (stage, code, text, times);
        }
    }

    public void StopFailing()
    {
        lock (_gate)
        {
            _failure = null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
        }
    }

    /// <summary>Messages for one recipient (envelope), in arrival order.</summary>
    public IReadOnlyList<SmtpSinkMessage> To(string address) =>
        [.. Messages.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase))];

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_gate)
            {
                _clients.Add(client);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await ConverseAsync(client, ct);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client or the test hung up.
                }
                finally
                {
                    lock (_gate)
                    {
                        _clients.Remove(client);
                    }

                    client.Dispose();
                }
            }, CancellationToken.None);
        }
    }

    private bool TryFail(SmtpStage stage, out string reply)
    {
        lock (_gate)
        {
            if (_failure is { } f && f.Stage == stage && f.Times > 0)
            {
                _failure = f.Times == 1 ? null : f with { Times = f.Times - 1 };
                reply = $"{f.Code} {f.Text}";
                return true;
            }
        }

        reply = "";
        return false;
    }

    private async Task ConverseAsync(TcpClient client, CancellationToken ct)
    {
        var stream = client.GetStream();
        var reader = new LineReader(stream);
        async Task Reply(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text + "\r\n"), ct);

        if (TryFail(SmtpStage.Connect, out var refusal))
        {
            await Reply(refusal);
            return;
        }

        await Reply("220 sink.test ESMTP SqmSite test sink");
        var greeted = false;
        var signedIn = false;
        string? mailFrom = null;
        var recipients = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } bytes)
        {
            var line = Encoding.UTF8.GetString(bytes);
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
            switch (verb)
            {
                case "EHLO":
                    greeted = true;
                    var extensions = new List<string> { "sink.test greets " + argument, "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES" };
                    if (RequiredLogin is not null)
                    {
                        extensions.Add("AUTH PLAIN");
                    }

                    extensions.Add("HELP");
                    await Reply(string.Join("\r\n", extensions.Select((e, i) => (i == extensions.Count - 1 ? "250 " : "250-") + e)));
                    break;
                case "HELO":
                    greeted = true;
                    await Reply("250 sink.test");
                    break;
                case "AUTH":
                    var parts = argument.Split(' ', 2);
                    if (RequiredLogin is not { } login || !parts[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
                    {
                        await Reply("504 5.5.4 Unrecognized authentication type");
                        break;
                    }

                    var initial = parts.Length > 1 ? parts[1] : null;
                    if (initial is null)
                    {
                        await Reply("334 ");
                        initial = Encoding.ASCII.GetString(await reader.ReadLineAsync(ct) ?? []);
                    }

                    var fields = Encoding.UTF8.GetString(Convert.FromBase64String(initial)).Split('\0');
                    signedIn = fields.Length == 3 && fields[1] == login.UserName && fields[2] == login.Password;
                    await Reply(signedIn ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                    break;
                case "MAIL":
                    if (!greeted)
                    {
                        await Reply("503 5.5.1 Say hello first");
                    }
                    else if (RequiredLogin is not null && !signedIn)
                    {
                        await Reply("530 5.7.0 Authentication required");
                    }
                    else if (TryFail(SmtpStage.MailFrom, out refusal))
                    {
                        await Reply(refusal);
                    }
                    else
                    {
                        mailFrom = Address(argument);
                        recipients.Clear();
                        await Reply("250 2.1.0 Sender OK");
                    }

                    break;
                case "RCPT":
                    if (mailFrom is null)
                    {
                        await Reply("503 5.5.1 MAIL first");
                    }
                    else if (TryFail(SmtpStage.RcptTo, out refusal))
                    {
                        await Reply(refusal);
                    }
                    else
                    {
                        recipients.Add(Address(argument));
                        await Reply("250 2.1.5 Recipient OK");
                    }

                    break;
                case "DATA":
                    if (recipients.Count == 0)
                    {
                        await Reply("503 5.5.1 RCPT first");
                        break;
                    }

                    await Reply("354 End data with <CR><LF>.<CR><LF>");
                    var raw = new MemoryStream();
                    while (await reader.ReadLineAsync(ct) is { } data)
                    {
                        if (data is [(byte)'.'])
                        {
                            break;
                        }

                        // Dot-unstuffing (RFC 5321 4.5.2): a leading dot was doubled by the client.
                        var start = data is [(byte)'.', ..] ? 1 : 0;
                        raw.Write(data, start, data.Length - start);
                        raw.Write("\r\n"u8);
                    }

                    if (TryFail(SmtpStage.Data, out refusal))
                    {
                        await Reply(refusal);
                    }
                    else
                    {
                        int number;
                        lock (_gate)
                        {
                            _messages.Add(new SmtpSinkMessage(mailFrom!, [.. recipients], raw.ToArray()));
                            number = _messages.Count;
                        }

                        await Reply($"250 2.0.0 Queued as {number}");
                    }

                    mailFrom = null;
                    recipients.Clear();
                    break;
                case "RSET":
                    mailFrom = null;
                    recipients.Clear();
                    await Reply("250 2.0.0 OK");
                    break;
                case "NOOP":
                    await Reply("250 2.0.0 OK");
                    break;
                case "QUIT":
                    await Reply("221 2.0.0 Bye");
                    return;
                default:
                    await Reply("502 5.5.2 Command not recognized");
                    break;
            }
        }
    }

    /// <summary>The address in <c>FROM:&lt;a@b&gt; SIZE=123</c> or <c>TO:&lt;a@b&gt;</c>.</summary>
    private static string Address(string argument)
    {
        var open = argument.IndexOf('<', StringComparison.Ordinal);
        var close = argument.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open ? argument[(open + 1)..close] : argument.Split(':', 2).Last().Trim();
    }

    /// <summary>Reads CRLF-terminated lines as bytes (message text need not be ASCII).</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<byte[]?> ReadLineAsync(CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer, ct);
                    if (_end == 0)
                    {
                        return line.Length > 0 ? line.ToArray() : null;
                    }
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline < 0)
                {
                    line.Write(_buffer, _start, _end - _start);
                    _start = _end;
                    continue;
                }

                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                var bytes = line.ToArray();
                return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
            }
        }
    }
}
