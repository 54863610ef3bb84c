using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>The single learner of self-paced mode: a fixed account, created on first run, that every request is
/// authenticated as (no sign-in).</summary>
public static class LocalLearner
{
    /// <summary>The learner's user id: <c>local-learner</c>.</summary>
    public const string UserId = "local-learner";

    /// <summary>The learner's display name: <c>Learner</c>.</summary>
    public const string DisplayName = "Learner";

    /// <summary>The learner's account, creating it if it does not exist.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<UserAccount> EnsureAsync(ILabStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (await store.FindUserAsync(UserId, cancellationToken).ConfigureAwait(false) is { } existing) return existing;
        var learner = new UserAccount(UserId, null, DisplayName, LabRoles.Learner, null, time.GetUtcNow());
        try
        {
            await store.CreateUserAsync(learner, cancellationToken).ConfigureAwait(false);
            return learner;
        }
        catch (StoreException)
        {
            // Created by another process sharing the database in the meantime?
            var created = await store.FindUserAsync(UserId, cancellationToken).ConfigureAwait(false);
            if (created is null) throw;
            return created;
        }
    }
}
