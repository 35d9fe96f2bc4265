namespace SqmSite.Cms;

/// <summary>
/// What every operation's result has, whatever its value: how it ended, a message for people and errors by field.
/// Pages show it with <c>ModelState.AddAttempt</c>, APIs answer it with <c>ToProblem</c> (see <c>SqmSite.Cms.Web.AttemptResults</c>).
/// </summary>
public interface IAttempt
{
    bool Succeeded { get; }

    /// <summary>The operation's status as its enum (such as <c>MediaOperationStatus.NotFound</c>).</summary>
    Enum StatusValue { get; }

    /// <summary>A sentence for the person who asked; null on success.</summary>
    string? Message { get; }

    /// <summary>Messages by field (the field's name in the operation's input), empty when the failure is not about a field.</summary>
    IReadOnlyDictionary<string, string> Errors { get; }
}

/// <summary>Checks once per status enum that its default member is <c>Success</c>, which <c>Succeeded</c> relies on.</summary>
internal static class AttemptStatus<TStatus> where TStatus : struct, Enum
{
    public static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    static AttemptStatus()
    {
        if (default(TStatus).ToString() != "Success")
        {
            throw new InvalidOperationException($"{typeof(TStatus).Name} must start with Success (value 0): an attempt's Succeeded is its default status.");
        }
    }

    public static bool IsSuccess(TStatus status) => EqualityComparer<TStatus>.Default.Equals(status, default);
}

/// <summary>
/// The outcome of an operation without a value: a status of the operation's own enum instead of an exception for the
/// failures a person can cause (Umbraco's <c>Attempt&lt;TStatus&gt;</c>). The enum's first member is <c>Success</c>.
/// </summary>
public sealed record Attempt<TStatus>(TStatus Status, string? Message, IReadOnlyDictionary<string, string> Errors) : IAttempt
    where TStatus : struct, Enum
{
    public static Attempt<TStatus> Ok { get; } = new(default, null, AttemptStatus<TStatus>.NoErrors);

    public bool Succeeded => AttemptStatus<TStatus>.IsSuccess(Status);

    Enum IAttempt.StatusValue => Status;

    public static Attempt<TStatus> Fail(TStatus status, string message, IReadOnlyDictionary<string, string>? errors = null) =>
        new(status, message, errors ?? AttemptStatus<TStatus>.NoErrors);

    /// <summary>A failure about one field: the message goes beside it.</summary>
    public static Attempt<TStatus> Invalid(TStatus status, string field, string message) =>
        new(status, message, new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// The outcome of an operation that gives a value on success (Umbraco's <c>Attempt&lt;TResult, TStatus&gt;</c>).
/// <see cref="Value"/> may be set on a failure too, when the caller needs what was found (an existing entry, say).
/// </summary>
public sealed record Attempt<TResult, TStatus>(TStatus Status, TResult? Value, string? Message, IReadOnlyDictionary<string, string> Errors) : IAttempt
    where TStatus : struct, Enum
{
    public bool Succeeded => AttemptStatus<TStatus>.IsSuccess(Status);

    Enum IAttempt.StatusValue => Status;

    public static Attempt<TResult, TStatus> Ok(TResult value) => new(default, value, null, AttemptStatus<TStatus>.NoErrors);

    public static Attempt<TResult, TStatus> Fail(TStatus status, string message, IReadOnlyDictionary<string, string>? errors = null, TResult? value = default) =>
        new(status, value, message, errors ?? AttemptStatus<TStatus>.NoErrors);

    /// <summary>The same failure for an operation of another value type.</summary>
    public Attempt<TOther, TStatus> As<TOther>() => new(Status, default, Message, Errors);
}
