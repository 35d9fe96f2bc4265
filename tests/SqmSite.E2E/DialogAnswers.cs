using System.Collections;
using Microsoft.Playwright;

namespace SqmSite.E2E;

/// <summary>
/// Answers every confirmation a page asks (the backoffice's and the portal's confirm.js ask with the button's
/// <c>data-confirm</c>) and keeps what each said, in order. Dispose to stop answering, before answering otherwise.
/// </summary>
public sealed class DialogAnswers : IReadOnlyList<string>, IDisposable
{
    private readonly List<string> _messages = [];
    private readonly IPage _page;
    private readonly EventHandler<IDialog> _handler;

    public DialogAnswers(IPage page, bool accept)
    {
        _page = page;
        _handler = (_, dialog) =>
        {
            lock (_messages)
            {
                _messages.Add(dialog.Message);
            }

            _ = accept ? dialog.AcceptAsync() : dialog.DismissAsync();
        };
        page.Dialog += _handler;
    }

    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count;
            }
        }
    }

    public string this[int index]
    {
        get
        {
            lock (_messages)
            {
                return _messages[index];
            }
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        lock (_messages)
        {
            return _messages.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _page.Dialog -= _handler;
}
