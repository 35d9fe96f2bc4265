using FsCheck;
using FsCheck.Fluent;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Delivery.Content;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Tests;

/// <summary>
/// The delivery API's query language (<see cref="ContentQuery"/>) and property selection (<see cref="PropertySelection"/>):
/// what each form means, the message each mistake gets, and that no input at all makes either throw.
/// </summary>
public sealed class DeliveryQueryTests
{
    private static readonly DeliverySchema Schema = MakeSchema();

    private static DeliverySchema MakeSchema()
    {
        var story = new ContentType(Guid.NewGuid(), "winnerStory", "Winner story");
        story.Update("Winner story", null, false, true, [], [
            new PropertyType { Alias = "headline", Name = "Headline", Editor = PropertyEditor.Text },
            new PropertyType { Alias = "category", Name = "Category", Editor = PropertyEditor.Text, Filterable = true },
            new PropertyType { Alias = "year", Name = "Year", Editor = PropertyEditor.Number, Filterable = true, Sortable = true },
            new PropertyType { Alias = "announced", Name = "Announced", Editor = PropertyEditor.DateTime, Filterable = true },
        ], DateTime.UtcNow);
        var template = new ContentType(Guid.NewGuid(), "emailTemplate", "Email template");
        template.Update("Email template", null, false, false, [], [
            new PropertyType { Alias = "subject", Name = "Subject", Editor = PropertyEditor.Text, Filterable = true },
        ], DateTime.UtcNow);
        return new DeliverySchema([story, template]);
    }

    private static Attempt<ContentQuery, DeliveryQueryStatus> Parse(string? fetch = null, string[]? filter = null, string[]? sort = null,
        string? skip = null, string? take = null) => ContentQuery.Parse(fetch, filter ?? [], sort ?? [], skip, take, Schema);

    private static string Error(Attempt<ContentQuery, DeliveryQueryStatus> attempt, string parameter)
    {
        Assert.False(attempt.Succeeded);
        return attempt.Errors[parameter];
    }

    [Fact]
    public void Nothing_given_means_every_page_ten_at_a_time_from_the_first()
    {
        var query = Parse().Value!;
        Assert.Equal(FetchSpec.All, query.Fetch);
        Assert.Empty(query.Filters);
        Assert.Empty(query.Sorts);
        Assert.Equal((0, ContentQuery.DefaultTake), (query.Skip, query.Take));
    }

    [Theory]
    [InlineData("children:/categories", FetchKind.Children, "/categories")]
    [InlineData("descendants: 0b3c2f0e-8a4c-4a55-9f43-7a3d8e9e0a11", FetchKind.Descendants, "0b3c2f0e-8a4c-4a55-9f43-7a3d8e9e0a11")]
    [InlineData("Ancestors:winners/2025", FetchKind.Ancestors, "winners/2025")]
    public void Fetch_names_a_direction_and_an_item(string fetch, FetchKind kind, string target) =>
        Assert.Equal(new FetchSpec(kind, target), Parse(fetch).Value!.Fetch);

    [Theory]
    [InlineData("siblings:/categories", "Unknown fetch 'siblings:/categories'")]
    [InlineData("children", "Say whose children: fetch=children:{id or path}.")]
    [InlineData("children:  ", "Say whose children")]
    public void A_fetch_that_is_not_understood_says_what_is_accepted(string fetch, string message) =>
        Assert.Contains(message, Error(Parse(fetch), "fetch"));

