using Microsoft.Extensions.Time.Testing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

public sealed class ClickEventValidatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(SampleMessages.Now);

    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public void Accepts_a_normal_event() => new ClickEventValidator(_time).Validate(SampleMessages.Click());

    [Theory]
    [InlineData("event_id")]
    [InlineData("user_id")]
    [InlineData("item_id")]
    [InlineData("category_id")]
    [InlineData("session_id")]
    public void Rejects_empty_ids(string field)
    {
        var click = SampleMessages.Click();
        click = field switch
        {
            "event_id" => click with { EventId = "" },
            "user_id" => click with { UserId = " " },
            "item_id" => click with { ItemId = "" },
            "category_id" => click with { CategoryId = "" },
            _ => click with { SessionId = "" },
        };
        var ex = Assert.Throws<MessageDecodeException>(() => new ClickEventValidator(_time).Validate(click));
        Assert.Equal(DecodeFailure.InvalidValue, ex.Failure);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_times_before_2000()
    {
        var validator = new ClickEventValidator(_time);
        var y2k = ClickEventValidator.EarliestEventTime.ToUnixTimeMilliseconds();
        validator.Validate(SampleMessages.Click() with { EventTime = y2k });
        Assert.Equal(
            DecodeFailure.InvalidValue,
            Assert.Throws<MessageDecodeException>(() => validator.Validate(SampleMessages.Click() with { EventTime = y2k - 1 })).Failure);
        Assert.NotNull(validator.Check(SampleMessages.Click() with { EventTime = 0 }));
    }

    [Fact]
    public void Rejects_times_beyond_the_default_skew_relative_to_injected_time()
    {
        var validator = new ClickEventValidator(_time);
        var limit = Now.AddHours(1).ToUnixTimeMilliseconds();
        Assert.Null(validator.Check(SampleMessages.Click() with { EventTime = limit }));
        Assert.NotNull(validator.Check(SampleMessages.Click() with { EventTime = limit + 1 }));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(validator.Check(SampleMessages.Click() with { EventTime = limit + 1 }));
    }

    [Fact]
    public void Skew_is_configurable()
    {
        var validator = new ClickEventValidator(_time, TimeSpan.FromSeconds(5));
        Assert.Null(validator.Check(SampleMessages.Click() with { EventTime = Now.AddSeconds(5).ToUnixTimeMilliseconds() }));
        Assert.NotNull(validator.Check(SampleMessages.Click() with { EventTime = Now.AddSeconds(6).ToUnixTimeMilliseconds() }));
    }

    [Fact]
    public void Rejects_undefined_behavior() =>
        Assert.Contains("behavior", new ClickEventValidator(_time).Check(SampleMessages.Click() with { Behavior = (Behavior)42 }), StringComparison.Ordinal);
}
