using Microsoft.Extensions.Time.Testing;
using StreamReco.Producers.Replay;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Tests;

public sealed class ReplayPacerTests
{
    private const long T0 = 1_700_000_000_000;

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void First_event_is_due_at_once_and_later_ones_at_the_sped_up_offset()
    {
        var pacer = new ReplayPacer(_time, speedUp: 60);
        Assert.True(pacer.WaitUntilDueAsync(T0).IsCompleted);

        var oneMinuteLater = pacer.WaitUntilDueAsync(T0 + 60_000);
        Assert.False(oneMinuteLater.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(oneMinuteLater.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(oneMinuteLater.IsCompletedSuccessfully);

        Assert.Equal(TimeSpan.FromSeconds(1), pacer.DelayUntilDue(T0 + 120_000));
    }

    [Fact]
    public void Events_behind_schedule_or_before_the_first_are_due_immediately()
    {
        var pacer = new ReplayPacer(_time, speedUp: 10);
        _ = pacer.DelayUntilDue(T0);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.Zero, pacer.DelayUntilDue(T0 + 30_000));
        Assert.Equal(TimeSpan.Zero, pacer.DelayUntilDue(T0 - 1_000));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.DelayUntilDue(T0 + 60_000));
    }

    [Fact]
    public void As_fast_as_possible_never_waits()
    {
        var pacer = ReplayPacer.AsFastAsPossible(_time);
        Assert.False(pacer.IsPaced);
        Assert.Equal(TimeSpan.Zero, pacer.DelayUntilDue(T0));
        Assert.True(pacer.WaitUntilDueAsync(T0 + 86_400_000).IsCompleted);
    }

    [Fact]
    public async Task Waiting_is_cancellable()
    {
        var pacer = new ReplayPacer(_time, speedUp: 1);
        _ = pacer.DelayUntilDue(T0);
        using var cancellation = new CancellationTokenSource();
        var wait = pacer.WaitUntilDueAsync(T0 + 10_000, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task Pace_async_releases_events_as_fake_time_advances()
    {
        var pacer = new ReplayPacer(_time, speedUp: 2);
        var events = new[] { Click(T0), Click(T0 + 2_000), Click(T0 + 4_000) };
        await using var enumerator = pacer.PaceAsync(events).GetAsyncEnumerator();

        Assert.True(await enumerator.MoveNextAsync());
        var second = enumerator.MoveNextAsync().AsTask();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await second);
        Assert.Equal(T0 + 2_000, enumerator.Current.EventTime);
        var third = enumerator.MoveNextAsync().AsTask();
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await third);
        Assert.False(await enumerator.MoveNextAsync());
    }

    [Fact]
    public void Speed_up_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayPacer(_time, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayPacer(_time, double.NaN));
    }

    private static ClickEvent Click(long time) => new("e", "u", "i", "c", Behavior.View, time);
}
