using StreamReco.Features.Windowing;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests;

public sealed class WindowingTests
{
    [Fact]
    public void Tumbling_event_exactly_at_window_end_belongs_to_the_next_window()
    {
        var windows = new TumblingWindows(TimeSpan.FromMinutes(5));

        Assert.Equal(new TimeWindow(T0, T0 + Minutes(5)), windows.WindowFor(T0 + Minutes(5) - 1));
        Assert.Equal(new TimeWindow(T0 + Minutes(5), T0 + Minutes(10)), windows.WindowFor(T0 + Minutes(5)));
        Assert.Equal(new TimeWindow(T0, T0 + Minutes(5)), windows.WindowFor(T0));
    }

    [Fact]
    public void Tumbling_windows_align_negative_times_downwards()
    {
        var windows = new TumblingWindows(TimeSpan.FromSeconds(1));

        Assert.Equal(new TimeWindow(-1000, 0), windows.WindowFor(-1));
        Assert.Equal(new TimeWindow(-2000, -1000), windows.WindowFor(-1001));
    }

    [Fact]
    public void Hopping_event_belongs_to_every_overlapping_window_oldest_first()
    {
        var windows = new HoppingWindows(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5));

        Assert.Equal(
            [new TimeWindow(T0, T0 + Minutes(10)), new TimeWindow(T0 + Minutes(5), T0 + Minutes(15))],
            windows.WindowsFor(T0 + Minutes(7)));

