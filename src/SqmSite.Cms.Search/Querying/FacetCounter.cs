using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace SqmSite.Cms.Search.Querying;

/// <summary>
/// Counts the values of facet fields over every matching document, from doc values (no stored fields read), segment
/// by segment. Lucene.Net's facet module is not served here, and a count per value is all the page needs.
/// </summary>
internal sealed class FacetCounter(IReadOnlyList<string> fields) : ICollector
{
    private readonly Dictionary<string, int>[] _counts = [.. fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
    private readonly SortedDocValues?[] _values = new SortedDocValues?[fields.Count];
    private int[][] _segment = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        _segment = new int[fields.Count][];
        for (var i = 0; i < fields.Count; i++)
        {
            _values[i] = context.AtomicReader.GetSortedDocValues(fields[i]);
            _segment[i] = new int[_values[i]?.ValueCount ?? 0];
        }
    }

    public void Collect(int doc)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is { } values && values.GetOrd(doc) is >= 0 and var ord)
            {
                _segment[i][ord]++;
            }
        }
    }

    /// <summary>The counts of each field, by value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, int>> Counts()
    {
        Flush();
        return _counts;
    }

    private void Flush()
    {
        var scratch = new BytesRef();
        for (var i = 0; i < _segment.Length; i++)
        {
            for (var ord = 0; ord < _segment[i].Length; ord++)
            {
                if (_segment[i][ord] > 0 && _values[i] is { } values)
                {
                    values.LookupOrd(ord, scratch);
                    var value = scratch.Utf8ToString();
                    _counts[i][value] = _counts[i].GetValueOrDefault(value) + _segment[i][ord];
                }
            }
        }

        _segment = [];
    }
}
