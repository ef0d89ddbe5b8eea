using Microsoft.Extensions.Time.Testing;

namespace StreamReco.Trainer.Tests;

public sealed class TrainingTriggerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Nothing_is_due_without_data_even_after_the_interval()
    {
        var trigger = new TrainingTrigger(_time, TimeSpan.FromHours(1), 100);
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(TrainingTriggerReason.None, trigger.Due(out _));
    }

    [Fact]
    public void Enough_new_rows_trigger_immediately()
    {
        var trigger = new TrainingTrigger(_time, TimeSpan.FromHours(1), 100);
        trigger.RecordNewRows(99);
        Assert.Equal(TrainingTriggerReason.None, trigger.Due(out _));

        trigger.RecordNewRows(1);

        Assert.Equal(TrainingTriggerReason.NewData, trigger.Due(out var detail));
        Assert.Equal("100 new rows", detail);
    }

    [Fact]
    public void Schedule_triggers_after_the_interval_when_some_rows_arrived()
    {
        var trigger = new TrainingTrigger(_time, TimeSpan.FromHours(1), 100);
        trigger.RecordNewRows(5);
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(TrainingTriggerReason.None, trigger.Due(out _));

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TrainingTriggerReason.Schedule, trigger.Due(out _));
    }

    [Fact]
    public void Requests_trigger_and_mark_run_resets_everything()
    {
        var trigger = new TrainingTrigger(_time, TimeSpan.FromHours(1), 100);
        trigger.RecordNewRows(500);
        trigger.Request("drift user_views_1h");

        Assert.Equal(TrainingTriggerReason.Request, trigger.Due(out var detail));
        Assert.Equal("drift user_views_1h", detail);

        trigger.MarkRun();
        _time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(TrainingTriggerReason.None, trigger.Due(out _));
        Assert.Equal(0, trigger.NewRows);
    }
}
