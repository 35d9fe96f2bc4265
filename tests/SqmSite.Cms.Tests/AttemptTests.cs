using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Tests;

public sealed class AttemptTests
{
    public enum ShelfStatus
    {
        Success,
        NotFound,
        ValidationFailed,
        TooLarge,
    }

    private enum Backwards
    {
        Broken,
        Success,
    }

    [Fact]
    public void Success_is_the_default_status_and_a_failure_keeps_its_message_errors_and_value()
    {
        Assert.True(Attempt<ShelfStatus>.Ok.Succeeded);
        Assert.True(Attempt<string, ShelfStatus>.Ok("book").Succeeded);
        var failed = Attempt<string, ShelfStatus>.Fail(ShelfStatus.ValidationFailed, "Nothing was saved.", new Dictionary<string, string> { ["Title"] = "Title is required." }, "draft");
        Assert.False(failed.Succeeded);
        Assert.Equal("draft", failed.Value);
        Assert.Equal("Title is required.", failed.Errors["Title"]);
        var other = failed.As<int>();
        Assert.Equal((ShelfStatus.ValidationFailed, "Nothing was saved.", 0), (other.Status, other.Message, other.Value));
        Assert.Equal("Title is required.", Attempt<ShelfStatus>.Invalid(ShelfStatus.ValidationFailed, "Title", "Title is required.").Errors["Title"]);
    }

    [Fact]
    public void An_enum_whose_default_is_not_success_is_refused_at_first_use()
    {
        var thrown = Assert.Throws<TypeInitializationException>(() => Attempt<Backwards>.Fail(Backwards.Broken, "x").Succeeded);
        Assert.Contains("must start with Success", thrown.InnerException!.Message);
    }

    [Fact]
    public void A_page_shows_field_errors_beside_their_fields_and_otherwise_the_message_in_the_summary()
    {
        var withFields = new ModelStateDictionary();
        withFields.AddAttempt(Attempt<ShelfStatus>.Invalid(ShelfStatus.ValidationFailed, "Name", "Name is required."), key => "Input." + key);
        Assert.Equal("Name is required.", withFields["Input.Name"]!.Errors.Single().ErrorMessage);
        Assert.False(withFields.ContainsKey(string.Empty));

        var withoutFields = new ModelStateDictionary();
        withoutFields.AddAttempt(Attempt<ShelfStatus>.Fail(ShelfStatus.NotFound, "This shelf no longer exists."));
        Assert.Equal("This shelf no longer exists.", withoutFields[string.Empty]!.Errors.Single().ErrorMessage);

        var success = new ModelStateDictionary();
        success.AddAttempt(Attempt<ShelfStatus>.Ok);
        Assert.Equal(0, success.ErrorCount);
    }

    [Theory]
    [InlineData(ShelfStatus.NotFound, 404)]
    [InlineData(ShelfStatus.TooLarge, 413)]
    [InlineData(ShelfStatus.ValidationFailed, 400)]
    public void An_api_answers_problem_details_with_the_status_the_failure_names(ShelfStatus status, int code)
    {
        var result = Attempt<ShelfStatus>.Fail(status, "Refused.", new Dictionary<string, string> { ["File"] = "Too big." }).ToProblem("The shelf refused it");
        Assert.Equal(code, result.StatusCode);
        Assert.Contains("application/problem+json", result.ContentTypes);
        var problem = Assert.IsType<ValidationProblemDetails>(result.Value);
        Assert.Equal(("The shelf refused it", "Refused.", code), (problem.Title, problem.Detail, problem.Status));
        Assert.Equal(["Too big."], problem.Errors["File"]);
    }
}