        // Exactly at the end of [T0, T0+10min): only the two later windows.
        Assert.Equal(
            [new TimeWindow(T0 + Minutes(5), T0 + Minutes(15)), new TimeWindow(T0 + Minutes(10), T0 + Minutes(20))],
            windows.WindowsFor(T0 + Minutes(10)));
    }

    [Fact]
    public void Hopping_with_advance_equal_to_size_is_tumbling()
    {
        var windows = new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

        Assert.Equal([new TimeWindow(T0 + Minutes(5), T0 + Minutes(10))], windows.WindowsFor(T0 + Minutes(5)));
    }

    [Fact]
    public void Invalid_window_definitions_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeWindow(5, 5));
    }

    [Fact]
    public void Tumbling_record_is_late_once_window_end_plus_grace_reaches_stream_time()
    {
        var windows = new TumblingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2));
        var eventTime = T0 + Minutes(1);

        Assert.False(windows.IsLate(eventTime, T0 + Minutes(7) - 1));
        Assert.True(windows.IsLate(eventTime, T0 + Minutes(7)));
        Assert.False(windows.IsClosed(windows.WindowFor(eventTime), T0 + Minutes(7) - 1));
        Assert.True(windows.IsClosed(windows.WindowFor(eventTime), T0 + Minutes(7)));
    }

    [Fact]
    public void Hopping_record_is_late_only_when_its_last_window_closed()
    {
        var windows = new HoppingWindows(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        var eventTime = T0 + Minutes(7);

        // Window [T0, T0+10) is closed at T0+11, but [T0+5, T0+15) stays open until T0+16.
        Assert.True(windows.IsClosed(new TimeWindow(T0, T0 + Minutes(10)), T0 + Minutes(11)));
        Assert.False(windows.IsLate(eventTime, T0 + Minutes(11)));
        Assert.False(windows.IsLate(eventTime, T0 + Minutes(16) - 1));
        Assert.True(windows.IsLate(eventTime, T0 + Minutes(16)));
    }

    [Fact]
    public void Sliding_window_as_of_q_covers_q_minus_size_exclusive_to_q_inclusive()
    {
        var windows = new SlidingWindows(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
        var asOf = T0 + Hours(2);

        Assert.True(windows.Contains(asOf, asOf));
        Assert.True(windows.Contains(asOf, asOf - Hours(1) + 1));
        Assert.False(windows.Contains(asOf, asOf - Hours(1)));
        Assert.False(windows.Contains(asOf, asOf + 1));
        Assert.Equal(new TimeWindow(asOf - Hours(1) + 1, asOf + 1), windows.WindowEndingAt(asOf));
    }

    [Fact]
    public void Sliding_record_is_late_after_size_plus_grace()
    {
        var windows = new SlidingWindows(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

        Assert.False(windows.IsLate(T0, T0 + Minutes(65) - 1));
        Assert.True(windows.IsLate(T0, T0 + Minutes(65)));
    }

    [Fact]
    public void Default_grace_is_a_few_minutes_not_a_day()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), WindowDefinition.DefaultGrace);
        Assert.Equal(Minutes(5), new TumblingWindows(TimeSpan.FromHours(1)).GraceMs);
    }

    [Fact]
    public void Stream_time_is_the_max_event_time_and_never_goes_back()
    {
        var tracker = new StreamTimeTracker();
        Assert.False(tracker.HasObserved);

        Assert.Equal(T0 + 10, tracker.Observe(T0 + 10));
        Assert.Equal(T0 + 10, tracker.Observe(T0 + 5));
        Assert.Equal(T0 + 20, tracker.Observe(T0 + 20));
        Assert.Equal(T0 + 20, tracker.Current);
    }

    [Fact]
    public void Nothing_is_late_before_stream_time_exists()
    {
        var gate = new LatenessGate(LatenessGate.DefaultFeatureWindows());

        Assert.True(gate.Admit(0));
        Assert.Equal(0, gate.LateCount);
    }

    [Fact]
    public void Lateness_gate_admits_disorder_within_the_hour_plus_grace_and_counts_the_rest()
    {
        var gate = new LatenessGate(LatenessGate.DefaultFeatureWindows(TimeSpan.FromMinutes(5)));
        Assert.True(gate.Admit(T0 + Hours(2)));

        // Last 1h window of T0+56min ends at T0+1h56min; + 5 min grace = T0+2h01 > stream time: still on time.
        Assert.True(gate.Admit(T0 + Minutes(56)));
        Assert.Equal(T0 + Hours(2), gate.StreamTime);

        // Last window of T0+55min30s ends at T0+1h55min; + grace = T0+2h: closed.
        Assert.False(gate.Admit(T0 + Minutes(55.5)));
        Assert.False(gate.Admit(T0));
        Assert.Equal(2, gate.LateCount);
        Assert.Equal(T0 + Hours(2), gate.StreamTime);
    }

    [Fact]
    public void Lateness_gate_grace_is_configurable()
    {
        var gate = new LatenessGate(LatenessGate.DefaultFeatureWindows(TimeSpan.Zero));
        Assert.True(gate.Admit(T0 + Hours(2)));

        Assert.False(gate.Admit(T0 + Minutes(60)));
        Assert.True(gate.Admit(T0 + Minutes(61)));
    }

    [Fact]
    public void Restored_stream_time_makes_old_records_late_after_a_restart()
    {
        var gate = new LatenessGate(LatenessGate.DefaultFeatureWindows());
        gate.RestoreStreamTime(T0 + Hours(5));

        Assert.False(gate.Admit(T0));
        Assert.Equal(1, gate.LateCount);
    }

    [Theory]
    [InlineData(0, 1000, 0, 0)]
    [InlineData(999, 1000, 0, 1000)]
    [InlineData(1000, 1000, 1000, 1000)]
    [InlineData(-1, 1000, -1000, 0)]
    [InlineData(-1000, 1000, -1000, -1000)]
    public void Time_alignment_floors_and_ceils_on_the_grid(long time, long granularity, long floor, long ceiling)
    {
        Assert.Equal(floor, TimeAlignment.Floor(time, granularity));
        Assert.Equal(ceiling, TimeAlignment.Ceiling(time, granularity));
    }

    [Fact]
    public void Time_alignment_saturates_instead_of_overflowing()
    {
        Assert.Equal(long.MinValue, TimeAlignment.Floor(long.MinValue, 60_000));
        Assert.Equal(long.MinValue, TimeAlignment.Ceiling(long.MinValue, 60_000));
        Assert.Equal(long.MaxValue, TimeAlignment.SaturatingAdd(long.MaxValue - 1, 10));
        Assert.Equal(long.MinValue, TimeAlignment.SaturatingAdd(long.MinValue + 1, -10));
    }
}
