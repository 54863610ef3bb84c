using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;

namespace Workbench.Web.Apis;

/// <summary>The lab HTTP API (<c>/api/labs</c>, <c>/api/submissions</c>): content views, submitting, results.</summary>
/// <remarks>
/// Every route needs a signed-in user (policy Member); solutions need an instructor (403 otherwise). A submission
/// is visible to its owner and to the instructor of the owner's class, and is "not found" for anyone else, so its
/// existence is not revealed. Errors are ProblemDetails.
/// </remarks>
public static class LabApi
{
    /// <summary>Maps the lab API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapLabApi(this IEndpointRouteBuilder app)
    {
        var labs = app.MapGroup("/api/labs").WithTags("Labs").RequireAuthorization(WorkbenchPolicies.Member);
        labs.MapGet("/", ListLabsAsync).WithName("ListLabs");
        labs.MapGet("/{labId}", GetLab).WithName("GetLab");
        labs.MapPost("/{labId}/exercises/{exerciseId}/submissions", SubmitAsync).WithName("Submit");
        labs.MapGet("/{labId}/exercises/{exerciseId}/solution", GetSolutionAsync).WithName("GetSolution")
            .RequireAuthorization(WorkbenchPolicies.Instructor);

        app.MapGroup("/api/submissions").WithTags("Labs").RequireAuthorization(WorkbenchPolicies.Member)
            .MapGet("/{submissionId}", GetSubmissionAsync).WithName("GetSubmission");
        return app;
    }

    private static async Task<Results<Ok<List<LabSummaryView>>, UnauthorizedHttpResult>> ListLabsAsync(
        HttpContext http, ILabCatalog catalog, ILabStore store)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        var submissions = await store.ListSubmissionsAsync(user.UserId, null, null, http.RequestAborted);
        return TypedResults.Ok(catalog.Labs.Select(lab => LabSummaryView.From(lab, LabProgressCalculator.ForLab(lab, submissions))).ToList());
    }

    private static Results<Ok<LabView>, ProblemHttpResult> GetLab(string labId, ILabCatalog catalog) =>
        catalog.FindLab(labId) is { } lab ? TypedResults.Ok(LabView.From(lab)) : NotFound($"There is no lab '{labId}'.");

    private static async Task<Results<Accepted<SubmissionAccepted>, ProblemHttpResult, UnauthorizedHttpResult>> SubmitAsync(
        string labId, string exerciseId, SubmissionRequest body, HttpContext http, ILabCatalog catalog, SubmissionService submissions)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        if (catalog.FindLab(labId)?.FindExercise(exerciseId) is null) return NotFound($"Lab '{labId}' has no exercise '{exerciseId}'.");
        try
        {
            var submission = await submissions.SubmitAsync(user.UserId, labId, exerciseId, body.ToPayload(), http.RequestAborted);
            var location = $"/api/submissions/{submission.Id}";
            return TypedResults.Accepted(location, new SubmissionAccepted(submission.Id, submission.Attempt, Names.Of(submission.Status), location));
        }
        catch (InvalidSubmissionException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The submission is not valid.");
        }
    }

    private static async Task<Results<Ok<SubmissionView>, ProblemHttpResult, UnauthorizedHttpResult>> GetSubmissionAsync(
        string submissionId, HttpContext http, ILabStore store)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        var submission = await store.FindSubmissionAsync(submissionId, http.RequestAborted);
        if (submission is null || !await MaySeeAsync(user, submission.UserId, store, http.RequestAborted))
            return NotFound("There is no such submission.");
        return TypedResults.Ok(SubmissionView.From(submission));
    }

    private static async Task<Results<Ok<SolutionView>, ProblemHttpResult>> GetSolutionAsync(
        string labId, string exerciseId, ILabCatalog catalog, CancellationToken cancellationToken)
    {
        if (catalog.FindLab(labId)?.FindExercise(exerciseId) is not { } exercise) return NotFound($"Lab '{labId}' has no exercise '{exerciseId}'.");
        var files = await exercise.ReadSolutionFilesAsync(cancellationToken);
        var answers = exercise.Questions.Select(q => new AnswerKeyView(q.Id, q.CorrectChoices, q.Answer, q.Tolerance, q.ExplanationHtml)).ToList();
        return TypedResults.Ok(new SolutionView(labId, exercise.Id, files, answers));
    }

    /// <summary>The owner, or the instructor of the owner's class.</summary>
    private static async Task<bool> MaySeeAsync(LabUser user, string ownerId, ILabStore store, CancellationToken cancellationToken)
    {
        if (string.Equals(user.UserId, ownerId, StringComparison.Ordinal)) return true;
        if (!user.IsInstructor) return false;
        var classroom = await store.FindClassOfStudentAsync(ownerId, cancellationToken);
        return classroom is not null && string.Equals(classroom.InstructorId, user.UserId, StringComparison.Ordinal);
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
