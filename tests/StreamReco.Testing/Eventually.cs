using System.Diagnostics;

namespace StreamReco.Testing;

/// <summary>Bounded polling of an observable condition: the only waiting tests do, instead of sleeping.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException("Timed out after " + limit.TotalSeconds + " s waiting for: " + what);
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
