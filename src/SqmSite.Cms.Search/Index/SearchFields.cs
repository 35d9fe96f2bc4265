using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Search.Index;

/// <summary>
/// The fields of a search document and how their text is cut into words. Words are matched as typed (lower case,
/// accents folded) in <see cref="Name"/>, <see cref="Headings"/> and <see cref="Body"/>, which typo tolerance works on;
/// <see cref="Stems"/> holds all of it once more as English stems ("coaching" finds "coach"), at a lower weight.
/// </summary>
internal static class SearchFields
{
    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    public const string Key = "key";
    public const string Name = "name";
    public const string Headings = "headings";
    public const string Body = "body";
    public const string Stems = "stems";
    public const string Url = "url";
    public const string Updated = "updated";

    /// <summary>The facet of document types; a document type's filterable properties add theirs (year, category).</summary>
    public const string TypeFacet = "type";

    /// <summary>The words fields typo tolerance and highlighting read, and their weights (name and headings above body).</summary>
    public static readonly IReadOnlyList<(string Field, float Boost)> WordFields = [(Name, 6f), (Headings, 3f), (Body, 1f)];

    public const float StemBoost = 0.8f;

    /// <summary>The indexed field of a facet: exact value, filtered by term and counted from doc values.</summary>
    public static string Facet(string name) => "f_" + name;

    public static Analyzer CreateAnalyzer() => new PerFieldAnalyzerWrapper(new WordAnalyzer(), new Dictionary<string, Analyzer>
    {
        [Stems] = new EnglishAnalyzer(Version),
    });

    /// <summary>The search document of a published page: nothing of its drafts, only what the public page shows.</summary>
    public static Document Document(PublishedContent content)
    {
        var (headings, body) = SearchText.Of(content);
        var name = content.Name;
        var document = new Document
        {
            new StringField(Key, KeyOf(content.Key), Field.Store.YES),
            new TextField(Name, name, Field.Store.YES),
            new TextField(Headings, headings, Field.Store.NO),
            new TextField(Body, body, Field.Store.YES),
            new TextField(Stems, string.Join(". ", name, headings, body), Field.Store.NO),
            new StoredField(Url, content.Url),
            new Int64Field(Updated, content.UpdatedUtc.Ticks, Field.Store.YES),
            new NumericDocValuesField(Updated, content.UpdatedUtc.Ticks),
        };
        AddFacet(document, TypeFacet, content.ContentTypeAlias);
        foreach (var property in content.ContentType.Properties.Where(p => p.Filterable))
        {
            if (FacetValue(content, property) is { Length: > 0 } value)
            {
                AddFacet(document, property.Alias, value);
            }
        }

        return document;
    }

    public static string KeyOf(Guid key) => key.ToString("N");

    /// <summary>A filterable property's value as a facet shows it: a year as "2024", a text trimmed.</summary>
    public static string? FacetValue(PublishedContent content, PropertyType property) => property.Editor switch
    {
        PropertyEditor.Number => content.Number(property.Alias) is { } n ? n.ToString("0.##", CultureInfo.InvariantCulture) : null,
        PropertyEditor.Boolean => content.Bool(property.Alias) ? "true" : "false",
        _ => content.Value(property.Alias)?.Trim() is { Length: > 0 and <= 200 } text ? text : null,
    };

    private static void AddFacet(Document document, string name, string value)
    {
        document.Add(new StringField(Facet(name), value, Field.Store.NO));
        document.Add(new SortedDocValuesField(Facet(name), new BytesRef(value)));
    }

    /// <summary>Words as typed: the standard tokenizer, lower case, accents folded, English stop words out.</summary>
    internal sealed class WordAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new StandardFilter(Version, tokenizer);
            stream = new LowerCaseFilter(Version, stream);
            stream = new ASCIIFoldingFilter(stream);
            stream = new StopFilter(Version, stream, StopAnalyzer.ENGLISH_STOP_WORDS_SET);
            return new TokenStreamComponents(tokenizer, stream);
        }
    }
}
