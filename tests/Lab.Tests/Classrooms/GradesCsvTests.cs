using Workbench.Lab.Classrooms;

namespace Workbench.Lab.Tests.Classrooms;

public sealed class GradesCsvTests
{
    [Theory]
    [InlineData("Ada", "Ada")]
    [InlineData("Smith, Bo", "\"Smith, Bo\"")]
    [InlineData("Bo \"the\" Builder", "\"Bo \"\"the\"\" Builder\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void Field_TextWithCommaQuoteOrLineBreak_IsQuotedAsRfc4180Says(string value, string expected) =>
        Assert.Equal(expected, GradesCsv.Field(value));

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("Ada = 1", "Ada = 1")]
    public void Field_TextThatCouldStartAFormula_IsPrefixedWithAQuote(string value, string expected) =>
        Assert.Equal(expected, GradesCsv.Field(value));

    [Fact]
    public async Task Write_ClassDashboard_OneRowPerStudentWithAScoreColumnPerLabAndATotal()
    {
        var data = await DashboardTestData.CreateAsync(adaName: "=cmd|' /C calc'!A0");
        try
        {
            var dashboard = (await new ClassDashboardBuilder(data.Db.Store, data.Catalog, data.Db.Classrooms, data.Time)
                .BuildAsync(data.Class.Id, data.Instructor.Id, CancellationToken.None))!;

            var csv = GradesCsv.Write(dashboard);

            Assert.EndsWith("\r\n", csv);
            var lines = csv.Split("\r\n")[..^1];
            Assert.Equal("Student,Student id,Lab A (/7),\"Lab B, with a comma (/4)\",Total (/11)", lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Contains($"Bob,{data.Bob.Id},7,0,7", lines);
            Assert.Contains($"Cy,{data.Cy.Id},0,0,0", lines);
            Assert.Contains($"'=cmd|' /C calc'!A0,{data.Ada.Id},6,0,6", lines);
        }
        finally
        {
            await data.Db.DisposeAsync();
        }
    }
}
