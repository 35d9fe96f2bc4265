using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SqmSite.Cms.Email;

/// <summary>Where a sending pass delivers: one connection per pass, many messages over it.</summary>
internal interface IEmailTransport
{
    /// <summary>A short description for logs and the outbox, e.g. "SMTP mail.example.org:587".</summary>
    string Description { get; }

    Task<IEmailConnection> ConnectAsync(CancellationToken cancellationToken);
}

internal interface IEmailConnection : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

internal static class EmailTransport
{
    public static IEmailTransport For(EmailOptions options) => options.EffectiveMode switch
    {
        EmailMode.PickupFolder => new PickupFolderTransport(options.PickupFolder),
        _ => new SmtpTransport(options.Smtp),
    };
}

/// <summary>MailKit over SMTP, secured as the settings say, signing in only when a user name is set.</summary>
internal sealed class SmtpTransport(SmtpOptions options) : IEmailTransport
{
    public string Description => $"SMTP {options.Host}:{options.Port} ({options.Security})";

    public async Task<IEmailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1000, int.MaxValue) };
        try
        {
            var security = options.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(options.Host ?? "", options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }

            return new Connection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Connection(SmtpClient client) : IEmailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
            await client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or TimeoutException)
            {
                // Everything was delivered or recorded before this point; a server that hangs up rudely changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>Writes each message as an .eml file (what a mail program opens), for development and tests.</summary>
internal sealed class PickupFolderTransport(string folder) : IEmailTransport
{
    public string Description => "pickup folder " + folder;

    public Task<IEmailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        return Task.FromResult<IEmailConnection>(new Connection(folder));
    }

    private sealed class Connection(string folder) : IEmailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            // Named by time and Message-ID: a repeated delivery overwrites its own file. Written aside and moved,
            // so that whoever watches the folder never opens half a message.
            var id = (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
            var path = Path.Combine(folder, $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{id}.eml");
            var temporary = path + ".tmp";
            await using (var stream = File.Create(temporary))
            {
                await message.WriteToAsync(stream, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