    [Fact]
    public void Filters_read_their_operator_values_and_property()
    {
        var query = Parse(filter: ["contentType:!faqPage", "year:2025, 2024", "updateDate>=2026-01-01", "announced<2026-06-30T12:00:00Z", "name:coach"]).Value!;
        Assert.Collection(query.Filters,
            f => Assert.Equal(("contentType", FilterOperator.IsNot, "faqPage", null), (f.Field, f.Operator, f.Values.Single(), f.Property)),
            f =>
            {
                Assert.Equal(("year", FilterOperator.Is), (f.Field, f.Operator));
                Assert.Equal(["2025", "2024"], f.Values);
                Assert.Equal("year", f.Property!.Alias);
            },
            f => Assert.Equal(("updateDate", FilterOperator.GreaterOrEqual, "2026-01-01"), (f.Field, f.Operator, f.Values.Single())),
            f => Assert.Equal(("announced", FilterOperator.Less), (f.Field, f.Operator)),
            f => Assert.Equal(("name", FilterOperator.Is, "coach"), (f.Field, f.Operator, f.Values.Single())));
    }

    [Theory]
    [InlineData("headline:Best", "Unknown filter 'headline'. Filters: contentType, name, createDate, updateDate, announced, category, year.")]
    [InlineData("subject:Welcome", "Unknown filter 'subject'")] // a data type's property is never a filter
    [InlineData("year", "has no operator")]
    [InlineData("year:", "has no value")]
    [InlineData("year>abc", "'abc' is not a number (year is one).")]
    [InlineData("year>2020,2021", "Compare year with one value, not a list.")]
    [InlineData("updateDate:2026-01-01", "Filter updateDate with > or <")]
    [InlineData("updateDate>yesterday", "'yesterday' is not a date")]
    [InlineData("category>IVR", "'category' is not a date or a number")]
    [InlineData("ye ar:2025", "has no operator")]
    public void A_filter_that_is_not_understood_gets_a_message_naming_it(string filter, string message) =>
        Assert.Contains(message, Error(Parse(filter: [filter]), "filter"));

    [Fact]
    public void At_most_twenty_filters_combine() =>
        Assert.Equal("At most 20 filters can be combined.", Error(Parse(filter: Enumerable.Repeat("year:2025", 21).ToArray()), "filter"));

    [Fact]
    public void Sorts_read_a_field_and_a_direction_ascending_by_default()
    {
        var query = Parse(sort: ["year:desc", "Name", "updateDate:ASC"]).Value!;
        Assert.Equal([("year", true), ("name", false), ("updateDate", false)], query.Sorts.Select(s => (s.Field, s.Descending)));
        Assert.Equal("year", query.Sorts[0].Property!.Alias);
    }

    [Theory]
    [InlineData("category:asc", "Cannot sort by 'category'. Sort by: name, sortOrder, createDate, updateDate, level, year.")]
    [InlineData("name:up", "Sort direction 'up' is not asc or desc.")]
    public void A_sort_that_is_not_understood_says_what_can_be_sorted(string sort, string message) =>
        Assert.Equal(message, Error(Parse(sort: [sort]), "sort"));

    [Theory]
    [InlineData("0", "100", 0, 100)]
    [InlineData("250", "0", 250, 0)]
    public void Skip_and_take_are_whole_numbers_with_take_at_most_100(string skip, string take, int skipped, int taken) =>
        Assert.Equal((skipped, taken), (Parse(skip: skip, take: take).Value!.Skip, Parse(skip: skip, take: take).Value!.Take));

    [Theory]
    [InlineData("take", "101")]
    [InlineData("take", "-1")]
    [InlineData("take", "ten")]
    [InlineData("skip", "-5")]
    [InlineData("skip", "1.5")]
    [InlineData("skip", "99999999999")]
    public void Bad_counts_are_refused_with_the_range(string parameter, string value)
    {
        var attempt = parameter == "take" ? Parse(take: value) : Parse(skip: value);
        Assert.Equal(parameter == "take" ? "take must be a whole number from 0 to 100." : "skip must be a whole number, 0 or more.", Error(attempt, parameter));
    }

