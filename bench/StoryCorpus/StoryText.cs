using System.Globalization;
using System.Net;
using System.Text;

namespace StoryCorpus;

/// <summary>The raw input of one winner story, as the editor's form would post it.</summary>
public sealed record StoryInput(string Name, string UrlSegment, int Year, string Category, IReadOnlyDictionary<string, string?> Values);

/// <summary>
/// Makes plausible, varied winner stories from a seed: the same seed and count always give the same corpus, so the search
/// benchmark can rely on what it finds. Words vary by organization, category, year and metric so that a search has
/// something to tell apart; the story is rich text of about 2 to 4 KB.
/// </summary>
public sealed class StoryText(int seed, IReadOnlyList<string> categories, int firstYear, int lastYear)
{
    private static readonly string[] Places =
    [
        "Northwind", "Blue Harbor", "Silver Lake", "Redwood", "Granite Peak", "Maple Ridge", "Seabright", "Ironbridge", "Clearwater",
        "Stonegate", "Pinecrest", "Fairhaven", "Oakmont", "Riverside", "Lakeshore", "Highland", "Brightwater", "Eastfield", "Westbrook",
        "Summit", "Harborview", "Golden Valley", "Cedar Point", "Millbrook", "Kingsway", "Bayside", "Thornbury", "Ashford", "Larchmont",
        "Willow Creek", "Crescent", "Meridian", "Northgate", "Southport", "Elmhurst", "Foxhall", "Greystone", "Hollowell", "Juniper", "Kestrel",
    ];

    private static readonly string[] Trades =
    [
        "Utilities", "Telecom", "Insurance", "Health", "Bank", "Airlines", "Energy", "Retail", "Logistics", "Credit Union", "Water", "Broadband",
        "Mutual", "Pharmacy", "Travel", "Mobile", "Gas & Electric", "Home Services", "Auto Finance", "Public Transit",
    ];

    private static readonly string[] Suffixes = ["", " Group", " Services", " Direct", " Partners", " Co-op", " Corporation", " Network"];

    private static readonly string[] Metrics = ["FCR", "Csat", "NPS", "Quality", "Agent satisfaction", "Abandon rate", "Repeat contacts"];

    private static readonly string[] Tools =
    [
        "a shared knowledge base", "a speech analytics pilot", "a coaching scorecard", "a callback queue", "a unified agent desktop",
        "a customer journey map", "a weekly calibration session", "a root-cause dashboard", "a skills-based routing plan", "a peer review board",
        "an intent-based IVR menu", "a quality form with six questions", "an escalation playbook", "a post-contact survey", "a career ladder",
    ];

    private static readonly string[] Openings =
    [
        "{0} started from one question: what stops a customer from finishing in one contact?",
        "When {0} looked at its {1} practice in {2}, a third of its customers were calling back within a week.",
        "{0} set out to make {1} the part of the business customers mention first, not last.",
        "Before the change, {0}'s agents spent more time looking for answers than giving them.",
        "{0} serves about {3:N0} customers a month, and every one of them reaches the contact centre sooner or later.",
        "The {1} team at {0} was small, tired and measured on speed alone.",
    ];

    private static readonly string[] Sentences =
    [
        "The team mapped every reason customers came back and fixed the three biggest first.",
        "Each fix had an owner and a date, and the list was reviewed every month with the people who answer the customers.",
        "Supervisors stopped listening to random calls and started listening to the calls customers rated lowest.",
        "Agents were given {4} and the time to keep it current.",
        "The first pilot ran for eight weeks on one site before it reached the others.",
        "Senior agents coach the rest, one session a week, using recordings the agents pick themselves.",
        "Every repeat contact is tagged with its reason, and the top reasons go to the product teams.",
        "Leaders review {5} every Monday, before any other figure.",
        "The team replaced a long script with {4}, written with the agents who would use it.",
        "New hires shadow an experienced agent for two weeks and take their first calls with a coach beside them.",
        "Customers who wait more than two minutes are offered a callback, and nine in ten accept.",
        "The results are shared with every agent, not only with managers.",
        "What did not work was dropped quickly: a second survey annoyed customers and was gone within a month.",
        "The budget was modest; most of the cost was the time people spent together reviewing contacts.",
        "Each quarter the team picks one process to simplify, and removes at least one step from it.",
        "Quality is scored by the agents themselves first, then calibrated with a supervisor.",
        "{5} moved from {6}% to {7}% over the period, and the gain held after the pilot ended.",
        "Complaints about being transferred fell by half once agents could resolve billing questions themselves.",
        "The practice is now part of the onboarding of every new team member.",
        "Judges noted how well the practice was measured and how openly its failures were reported.",
    ];

    private readonly Random _random = new(seed);
    private readonly Dictionary<int, HashSet<string>> _segmentsByYear = [];

    public StoryInput Next()
    {
        var year = _random.Next(firstYear, lastYear + 1);
        var used = _segmentsByYear.TryGetValue(year, out var set) ? set : _segmentsByYear[year] = [];
        string organization, category, name, segment;
        do
        {
            organization = Pick(Places) + " " + Pick(Trades) + Pick(Suffixes);
            category = Pick(categories);
            name = $"{organization}, {category}";
            segment = SqmSite.Cms.Content.ContentService.ToUrlSegment($"{organization} {category}");
        }
        while (!used.Add(segment));

        var customers = _random.Next(20, 900) * 1000;
        var metric = Pick(Metrics);
        var before = _random.Next(55, 80);
        var after = Math.Min(99, before + _random.Next(4, 18));
        var tool = Pick(Tools);
        string Fill(string template) => string.Format(CultureInfo.InvariantCulture, template, organization, category, year - 2, customers, tool, metric, before, after);

        var html = new StringBuilder();
        void Paragraphs(int min, int max)
        {
            var count = _random.Next(min, max + 1);
            for (var p = 0; p < count; p++)
            {
                html.Append("<p>");
                var sentences = _random.Next(3, 6);
                for (var s = 0; s < sentences; s++)
                {
                    html.Append(s == 0 ? "" : " ").Append(WebUtility.HtmlEncode(Fill(Pick(Sentences))));
                }

                html.Append("</p>");
            }
        }

        html.Append("<p>").Append(WebUtility.HtmlEncode(Fill(Pick(Openings)))).Append("</p>");
        Paragraphs(3, 5);
        html.Append("<h2>People</h2>");
        Paragraphs(2, 3);
        html.Append("<h2>Process</h2>");
        Paragraphs(2, 3);
        html.Append("<h2>Technology</h2>");
        Paragraphs(2, 3);
        html.Append("<p><strong>").Append(WebUtility.HtmlEncode(Fill("{5} went from {6}% to {7}%."))).Append("</strong></p>");

        var results = string.Join('\n', Enumerable.Range(year - 2, 3).Select((y, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{y}: {metric} {before + ((after - before) * i / 2)}%, Csat {Math.Min(99, 80 + _random.Next(0, 15))}%")));
        var summary = Fill(Pick(Openings));
        if (summary.Length > 280)
        {
            summary = summary[..277] + "…";
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["headline"] = Fill("{0}: {5} from {6}% to {7}% in {1}"),
            ["summary"] = summary,
            ["organizationName"] = organization,
            ["category"] = category,
            ["year"] = year.ToString(CultureInfo.InvariantCulture),
            ["story"] = html.ToString(),
            ["results"] = results,
        };
        return new StoryInput(name, segment, year, category, values);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
