using System.Diagnostics;

namespace StreamReco.Observability.Tests;

/// <summary>Bounded polling of an asynchronous probe (HTTP endpoints): the only waiting these tests do.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Probes until it returns a value that satisfies <paramref name="done"/>; fails naming <paramref name="what"/> and the last value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("Timed out after " + timeout.TotalSeconds + " s waiting for " + what + "; last value: " + value);
            }

            await Task.Delay(Interval);
        }
    }
}
