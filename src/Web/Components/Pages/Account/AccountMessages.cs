namespace Workbench.Web.Components.Pages.Account;

/// <summary>The text shown for the <c>error</c> query value the account endpoints redirect with.</summary>
public static class AccountMessages
{
    /// <summary>A sentence for a known error code (<c>invalid</c>, <c>unknown-code</c>, <c>name-required</c>,
    /// <c>name-taken</c>, <c>invalid-reentry-code</c>, <c>forbidden</c>), or <paramref name="error"/> itself (a message the endpoint chose to show).</summary>
    /// <param name="error">The query value.</param>
    public static string Describe(string error) => error switch
    {
        "invalid" or "invalid-credentials" => "Wrong user name or password.",
        "unknown-code" or "invalid-code" => "No class has this join code. Check it with your instructor.",
        "name-required" => "Please type a display name.",
        "name-taken" => "A student with this name is already in the class. If that is you, sign back in with your re-entry code; otherwise choose another name.",
        "invalid-reentry-code" => "That name and re-entry code do not match a student of this class. Check both; if you lost your code, ask your instructor to reset it.",
        "forbidden" => "You are signed in without the rights to see that page.",
        _ => error,
    };
}
