using Microsoft.Extensions.Time.Testing;
using StreamReco.Producers.Csv;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Tests;

public sealed class CsvClickstreamReaderTests
{
    [Fact]
    public void Reads_taobao_rows_with_header_and_maps_behaviours()
    {
        const string Csv = """
            user_id,item_id,category_id,behavior_type,timestamp
            1,2268318,2520377,pv,1511544070
            1,2333346,2520771,cart,1511561733
            2,2576651,149192,fav,1511572885
            3,3830808,4181361,BUY,1511593493
            4,1,2,view,1511593494000
            4,1,2,Click,1511593495
            4,1,2,share,1511593496
            """;
        var reader = new CsvClickstreamReader();

        var events = reader.Read(new StringReader(Csv)).ToList();

        Assert.Equal(
            [Behavior.View, Behavior.Cart, Behavior.Fav, Behavior.Buy, Behavior.View, Behavior.Click, Behavior.Share],
            events.Select(e => e.Behavior));
        Assert.Equal(new ClickEvent("csv-2", "1", "2268318", "2520377", Behavior.View, 1_511_544_070_000), events[0]);
        Assert.Equal(1_511_593_494_000, events[4].EventTime); // milliseconds kept as they are
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(7, reader.RowsRead);
        Assert.Equal(7, reader.EventsRead);
        Assert.Equal(0, reader.BadRowCount);
    }

    [Fact]
    public void Bad_rows_are_reported_with_line_number_and_reason_and_never_stop_the_read()
    {
        const string Csv = """
            1,10,100,pv,1511544070
            1,10,100,pv
            2,20,200,teleport,1511544071

            3,30,300,buy,yesterday
            ,40,400,pv,1511544072
            5,50,500,cart,-3
            6,60,600,fav,1511544073
            """;
        var reported = new List<CsvBadRow>();
        var reader = new CsvClickstreamReader(onBadRow: reported.Add);

        var events = reader.Read(new StringReader(Csv)).ToList();

        Assert.Equal(["csv-1", "csv-8"], events.Select(e => e.EventId));
        Assert.Equal([2L, 3, 4, 5, 6, 7], reported.Select(r => r.LineNumber));
        Assert.Equal(reported, reader.BadRows);
        Assert.Equal(6, reader.BadRowCount);
        Assert.Equal(8, reader.RowsRead);
        Assert.Contains("columns", reported[0].Reason, StringComparison.Ordinal);
        Assert.Contains("teleport", reported[1].Reason, StringComparison.Ordinal);
        Assert.Contains("blank", reported[2].Reason, StringComparison.Ordinal);
        Assert.Contains("yesterday", reported[3].Reason, StringComparison.Ordinal);
        Assert.Contains("empty", reported[4].Reason, StringComparison.Ordinal);
        Assert.Contains("-3", reported[5].Reason, StringComparison.Ordinal);
        Assert.Equal("2,20,200,teleport,1511544071", reported[1].Line);
    }

    [Fact]
    public void Kept_bad_rows_are_bounded_but_all_are_counted_and_reported()
    {
        var csv = string.Join('\n', Enumerable.Range(0, 50).Select(i => "x"));
        var reported = 0;
        var reader = new CsvClickstreamReader(new CsvClickstreamOptions { MaxBadRowsKept = 5 }, _ => reported++);

        Assert.Empty(reader.Read(new StringReader(csv)));
        Assert.Equal(50, reader.BadRowCount);
        Assert.Equal(50, reported);
        Assert.Equal(5, reader.BadRows.Count);
    }

    [Fact]
    public void First_data_line_is_not_mistaken_for_a_header()
    {
        var reader = new CsvClickstreamReader();
        var events = reader.Read(new StringReader("1,2,3,pv,1511544070\n4,5,6,buy,1511544071")).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("csv-1", events[0].EventId);
    }

    [Fact]
    public void Explicit_header_setting_and_prefix_are_honoured()
    {
        var options = new CsvClickstreamOptions { HasHeader = true, EventIdPrefix = "taobao-", Delimiter = ';' };
        var events = new CsvClickstreamReader(options).Read(new StringReader("1;2;3;pv;1511544070\n4;5;6;buy;1511544071")).ToList();
        Assert.Equal(["taobao-2"], events.Select(e => e.EventId));
    }

    [Fact]
    public void Validator_rejections_become_bad_rows()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2017, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var reader = new CsvClickstreamReader(new CsvClickstreamOptions { Validator = new ClickEventValidator(time) });
        var events = reader.Read(new StringReader("1,2,3,pv,1511544070\n1,2,3,pv,86400\n1,2,3,pv,1600000000")).ToList();

        Assert.Single(events);
        Assert.Equal([2L, 3], reader.BadRows.Select(r => r.LineNumber));
        Assert.Contains("2000", reader.BadRows[0].Reason, StringComparison.Ordinal);
        Assert.Contains("ahead", reader.BadRows[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "user_id,item_id,category_id,behavior_type,timestamp\n1,2,3,pv,1511544070\n");
            Assert.Single(new CsvClickstreamReader().ReadFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sort_in_memory_orders_by_event_time_stably_and_enforces_its_bound()
    {
        var events = new[] { Click("a", 30), Click("b", 10), Click("c", 20), Click("d", 10) };

        Assert.Equal(["b", "d", "c", "a"], EventTimeOrdering.SortInMemory(events, maxEvents: 4).Select(e => e.EventId));
        Assert.Throws<InvalidOperationException>(() => EventTimeOrdering.SortInMemory(events, maxEvents: 3));
    }

    [Fact]
    public void Reorder_buffer_sorts_bounded_disorder()
    {
        var random = new Random(3);
        var sorted = Enumerable.Range(0, 2_000).Select(i => Click("e" + i, i * 100L)).ToArray();
        // Jitter each event by up to 5 s: at most 10 s of disorder.
        var shuffled = sorted.OrderBy(e => e.EventTime + random.Next(0, 5_000)).ToArray();
        var buffer = new ReorderBuffer(TimeSpan.FromSeconds(10));

        var output = buffer.Reorder(shuffled).ToList();

        Assert.Equal(sorted.Select(e => e.EventTime), output.Select(e => e.EventTime));
        Assert.Equal(0, buffer.LateCount);
    }

    [Fact]
    public void Reorder_buffer_reports_and_passes_through_events_older_than_released_ones()
    {
        var input = new[] { Click("a", 1_000), Click("b", 5_000), Click("c", 9_000), Click("late", 2_000), Click("d", 9_500) };
        var late = new List<LateEvent>();
        var buffer = new ReorderBuffer(TimeSpan.FromSeconds(3));

        var output = buffer.Reorder(input, late.Add).Select(e => e.EventId).ToList();

        Assert.Equal(["a", "b", "late", "c", "d"], output);
        var report = Assert.Single(late);
        Assert.Equal("late", report.Event.EventId);
        Assert.Equal(5_000, report.LatestReleasedEventTime);
        Assert.Equal(TimeSpan.FromSeconds(3), report.Lateness);
        Assert.Equal(1, buffer.LateCount);
    }

    [Fact]
    public void Reorder_buffer_capacity_bounds_memory()
    {
        var input = Enumerable.Range(0, 10).Select(i => Click("e" + i, 1_000 - i)).ToArray();
        var buffer = new ReorderBuffer(TimeSpan.FromHours(1), capacity: 3);

        var output = buffer.Reorder(input).ToList();

        Assert.Equal(10, output.Count);
        Assert.True(buffer.LateCount > 0);
    }

    private static ClickEvent Click(string id, long time) => new(id, "u", "i", "c", Behavior.View, time);
}
