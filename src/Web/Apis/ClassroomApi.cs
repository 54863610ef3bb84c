using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Content;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;

namespace Workbench.Web.Apis;

/// <summary>The classroom HTTP API (<c>/api/classes</c>): classes, join codes, quotas, dashboard data, grade export,
/// resetting a student's attempts or re-entry code.</summary>
/// <remarks>
/// Every route needs an instructor (policy Instructor: 401 for visitors, 403 for students), and a class answers
/// only to the instructor who owns it: another instructor gets 404, as if it did not exist. Errors are ProblemDetails.
/// </remarks>
public static class ClassroomApi
{
    /// <summary>Maps the classroom API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapClassroomApi(this IEndpointRouteBuilder app)
    {
        var classes = app.MapGroup("/api/classes").WithTags("Classes").RequireAuthorization(WorkbenchPolicies.Instructor);
        classes.MapGet("/", ListAsync).WithName("ListClasses");
        classes.MapPost("/", CreateAsync).WithName("CreateClass");
        classes.MapGet("/{classId}", GetAsync).WithName("GetClass");
        classes.MapPut("/{classId}/quotas", UpdateQuotasAsync).WithName("UpdateClassQuotas");
        classes.MapGet("/{classId}/dashboard", DashboardAsync).WithName("GetClassDashboard");
        classes.MapGet("/{classId}/grades.csv", GradesAsync).WithName("ExportGrades");
        classes.MapPost("/{classId}/students/{userId}/labs/{labId}/exercises/{exerciseId}/reset", ResetAsync).WithName("ResetAttempts");
        classes.MapPost("/{classId}/students/{userId}/reentry-code", ResetReentryCodeAsync).WithName("ResetReentryCode");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Classroom>>> ListAsync(HttpContext http, ClassroomService classrooms) =>
        TypedResults.Ok(await classrooms.ListClassesAsync(InstructorId(http), http.RequestAborted));

    private static async Task<Results<Created<Classroom>, ProblemHttpResult>> CreateAsync(CreateClassRequest body, HttpContext http, ClassroomService classrooms)
    {
        try
        {
            var classroom = await classrooms.CreateClassAsync(InstructorId(http), body.Name ?? "",
                new QuotaPolicy(body.RequestsPerMinute, body.TokensPerMinute), http.RequestAborted);
            return TypedResults.Created($"/api/classes/{classroom.Id}", classroom);
        }
        catch (ClassroomException e)
        {
            return BadRequest(e.Message);
        }
    }

    private static async Task<Results<Ok<Classroom>, ProblemHttpResult>> GetAsync(string classId, HttpContext http, ClassroomService classrooms) =>
        await classrooms.FindClassForInstructorAsync(classId, InstructorId(http), http.RequestAborted) is { } classroom
            ? TypedResults.Ok(classroom)
            : NoSuchClass();

    private static async Task<Results<Ok<Classroom>, ProblemHttpResult>> UpdateQuotasAsync(string classId, QuotasRequest body, HttpContext http, ClassroomService classrooms)
    {
        try
        {
            var updated = await classrooms.UpdateQuotasAsync(classId, InstructorId(http), new QuotaPolicy(body.RequestsPerMinute, body.TokensPerMinute), http.RequestAborted);
            return updated is null ? NoSuchClass() : TypedResults.Ok(updated);
        }
        catch (ClassroomException e)
        {
            return BadRequest(e.Message);
        }
    }

    private static async Task<Results<Ok<ClassDashboard>, ProblemHttpResult>> DashboardAsync(string classId, HttpContext http, ClassDashboardBuilder dashboards) =>
        await dashboards.BuildAsync(classId, InstructorId(http), http.RequestAborted) is { } dashboard ? TypedResults.Ok(dashboard) : NoSuchClass();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GradesAsync(string classId, HttpContext http, ClassDashboardBuilder dashboards)
    {
        if (await dashboards.BuildAsync(classId, InstructorId(http), http.RequestAborted) is not { } dashboard) return NoSuchClass();
        // A UTF-8 byte order mark, so spreadsheets read accented names correctly.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(GradesCsv.Write(dashboard))).ToArray();
        return TypedResults.File(bytes, GradesCsv.ContentType, $"grades-{FileNamePart(dashboard.Class.Name)}-{dashboard.GeneratedAt:yyyyMMdd}.csv");
    }

    private static async Task<Results<Ok<ResetResult>, ProblemHttpResult>> ResetAsync(
        string classId, string userId, string labId, string exerciseId, HttpContext http, ClassroomService classrooms, ILabCatalog catalog)
    {
        if (catalog.FindLab(labId)?.FindExercise(exerciseId) is null)
            return TypedResults.Problem($"Lab '{labId}' has no exercise '{exerciseId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        var reset = await classrooms.ResetAttemptsAsync(classId, InstructorId(http), userId, labId, exerciseId, http.RequestAborted);
        return reset is { } count
            ? TypedResults.Ok(new ResetResult(count))
            : TypedResults.Problem("There is no such class or student.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    // A new re-entry code for a student who lost theirs: in the answer once, only its hash is stored.
    private static async Task<Results<Ok<ReentryCodeResult>, ProblemHttpResult>> ResetReentryCodeAsync(
        string classId, string userId, HttpContext http, ClassroomService classrooms)
    {
        var issued = await classrooms.ResetReentryCodeAsync(classId, InstructorId(http), userId, http.RequestAborted);
        return issued is { } i
            ? TypedResults.Ok(new ReentryCodeResult(i.ReentryCode, i.IssuedAt))
            : TypedResults.Problem("There is no such class or student.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    /// <summary>The instructor's id (the Instructor policy guarantees a signed-in user).</summary>
    private static string InstructorId(HttpContext http) =>
        LabUser.FromPrincipal(http.User)?.UserId ?? throw new InvalidOperationException("The Instructor policy let an anonymous request through.");

    private static ProblemHttpResult NoSuchClass() =>
        TypedResults.Problem("There is no such class.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");

    private static string FileNamePart(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        return safe.Length == 0 ? "class" : safe[..Math.Min(safe.Length, 40)];
    }
}
