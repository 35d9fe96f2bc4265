using System.Text;
using ClosedXML.Excel;
using SqmSite.Awards.Certification;

namespace SqmSite.Awards.Tests.Certification;

public sealed class SurveyImportTests
{
    private static SurveyImportResult Csv(string text, bool bom = false) =>
        SurveyImport.Read(new MemoryStream([.. (bom ? new byte[] { 0xEF, 0xBB, 0xBF } : []), .. Encoding.UTF8.GetBytes(text)]), "survey.csv");

    [Fact]
    public void Yes_no_and_ratings_are_counted_and_every_refused_row_is_named_with_its_reason()
    {
        var result = Csv("Respondent,Team,Satisfied\nr1,A,yes\nr2,A,No\nr3,B,5\nr4,B,3\nr5,B,maybe\nr6,C,\n\nr1,A,yes\nr7,C,TRUE\n");
        Assert.Null(result.Problem);
        Assert.Equal(5, result.Responses); // r1 r2 r3 r4 r7
        Assert.Equal(3, result.Satisfied);
        Assert.Equal(60m, result.Esat);
        Assert.Equal([(6, "\"maybe\" in Satisfied is not yes or no, nor a rating from 1 to 5"), (7, "no answer in Satisfied"), (9, "respondent \"r1\" answered already")],
            result.Refused.Select(r => (r.Row, r.Reason)));
    }

    [Fact]
    public void Semicolons_a_byte_order_mark_and_quoted_fields_are_read()
    {
        var result = Csv("\"Name; full\";satisfied\n\"Doe; Jane\";4\nSmith;2\n", bom: true);
        Assert.Null(result.Problem);
        Assert.Equal((2, 1), (result.Responses, result.Satisfied));
    }

    [Fact]
    public void An_excel_workbook_is_read_from_its_first_sheet()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Answers");
        sheet.Cell(1, 1).Value = "Satisfied";
        for (var i = 0; i < 10; i++)
        {
            sheet.Cell(i + 2, 1).Value = i < 7 ? 5 : 1;
        }

        sheet.Cell(12, 1).Value = "n/a";
        using var file = new MemoryStream();
        workbook.SaveAs(file);
        var result = SurveyImport.Read(new MemoryStream(file.ToArray()), "survey.csv"); // the content decides, not the name
        Assert.Equal((10, 7, 70m), (result.Responses, result.Satisfied, result.Esat));
        Assert.Equal(12, Assert.Single(result.Refused).Row);
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("Name,Score\nA,5\n", "The first row must name the columns, one of them \"Satisfied\"")]
    [InlineData("Satisfied\nmaybe\n", "No row had an answer that could be counted.")]
    public void A_file_that_gives_nothing_says_why(string text, string problem) =>
        Assert.StartsWith(problem, Csv(text).Problem);

    [Fact]
    public void Binary_that_is_neither_text_nor_a_workbook_is_refused_cleanly()
    {
        Assert.Contains("could not be read", SurveyImport.Read(new MemoryStream([0xFF, 0xFE, 0x00, 0xC3, 0x28, 0xA0]), "x.csv").Problem);
        Assert.Contains("could not be read", SurveyImport.Read(new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0x00, 0x01]), "x.xlsx").Problem);
    }
}
