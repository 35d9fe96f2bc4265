namespace SqmSite.Cms.Delivery.Content;

/// <summary>
/// Which properties an answer carries (<c>fields</c>) or which pickers it expands (<c>expand</c>), in Umbraco's syntax:
/// <c>properties[$all]</c>, <c>properties[headline,categoryPage]</c>, and one level down
/// <c>properties[categoryPage[properties[summary]]]</c>.
/// </summary>
public sealed class PropertySelection
{
    public const int MaxDepth = 3;
    private const int MaxLength = 500;

    public static readonly PropertySelection All = new(true, new Dictionary<string, PropertySelection?>());
    public static readonly PropertySelection None = new(false, new Dictionary<string, PropertySelection?>());

    private readonly IReadOnlyDictionary<string, PropertySelection?> _named;

    private PropertySelection(bool all, IReadOnlyDictionary<string, PropertySelection?> named)
    {
        IsAll = all;
        _named = named;
    }

    public bool IsAll { get; }

    public bool Includes(string alias) => IsAll || _named.ContainsKey(alias);

    /// <summary>The selection for the item a picker points at, when one was given (<c>picker[properties[...]]</c>).</summary>
    public PropertySelection? Nested(string alias) => _named.GetValueOrDefault(alias);

    /// <summary>Parses a parameter; empty gives <paramref name="fallback"/>. <c>all</c> and <c>none</c> are accepted too.</summary>
    public static Attempt<PropertySelection, DeliveryQueryStatus> Parse(string? text, string parameter, PropertySelection fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Attempt<PropertySelection, DeliveryQueryStatus>.Ok(fallback);
        }

        text = text.Trim();
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Attempt<PropertySelection, DeliveryQueryStatus>.Ok(All);
        }

        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return Attempt<PropertySelection, DeliveryQueryStatus>.Ok(None);
        }

        if (text.Length > MaxLength)
        {
            return Invalid(parameter, $"{parameter} may be at most {MaxLength} characters long.");
        }

        var position = 0;
        var selection = ParseSelection(text, ref position, 1, out var error);
        if (selection is null || position != text.Length)
        {
            return Invalid(parameter, $"{parameter}={ContentQuery.Shorten(text)} is not understood ({error ?? "unexpected text after the end"}). " +
                $"Write {parameter}=properties[$all], {parameter}=properties[alias1,alias2] or {parameter}=properties[picker[properties[alias]]].");
        }

        return Attempt<PropertySelection, DeliveryQueryStatus>.Ok(selection);
    }

    private static Attempt<PropertySelection, DeliveryQueryStatus> Invalid(string parameter, string message) =>
        Attempt<PropertySelection, DeliveryQueryStatus>.Fail(DeliveryQueryStatus.Invalid, message, new Dictionary<string, string> { [parameter] = message });

    private static PropertySelection? ParseSelection(string text, ref int position, int depth, out string? error)
    {
        const string Prefix = "properties[";
        error = null;
        if (depth > MaxDepth)
        {
            error = $"at most {MaxDepth} levels";
            return null;
        }

        if (string.CompareOrdinal(text, position, Prefix, 0, Prefix.Length) != 0)
        {
            error = "it must start with properties[";
            return null;
        }

        position += Prefix.Length;
        var all = false;
        var named = new Dictionary<string, PropertySelection?>(StringComparer.OrdinalIgnoreCase);
        while (position < text.Length && text[position] != ']')
        {
            var start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '$'))
            {
                position++;
            }

            var name = text[start..position];
            if (name.Length == 0)
            {
                error = $"a property alias was expected at position {position + 1}";
                return null;
            }

            if (name == "$all")
            {
                all = true;
            }
            else if (name.Contains('$'))
            {
                error = $"'{name}' is not a property alias";
                return null;
            }
            else if (position < text.Length && text[position] == '[')
            {
                position++;
                var nested = ParseSelection(text, ref position, depth + 1, out error);
                if (nested is null)
                {
                    return null;
                }

                if (position >= text.Length || text[position] != ']')
                {
                    error = "a ] is missing";
                    return null;
                }

                position++;
                named[name] = nested;
            }
            else
            {
                named.TryAdd(name, null);
            }

            if (position < text.Length && text[position] == ',')
            {
                position++;
            }
            else if (position < text.Length && text[position] != ']')
            {
                error = $"',' or ']' was expected at position {position + 1}";
                return null;
            }
        }

        if (position >= text.Length)
        {
            error = "a ] is missing";
            return null;
        }

        position++;
        return new PropertySelection(all, named);
    }
}
