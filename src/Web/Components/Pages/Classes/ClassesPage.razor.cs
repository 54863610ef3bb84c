using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;

namespace Workbench.Web.Components.Pages.Classes;

/// <summary>
/// <c>/classes</c> (instructors): the instructor's classes with their join codes, and a form to create one with
/// per-student quotas (requests and tokens per minute). Everything goes through <see cref="ClassroomService"/>,
/// which answers only for the signed-in instructor's own classes.
/// </summary>
public partial class ClassesPage
{
    private IReadOnlyList<Classroom> _classes = [];
    private LabUser? _user;
    private bool _isInstructor;
    private string _name = "";
    private int _requestsPerMinute = 30;
    private int _tokensPerMinute = 20_000;
    private bool _busy;
    private string? _error;
    private Classroom? _created;

    [Inject] private ClassroomService Classrooms { get; set; } = default!;
    [Inject] private AuthenticationStateProvider AuthState { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _user = LabUser.FromPrincipal((await AuthState.GetAuthenticationStateAsync()).User);
        _isInstructor = _user?.IsInstructor == true;
        if (_isInstructor) _classes = await Classrooms.ListClassesAsync(_user!.UserId, CancellationToken.None);
    }

    private async Task CreateAsync()
    {
        if (!_isInstructor || _busy || string.IsNullOrWhiteSpace(_name)) return;
        _busy = true;
        _error = null;
        try
        {
            _created = await Classrooms.CreateClassAsync(_user!.UserId, _name, new QuotaPolicy(_requestsPerMinute, _tokensPerMinute), CancellationToken.None);
            _name = "";
            _classes = await Classrooms.ListClassesAsync(_user.UserId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is ClassroomException or StoreException)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Quota(int value) => value <= 0 ? "unlimited" : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