    [Fact]
    public void Several_mistakes_are_reported_each_under_its_parameter()
    {
        var attempt = Parse("sideways:x", ["nope:1"], ["nope"], "x", "x");
        Assert.Equal(["fetch", "filter", "skip", "sort", "take"], attempt.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Long_input_is_quoted_back_short()
    {
        var message = Error(Parse(filter: [new string('a', 400) + ":1"]), "filter");
        Assert.True(message.Length < 300, message);
    }

    private static readonly string[] Pieces = ["children", "descendants", ":", "!", ">", "<", "=", ",", "year", "name", "contentType",
        "updateDate", "2025", "2026-01-01", "asc", "desc", "-", " ", "[", "]", "properties", "$all", "\u0000", "é", "😀", "\u202E"];

    private static Gen<string> Fragments => Gen.OneOf(
        Gen.Elements(Pieces).ListOf().Select(parts => string.Concat(parts)),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));

    [Fact]
    public void No_query_input_throws_and_every_refusal_has_a_short_message_under_a_parameter_it_names() =>
        Prop.ForAll((from a in Fragments from b in Fragments select (a, b)).ToArbitrary(), (from a in Fragments from b in Fragments select (a, b)).ToArbitrary(), (first, second) =>
        {
            var (fetch, filter) = first;
            var (sort, count) = second;
            var attempt = ContentQuery.Parse(fetch, [filter, filter], [sort], count, count, Schema);
            return attempt.Succeeded
                ? attempt.Value!.Take is >= 0 and <= ContentQuery.MaxTake && attempt.Value.Skip >= 0
                : attempt.Errors.Count > 0
                    && attempt.Errors.Keys.All(k => k is "fetch" or "filter" or "sort" or "skip" or "take")
                    && attempt.Errors.Values.All(m => m.Length is > 0 and < 400);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Selections_name_properties_nest_into_pickers_and_accept_all_and_none()
    {
        var nested = PropertySelection.Parse("properties[headline,categoryPage[properties[summary]]]", "expand", PropertySelection.None).Value!;
        Assert.False(nested.IsAll);
        Assert.True(nested.Includes("headline") && nested.Includes("CategoryPage") && !nested.Includes("story"));
        Assert.Null(nested.Nested("headline"));
        Assert.True(nested.Nested("categoryPage")!.Includes("summary"));

        Assert.True(PropertySelection.Parse("properties[$all]", "fields", PropertySelection.None).Value!.IsAll);
        Assert.Same(PropertySelection.All, PropertySelection.Parse(" ALL ", "fields", PropertySelection.None).Value);
        Assert.Same(PropertySelection.None, PropertySelection.Parse("none", "fields", PropertySelection.All).Value);
        Assert.Same(PropertySelection.All, PropertySelection.Parse(null, "fields", PropertySelection.All).Value);
        Assert.False(PropertySelection.Parse("properties[]", "fields", PropertySelection.All).Value!.Includes("headline"));
    }

    [Theory]
    [InlineData("headline", "it must start with properties[")]
    [InlineData("properties[headline", "a ] is missing")]
    [InlineData("properties[head line]", "',' or ']' was expected at position 16")]
    [InlineData("properties[a$b]", "'a$b' is not a property alias")]
    [InlineData("properties[,]", "a property alias was expected at position 12")]
    [InlineData("properties[a[properties[b[properties[c[properties[d]]]]]]]", "at most 3 levels")]
    [InlineData("properties[a]x", "unexpected text after the end")]
    public void A_selection_that_is_not_understood_says_where(string text, string reason)
    {
        var attempt = PropertySelection.Parse(text, "expand", PropertySelection.None);
        Assert.False(attempt.Succeeded);
        Assert.Contains(reason, attempt.Errors["expand"]);
        Assert.Contains("Write expand=properties[$all]", attempt.Errors["expand"]);
    }

    [Fact]
    public void No_selection_input_throws() =>
        Prop.ForAll(Fragments.ToArbitrary(), text =>
        {
            var attempt = PropertySelection.Parse(text, "fields", PropertySelection.All);
            return attempt.Succeeded ? attempt.Value is not null : attempt.Errors["fields"].Length is > 0 and < 700;
        }).QuickCheckThrowOnFailure();
}

/// <summary><see cref="ContentQueryRunner"/> over a small tree: sorting by several keys, filters on properties.</summary>
public sealed class DeliveryQueryRunnerTests
{
    private static readonly ContentType Story = MakeStory();

    private static ContentType MakeStory()
    {
        var story = new ContentType(Guid.NewGuid(), "winnerStory", "Winner story");
        story.Update("Winner story", null, true, true, ["winnerStory"], [
            new PropertyType { Alias = "category", Name = "Category", Editor = PropertyEditor.Text, Filterable = true },
            new PropertyType { Alias = "year", Name = "Year", Editor = PropertyEditor.Number, Filterable = true, Sortable = true },
        ], DateTime.UtcNow);
        return story;
    }

    private static (PublishedSnapshot Snapshot, DeliverySchema Schema) Tree()
    {
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var root = new PublishedContent(1, Guid.NewGuid(), "Home", "home", Story, 0, created, created, new System.Text.Json.Nodes.JsonObject());
        (string Name, int Year, string Category)[] rows = [("Blue", 2024, "Web"), ("Example", 2025, "Omni"), ("Fictional", 2024, "IVR"), ("Northwind", 2024, "Omni"), ("Placeholder", 2025, "IVR")];
        var id = 2;
        foreach (var (name, year, category) in rows)
        {
            root.AddChild(new PublishedContent(id, Guid.NewGuid(), name, name.ToLowerInvariant(), Story, id, created.AddDays(id), created.AddDays(10 - id),
                new System.Text.Json.Nodes.JsonObject { ["year"] = year, ["category"] = category }));
            id++;
        }

        return (new PublishedSnapshot([root], new Dictionary<string, Guid>()), new DeliverySchema([Story]));
    }

    private static List<string> Names(string[] sort, string[]? filter = null, string? fetch = "children:/")
    {
        var (snapshot, schema) = Tree();
        var query = ContentQuery.Parse(fetch, filter ?? [], sort, null, "100", schema);
        Assert.True(query.Succeeded, query.Message);
        return [.. ContentQueryRunner.Run(snapshot, schema, query.Value!)!.Items.Select(i => i.Name)];
    }

    [Fact]
    public void The_first_sort_decides_and_the_next_break_ties()
    {
        Assert.Equal(["Example", "Placeholder", "Blue", "Fictional", "Northwind"], Names(["year:desc", "name:asc"]));
        Assert.Equal(["Placeholder", "Example", "Northwind", "Fictional", "Blue"], Names(["year:desc", "name:desc"]));
        Assert.Equal(["Blue", "Fictional", "Northwind", "Example", "Placeholder"], Names(["year", "name"]));
        Assert.Equal(["Blue", "Example", "Fictional", "Northwind", "Placeholder"], Names(["name:asc", "year:desc"]));
        Assert.Equal(["Northwind", "Fictional", "Blue", "Placeholder", "Example"], Names(["year", "createDate:desc"]));
        Assert.Equal(["Blue", "Example", "Fictional", "Northwind", "Placeholder"], Names([]));
    }

    [Fact]
    public void Sort_order_and_update_date_sort_both_ways()
    {
        // Made Blue to Placeholder (sortOrder 2 to 6), each updated a day before the one made before it.
        Assert.Equal(["Blue", "Example", "Fictional", "Northwind", "Placeholder"], Names(["sortOrder:asc"]));
        Assert.Equal(["Placeholder", "Northwind", "Fictional", "Example", "Blue"], Names(["sortOrder:desc"]));
        Assert.Equal(["Placeholder", "Northwind", "Fictional", "Example", "Blue"], Names(["updateDate:asc"]));
        Assert.Equal(["Blue", "Example", "Fictional", "Northwind", "Placeholder"], Names(["updateDate:desc"]));
    }

    [Fact]
    public void Date_bounds_are_strict_with_greater_and_less_and_inclusive_with_or_equal()
    {
        // Fictional was updated at exactly 2026-01-07: "after" leaves it out, "from" keeps it.
        Assert.Equal(["Blue", "Example"], Names(["name"], ["updateDate>2026-01-07"]));
        Assert.Equal(["Blue", "Example", "Fictional"], Names(["name"], ["updateDate>=2026-01-07"]));
        Assert.Equal(["Northwind", "Placeholder"], Names(["name"], ["updateDate<2026-01-07T00:00:00Z"]));
        Assert.Equal(["Fictional", "Northwind", "Placeholder"], Names(["name"], ["updateDate<=2026-01-07"]));
    }

    [Fact]
    public void Paths_are_below_the_start_item_when_one_is_named()
    {
        // Two roots with a "blue" page each: the first is the site's home at "/", the second is at "/second/".
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        PublishedContent Node(int id, string name) => new(id, Guid.NewGuid(), name, name.ToLowerInvariant(), Story, id, created, created, new System.Text.Json.Nodes.JsonObject());
        var home = Node(1, "Home");
        home.AddChild(Node(2, "Blue"));
        var second = Node(3, "Second");
        var blue = Node(4, "Blue");
        second.AddChild(blue);
        blue.AddChild(Node(5, "Deep"));
        var snapshot = new PublishedSnapshot([home, second], new Dictionary<string, Guid>());
        var schema = new DeliverySchema([Story]);

        Assert.Same(second, ContentQueryRunner.StartItem(snapshot, schema, "second"));
        Assert.Same(second, ContentQueryRunner.StartItem(snapshot, schema, second.Key.ToString()));
        Assert.Same(second, ContentQueryRunner.StartItem(snapshot, schema, "/SECOND/"));
        Assert.Same(home, ContentQueryRunner.StartItem(snapshot, schema, "home"));
        Assert.Null(ContentQueryRunner.StartItem(snapshot, schema, "blue"));
        Assert.Null(ContentQueryRunner.StartItem(snapshot, schema, Guid.NewGuid().ToString()));

        Assert.Same(blue, ContentQueryRunner.Find(snapshot, schema, "/blue", second));
        Assert.Same(blue, ContentQueryRunner.Find(snapshot, schema, "blue/", second));
        Assert.Same(second, ContentQueryRunner.Find(snapshot, schema, "/", second));
        Assert.Same(home.Children[0], ContentQueryRunner.Find(snapshot, schema, "/blue"));
        Assert.Same(home.Children[0], ContentQueryRunner.Find(snapshot, schema, "/blue", home));

        var query = ContentQuery.Parse("children:/blue", [], [], null, null, schema).Value!;
        Assert.Equal(["Deep"], ContentQueryRunner.Run(snapshot, schema, query, second)!.Items.Select(i => i.Name));
        Assert.Empty(ContentQueryRunner.Run(snapshot, schema, query)!.Items);
    }

    [Fact]
    public void Property_filters_match_any_value_and_compare_numbers()
    {
        Assert.Equal(["Example", "Northwind"], Names(["name"], ["category:omni"]));
        Assert.Equal(["Blue", "Fictional"], Names(["name"], ["category:Web,IVR", "year:2024"]));
        Assert.Equal(["Example", "Placeholder"], Names(["name"], ["year>2024"]));
        Assert.Equal(["Blue"], Names(["name"], ["category:!Omni", "category:!IVR"]));
    }

    [Theory]
    [InlineData("category:omni")]
    [InlineData("category:OMNI,ivr")]
    [InlineData("year:2024")]
    [InlineData("year:2024.0,2025")]
    [InlineData("year:1999")]
    [InlineData("category:Web", "year:2025")]
    [InlineData("category:!Web", "year:2024")]
    [InlineData("year>2024", "category:IVR")]
    public void A_query_over_all_content_answers_from_the_index_exactly_as_a_scan_does(params string[] filters)
    {
        // Over all content the query starts from the index's candidates; below the root it scans the children.
        Assert.Equal(Names(["name"], filters), Names(["name"], filters, fetch: null));
        Assert.Equal(Names([], filters), Names([], filters, fetch: null));
    }
}
