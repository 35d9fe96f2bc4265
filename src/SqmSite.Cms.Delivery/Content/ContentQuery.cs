using System.Globalization;
using SqmSite.Cms.ContentTypes;

namespace SqmSite.Cms.Delivery.Content;

public enum FetchKind
{
    All,
    Children,
    Descendants,
    Ancestors,
}

/// <summary>Which items a query starts from: all, or the children, descendants or ancestors of one item (a key or a path).</summary>
public sealed record FetchSpec(FetchKind Kind, string? Target)
{
    public static readonly FetchSpec All = new(FetchKind.All, null);
}

public enum FilterOperator
{
    Is,
    IsNot,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

/// <summary>One <c>filter=</c>: a field, an operator and one or more values (any of them matches).</summary>
public sealed record FilterSpec(string Field, FilterOperator Operator, IReadOnlyList<string> Values, PropertyType? Property);

/// <summary>One <c>sort=</c>: a field and a direction.</summary>
public sealed record SortSpec(string Field, bool Descending, PropertyType? Property);

public enum DeliveryQueryStatus
{
    Success,
    Invalid,
}

/// <summary>
/// A list query of the delivery API (Umbraco's <c>fetch</c>, <c>filter</c>, <c>sort</c>, <c>skip</c>, <c>take</c>), parsed
/// and checked against the schema before anything runs, so that a mistake gets a message naming the parameter.
/// </summary>
public sealed record ContentQuery(FetchSpec Fetch, IReadOnlyList<FilterSpec> Filters, IReadOnlyList<SortSpec> Sorts, int Skip, int Take)
{
    public const int MaxTake = 100;
    public const int DefaultTake = 10;
    private const int MaxParameterLength = 500;
    private const int MaxFilters = 20;

    public static readonly IReadOnlyList<string> BuiltInFilters = ["contentType", "name", "createDate", "updateDate"];
    public static readonly IReadOnlyList<string> BuiltInSorts = ["name", "sortOrder", "createDate", "updateDate", "level"];

    private static readonly string[] Operators = [">=", "<=", ">", "<", ":"];

    public static Attempt<ContentQuery, DeliveryQueryStatus> Parse(string? fetch, IReadOnlyList<string?> filters, IReadOnlyList<string?> sorts,
        string? skip, string? take, DeliverySchema schema)
    {
        var errors = new Dictionary<string, string>();
        var fetchSpec = ParseFetch(fetch, errors);

        var filterSpecs = new List<FilterSpec>();
        if (filters.Count > MaxFilters)
        {
            errors["filter"] = $"At most {MaxFilters} filters can be combined.";
        }
        else
        {
            foreach (var filter in filters)
            {
                if (ParseFilter(filter, schema, errors) is { } spec)
                {
                    filterSpecs.Add(spec);
                }
            }
        }

        var sortSpecs = new List<SortSpec>();
        foreach (var sort in sorts.Take(MaxFilters))
        {
            if (ParseSort(sort, schema, errors) is { } spec)
            {
                sortSpecs.Add(spec);
            }
        }

        var (skipValue, takeValue) = ParsePaging(skip, take, errors);
        if (errors.Count > 0)
        {
            return Attempt<ContentQuery, DeliveryQueryStatus>.Fail(DeliveryQueryStatus.Invalid, errors.Values.First(), errors);
        }

        return Attempt<ContentQuery, DeliveryQueryStatus>.Ok(new ContentQuery(fetchSpec, filterSpecs, sortSpecs, skipValue, takeValue));
    }

    private static FetchSpec ParseFetch(string? fetch, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(fetch))
        {
            return FetchSpec.All;
        }

        var colon = fetch.IndexOf(':');
        var kind = colon < 0 ? fetch : fetch[..colon];
        var target = colon < 0 ? "" : fetch[(colon + 1)..].Trim();
        FetchKind? parsed = kind.Trim().ToLowerInvariant() switch
        {
            "children" => FetchKind.Children,
            "descendants" => FetchKind.Descendants,
            "ancestors" => FetchKind.Ancestors,
            _ => null,
        };
        if (parsed is null)
        {
            errors["fetch"] = $"Unknown fetch '{Shorten(fetch)}'. Use children:{{id or path}}, descendants:{{id or path}} or ancestors:{{id or path}}.";
            return FetchSpec.All;
        }

        if (target.Length == 0 || target.Length > MaxParameterLength)
        {
            errors["fetch"] = $"Say whose {kind.Trim().ToLowerInvariant()}: fetch={kind.Trim().ToLowerInvariant()}:{{id or path}}.";
            return FetchSpec.All;
        }

        return new FetchSpec(parsed.Value, target);
    }

