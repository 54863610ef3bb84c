using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Code;
using Workbench.Lab.Grading.Property;
using Workbench.Lab.Grading.Quiz;
using Workbench.Lab.Grading.Training;

namespace Workbench.Lab.Grading;

/// <summary>
/// The <see cref="IExerciseGrader"/>: dispatches by <see cref="ExerciseDefinition.Kind"/> to
/// <see cref="CodeGrader"/>, <see cref="PropertyGrader"/>, <see cref="QuizGrader"/> or <see cref="TrainingCorpusGrader"/>, measures the duration and
/// stamps the attempt number. Anything that goes wrong outside the student's code (engine down, no sandbox,
/// misconfigured exercise) becomes a <see cref="GradeOutcome.Error"/> result with the reason; only cancellation
/// throws.
/// </summary>
/// <param name="code">The code grader.</param>
/// <param name="property">The property grader.</param>
/// <param name="quiz">The quiz grader.</param>
/// <param name="training">The training exercise grader.</param>
/// <param name="logger">Logger.</param>
public sealed class ExerciseGrader(CodeGrader code, PropertyGrader property, QuizGrader quiz, TrainingCorpusGrader training, ILogger<ExerciseGrader> logger) : IExerciseGrader
{
    /// <inheritdoc/>
    public async Task<GradeResult> GradeAsync(GradingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        GradeResult result;
        try
        {
            result = request.Exercise.Kind switch
            {
                ExerciseKind.Code => await code.GradeAsync(request, cancellationToken),
                ExerciseKind.Property => await property.GradeAsync(request, cancellationToken),
                ExerciseKind.Quiz => quiz.Grade(request),
                ExerciseKind.Training => await training.GradeAsync(request, cancellationToken),
                _ => GradeResults.Error(request.Exercise, $"unknown exercise kind {request.Exercise.Kind}"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Grading {Lab}/{Exercise} failed.", request.Lab.Id, request.Exercise.Id);
            result = GradeResults.Error(request.Exercise, e.Message);
        }
        logger.LogInformation("Graded {Lab}/{Exercise} attempt {Attempt}: {Outcome} {Score}/{Max} in {Milliseconds} ms.",
            request.Lab.Id, request.Exercise.Id, request.Attempt, result.Outcome, result.Score, result.MaxScore, clock.ElapsedMilliseconds);
        return result with { Duration = clock.Elapsed, Attempt = request.Attempt };
    }
}
