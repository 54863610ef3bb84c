using System.Runtime.CompilerServices;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Bunit.TestDoubles;
using Workbench.Engine;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Workbench.Lab;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Content;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;
using Workbench.Web.Components.Widgets;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>
/// A bunit context over the real lab platform: <c>AddLab</c> with the repository's <c>labs/</c>, a fresh SQLite
/// database in a temporary data directory, the real graders and the real engine (<see cref="EngineFixture"/>),
/// the UI's services, and a signed-in <see cref="User"/>. The Lab hosted services (migration, accounts, grading
/// worker) are started as the app starts them, and stopped on disposal.
/// </summary>
public sealed class LabUiTestContext : IAsyncDisposable
{
    private readonly List<IHostedService> _started = [];
    private readonly BunitAuthorizationContext _auth;

    private LabUiTestContext(BunitContext context, BunitAuthorizationContext auth, string dataDirectory, LabUser user)
    {
        Context = context;
        _auth = auth;
        DataDirectory = dataDirectory;
        User = user;
    }

    /// <summary>The bunit context (render with it).</summary>
    public BunitContext Context { get; }

    /// <summary>The temporary <c>Lab:DataDirectory</c> (deleted on disposal).</summary>
    public string DataDirectory { get; }

    /// <summary>The signed-in user (present in the store).</summary>
    public LabUser User { get; private set; }

    /// <summary>The loaded catalog.</summary>
    public ILabCatalog Catalog => Context.Services.GetRequiredService<ILabCatalog>();

    /// <summary>The store.</summary>
    public ILabStore Store => Context.Services.GetRequiredService<ILabStore>();

    /// <summary>The repository's <c>labs/</c> folder.</summary>
    public static string LabsDirectory => Path.Combine(RepoRoot(), "labs");

    /// <summary>The local learner of self-paced mode.</summary>
    public static LabUser Learner { get; } = new("local-learner", "Learner", LabRoles.Learner, null);

    /// <summary>Creates the context, starts the Lab hosted services and makes sure <paramref name="user"/> exists.</summary>
    /// <param name="fixture">The shared engine.</param>
    /// <param name="user">Who is signed in; <see cref="Learner"/> when null.</param>
    public static async Task<LabUiTestContext> CreateAsync(EngineFixture fixture, LabUser? user = null)
    {
        user ??= Learner;
        var data = Path.Combine(Path.GetTempPath(), "wb-ui-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lab:ContentDirectory"] = LabsDirectory,
            ["Lab:DataDirectory"] = data,
            ["Lab:GradingConcurrency"] = "1",
        }).Build();

        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton<IConfiguration>(configuration);
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton(fixture.Options);
        ctx.Services.AddSingleton<IInferenceEngine>(fixture.Engine);
        ctx.Services.AddSingleton(new ModelCatalog(fixture.Options, AppContext.BaseDirectory));
        ctx.Services.AddLab(configuration, RepoRoot());
        ctx.Services.AddSingleton(new EngineWireClient(new HttpClient(), () => null)); // WireInspectorTests post to a real API
        ctx.Services.AddWebUiComponentServices();
        var result = new LabUiTestContext(ctx, ctx.AddAuthorization(), data, user);
        result.SignIn(user);
        try
        {
            foreach (var hosted in ctx.Services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
                result._started.Add(hosted);
            }
            var store = result.Store;
            if (await store.FindUserAsync(user.UserId, CancellationToken.None) is null)
            {
                await store.CreateUserAsync(new UserAccount(user.UserId, user.Role == LabRoles.Instructor ? user.DisplayName.ToLowerInvariant() : null,
                    user.DisplayName, user.Role, null, DateTimeOffset.UtcNow), CancellationToken.None);
            }
        }
        catch
        {
            await result.DisposeAsync();
            throw;
        }
        return result;
    }

    /// <summary>Makes <paramref name="user"/> the signed-in user of components rendered from now on (the user must
    /// exist in the store).</summary>
    /// <param name="user">The user.</param>
    public void SignIn(LabUser user)
    {
        _auth.SetAuthorized(user.DisplayName);
        _auth.SetRoles(user.Role);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserId) };
        if (user.ClassId is not null) claims.Add(new Claim(LabUser.ClassIdClaim, user.ClassId));
        _auth.SetClaims([.. claims]);
        User = user;
    }

    /// <summary>Creates an instructor account.</summary>
    /// <param name="displayName">The display name.</param>
    public async Task<LabUser> CreateInstructorAsync(string displayName = "Ada Instructor")
    {
        var id = Guid.NewGuid().ToString("N");
        await Store.CreateUserAsync(new UserAccount(id, "instructor-" + id[..8], displayName, LabRoles.Instructor, null, DateTimeOffset.UtcNow), CancellationToken.None);
        return new LabUser(id, displayName, LabRoles.Instructor, null);
    }

    /// <summary>Creates a class owned by <paramref name="instructor"/> through the real <see cref="ClassroomService"/>.</summary>
    /// <param name="instructor">The owner.</param>
    /// <param name="quotas">Per-student quotas; unlimited when null.</param>
    public Task<Classroom> CreateClassAsync(LabUser instructor, QuotaPolicy? quotas = null) =>
        Get<ClassroomService>().CreateClassAsync(instructor.UserId, "Tuesday group", quotas ?? QuotaPolicy.Unlimited, CancellationToken.None);

    /// <summary>A student joins <paramref name="classroom"/> with its code (the real join path).</summary>
    /// <param name="classroom">The class.</param>
    /// <param name="displayName">The student's display name.</param>
    public async Task<LabUser> JoinAsync(Classroom classroom, string displayName)
    {
        var enrolment = await Get<ClassroomService>().JoinAsync(classroom.JoinCode, displayName, CancellationToken.None);
        return new LabUser(enrolment.Student.Id, enrolment.Student.DisplayName, LabRoles.Student, classroom.Id);
    }

    /// <summary>A service of the context.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    public T Get<T>() where T : notnull => Context.Services.GetRequiredService<T>();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }
        await Context.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the WAL a moment longer; the temp folder is cleaned by the OS.
        }
    }

    private static string RepoRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "..", ".."));
}