    private static FilterSpec? ParseFilter(string? filter, DeliverySchema schema, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        if (filter.Length > MaxParameterLength)
        {
            errors["filter"] = $"A filter may be at most {MaxParameterLength} characters long.";
            return null;
        }

        var (field, op, rest) = SplitOperator(filter);
        if (field is null)
        {
            errors["filter"] = $"The filter '{Shorten(filter)}' has no operator. Write field:value, field:!value, or for dates and numbers field>value or field<value.";
            return null;
        }

        var negate = op == ":" && rest.StartsWith('!');
        if (negate)
        {
            rest = rest[1..];
        }

        var values = rest.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
        {
            errors["filter"] = $"The filter '{Shorten(filter)}' has no value.";
            return null;
        }

        var oper = op switch
        {
            ">=" => FilterOperator.GreaterOrEqual,
            "<=" => FilterOperator.LessOrEqual,
            ">" => FilterOperator.Greater,
            "<" => FilterOperator.Less,
            _ => negate ? FilterOperator.IsNot : FilterOperator.Is,
        };
        var comparison = oper is not (FilterOperator.Is or FilterOperator.IsNot);

        PropertyType? property = null;
        var builtIn = BuiltInFilters.FirstOrDefault(b => string.Equals(b, field, StringComparison.OrdinalIgnoreCase));
        if (builtIn is null)
        {
            property = schema.Filterable(field);
            if (property is null)
            {
                errors["filter"] = $"Unknown filter '{Shorten(field)}'. Filters: {string.Join(", ", BuiltInFilters.Concat(schema.FilterableAliases))}.";
                return null;
            }
        }

        var name = builtIn ?? property!.Alias;
        var isDate = builtIn is "createDate" or "updateDate" || property?.Editor == PropertyEditor.DateTime;
        var isNumber = property?.Editor == PropertyEditor.Number;
        if (builtIn is "createDate" or "updateDate" && !comparison)
        {
            errors["filter"] = $"Filter {name} with > or < (e.g. {name}>2026-01-01), not with ':'.";
            return null;
        }

        if (comparison && !isDate && !isNumber)
        {
            errors["filter"] = $"'{name}' is not a date or a number: filter it with ':' (e.g. {name}:value).";
            return null;
        }

        if (comparison && values.Length > 1)
        {
            errors["filter"] = $"Compare {name} with one value, not a list.";
            return null;
        }

        foreach (var value in values)
        {
            if (isDate && ParseDate(value) is null)
            {
                errors["filter"] = $"'{Shorten(value)}' is not a date: write it as 2026-01-31 or 2026-01-31T12:00:00Z.";
                return null;
            }

            if (isNumber && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            {
                errors["filter"] = $"'{Shorten(value)}' is not a number ({name} is one).";
                return null;
            }
        }

        return new FilterSpec(name, oper, values, property);
    }

    private static (string? Field, string Op, string Value) SplitOperator(string filter)
    {
        // The first operator character ends the field name, which is letters and digits only.
        var index = filter.IndexOfAny([':', '>', '<']);
        if (index <= 0)
        {
            return (null, "", "");
        }

        var field = filter[..index].Trim();
        var after = filter[index..];
        var op = Operators.First(after.StartsWith);
        return (field.All(char.IsAsciiLetterOrDigit) ? field : null, op, after[op.Length..].Trim());
    }

    private static SortSpec? ParseSort(string? sort, DeliverySchema schema, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return null;
        }

        var parts = sort.Split(':', 2, StringSplitOptions.TrimEntries);
        var direction = parts.Length == 2 ? parts[1].ToLowerInvariant() : "asc";
        if (direction is not ("asc" or "desc"))
        {
            errors["sort"] = $"Sort direction '{Shorten(parts[1])}' is not asc or desc.";
            return null;
        }

        var field = parts[0];
        var builtIn = BuiltInSorts.FirstOrDefault(b => string.Equals(b, field, StringComparison.OrdinalIgnoreCase));
        var property = builtIn is null ? schema.Sortable(field) : null;
        if (builtIn is null && property is null)
        {
            errors["sort"] = $"Cannot sort by '{Shorten(field)}'. Sort by: {string.Join(", ", BuiltInSorts.Concat(schema.SortableAliases))}.";
            return null;
        }

        return new SortSpec(builtIn ?? property!.Alias, direction == "desc", property);
    }

    /// <summary><c>skip</c> (0 or more, 0 when left out) and <c>take</c> (0 to 100, 10 when left out); a bad one is added to <paramref name="errors"/>.</summary>
    public static (int Skip, int Take) ParsePaging(string? skip, string? take, Dictionary<string, string> errors) =>
        (ParseCount(skip, "skip", 0, 0, int.MaxValue, errors), ParseCount(take, "take", DefaultTake, 0, MaxTake, errors));

    private static int ParseCount(string? value, string name, int fallback, int min, int max, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            errors[name] = name == "take"
                ? $"take must be a whole number from 0 to {MaxTake}."
                : "skip must be a whole number, 0 or more.";
            return fallback;
        }

        return n;
    }

    /// <summary>A date (midnight UTC) or a date and time; times without a zone are UTC.</summary>
    public static DateTime? ParseDate(string value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
        && value.Length >= 10 && char.IsAsciiDigit(value[0])
            ? d
            : null;

    /// <summary>Input quoted back in a message is cut short: a 10 KB parameter does not make a 10 KB error.</summary>
    public static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
