using System.Globalization;
using Workbench.Engine.Inference;

namespace Workbench.Lab.Quotas;

public sealed partial class EngineAccessGate
{
    /// <summary>Throws when starting one more request would break <paramref name="policy"/>.</summary>
    /// <param name="user">The caller's state.</param>
    /// <param name="policy">The caller's class quotas.</param>
    /// <param name="now">The time.</param>
    /// <param name="reservation">The tokens the new request would reserve.</param>
    private static void ThrowIfOverQuota(UserState user, QuotaPolicy policy, DateTimeOffset now, int reservation)
    {
        if (policy.RequestsPerMinute > 0 && user.Requests.Count >= policy.RequestsPerMinute)
        {
            // One more request fits once enough of the oldest leave the window.
            var freeAt = user.Requests.ElementAt(user.Requests.Count - policy.RequestsPerMinute) + Window;
            var retry = RetryAfter(freeAt, now);
            throw new RateLimitException(
                string.Create(CultureInfo.InvariantCulture,
                    $"You have made {user.Requests.Count:N0} of your {policy.RequestsPerMinute:N0} requests per minute; try again in {Seconds(retry)} s."),
                retry, RateLimitException.Requests);
        }

        var used = user.TokenSum + user.Reserved;
        if (policy.TokensPerMinute > 0 && (used >= policy.TokensPerMinute || (used > 0 && used + reservation > policy.TokensPerMinute)))
        {
            // Charged tokens leave the window as it slides; reservations end with their requests (soon: retry in 1 s).
            var mustFree = used + Math.Max(reservation, 1) - policy.TokensPerMinute;
            var freeAt = now + TimeSpan.FromSeconds(1);
            var freed = 0L;
            foreach (var (time, tokens) in user.Tokens)
            {
                if (freed >= mustFree) break;
                freed += tokens;
                freeAt = time + Window;
            }
            var retry = RetryAfter(freeAt, now);
            var reserved = user.Reserved > 0
                ? string.Create(CultureInfo.InvariantCulture, $" and {user.Reserved:N0} are reserved by requests in progress (their max_tokens)")
                : "";
            var asked = used < policy.TokensPerMinute ? string.Create(CultureInfo.InvariantCulture, $"; this request may use up to {reservation:N0} more") : "";
            throw new RateLimitException(
                string.Create(CultureInfo.InvariantCulture,
                    $"You have used {user.TokenSum:N0} of your {policy.TokensPerMinute:N0} tokens per minute{reserved}{asked}; try again in {Seconds(retry)} s."),
                retry, RateLimitException.Tokens);
        }
    }

    private static TimeSpan RetryAfter(DateTimeOffset freeAt, DateTimeOffset now) =>
        freeAt > now ? freeAt - now : TimeSpan.Zero;

    private static int Seconds(TimeSpan retry) => Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));

    /// <summary>One user's sliding window and queued requests. Guarded by the gate's lock.</summary>
    private sealed class UserState
    {
        /// <summary>Start times of requests counted in the window, oldest first.</summary>
        public LinkedList<DateTimeOffset> Requests { get; } = new();

        /// <summary>Charged tokens in the window, oldest first.</summary>
        public Queue<(DateTimeOffset Time, int Tokens)> Tokens { get; } = new();

        public long TokenSum { get; private set; }

        /// <summary>Tokens reserved by this user's leases (queued or running), released when each ends.</summary>
        public long Reserved { get; set; }

        public LinkedList<Waiter> Waiting { get; } = new();

        /// <summary>This user's place in the serving order while requests wait, else null.</summary>
        public LinkedListNode<UserState>? Turn { get; set; }

        public bool IsIdle => Requests.Count == 0 && Tokens.Count == 0 && Waiting.Count == 0 && Reserved == 0;

        public LinkedListNode<DateTimeOffset> AddRequest(DateTimeOffset now) => Requests.AddLast(now);

        public void AddTokens(DateTimeOffset now, int tokens)
        {
            Tokens.Enqueue((now, tokens));
            TokenSum += tokens;
        }

        /// <summary>Forgets what happened at or before <paramref name="cutoff"/>.</summary>
        public void Prune(DateTimeOffset cutoff)
        {
            while (Requests.First is { } first && first.Value <= cutoff) Requests.RemoveFirst();
            while (Tokens.TryPeek(out var oldest) && oldest.Time <= cutoff)
            {
                Tokens.Dequeue();
                TokenSum -= oldest.Tokens;
            }
        }
    }
}
