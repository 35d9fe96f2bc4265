using System.Diagnostics;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Media;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests.Media;

/// <summary>
/// PDF active content is found from a real parse: escaped names, object streams and incremental updates hide nothing,
/// in any place a reader looks (catalog, Names tree, page, annotation, form field, OpenAction, AA), and harmless
/// documents still pass.
/// </summary>
public sealed class PdfActiveContentTests
{
    private static readonly ImagePipeline Pipeline = new(Options.Create(new MediaOptions()));

    public static TheoryData<string, string> Corpus()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, reason) in TestPdfs.HostileCorpus)
        {
            data.Add(name, reason);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Every_hostile_pdf_of_the_corpus_is_refused_naming_what_it_carries(string file, string reason)
    {
        var result = Pipeline.Inspect(TestPdfs.Hostile(file));
        Assert.Equal(MediaOperationStatus.Unsafe, result.Status);
        Assert.Contains($"active content ({reason}", result.Message);
    }

    [Fact]
    public void Harmless_pdfs_pass_a_web_link_a_compressed_file_and_an_incremental_update()
    {
        Assert.True(Pipeline.Inspect(TestPdfs.Plain()).Succeeded, Pipeline.Inspect(TestPdfs.Plain()).Message);
        Assert.True(Pipeline.Inspect(TestPdfs.WithWebLink()).Succeeded, Pipeline.Inspect(TestPdfs.WithWebLink()).Message);
        Assert.True(Pipeline.Inspect(TestPdfs.CompressedPlain()).Succeeded, Pipeline.Inspect(TestPdfs.CompressedPlain()).Message);
        var edited = TestPdfs.WithIncrementalUpdate(TestPdfs.Plain(), (4, TestPdfs.Stream("", "BT ET % edited")));
        Assert.True(Pipeline.Inspect(edited).Succeeded, Pipeline.Inspect(edited).Message);
    }

    [Fact]
    public void A_pdf_the_parser_cannot_read_is_refused_as_damaged()
    {
        var result = Pipeline.Inspect(TestPdfs.Unparsable());
        Assert.Equal(MediaOperationStatus.Corrupt, result.Status);
        Assert.Contains("could not be checked for active content", result.Message);
    }

    [Fact]
    public void A_pdf_of_thousands_of_objects_is_checked_quickly()
    {
        // 5,000 small objects chained from the catalog (a long report has about as many); generous for a loaded test machine.
        var objects = Enumerable.Range(5, 5_000).Select(n => $"<</Next {n + 1} 0 R/Title(part {n})>>").ToArray();
        var pdf = TestPdfs.Classic("", "/Extra 5 0 R", "", objects);
        var clock = Stopwatch.StartNew();
        var result = Pipeline.Inspect(pdf);
        Assert.True(result.Succeeded, result.Message);
        Assert.True(clock.ElapsedMilliseconds < 15_000, $"took {clock.ElapsedMilliseconds} ms");
    }
}
