namespace StreamReco.Observability.Tests;

public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("up{job=\"streamreco\"} == 0", "up")]
    [InlineData("sum by (app, topic) (rate(streamreco_a_total{topic=\"events.clicks\"}[$__rate_interval]))", "streamreco_a_total")]
    [InlineData("histogram_quantile(0.99, sum by (app, le) (rate(streamreco_b_seconds_bucket[5m])))", "streamreco_b_seconds_bucket")]
    [InlineData("sum(rate(x_total[5m])) by (reason) / ignoring(reason) group_left sum(rate(y_total[5m]))", "x_total,y_total")]
    [InlineData("(time() - max(streamreco_m) / 1000) > 6 * 3600", "streamreco_m")]
    [InlineData("a_total offset 5m and on (app) b > 1e3", "a_total,b")]
    [InlineData("label_replace(c, \"dst\", \"$1 and rate\", \"src\", \"(.*)\")", "c")]
    [InlineData("sum without (instance) (d{le=~\"0.1|+Inf\", reason!='by'})", "d")]
    [InlineData("delta(lag[10m:1m]) > bool 0 unless absent(e)", "e,lag")]
    public void ExtractsOnlyMetricNames(string expression, string expected)
    {
        Assert.Equal(expected.Split(','), PromQlMetricNames.Extract(expression));
    }

    [Fact]
    public void MetricFamiliesAcceptHistogramSeriesOnlyForHistograms()
    {
        var families = MetricFamilies.Parse(string.Join('\n',
            "# HELP h_seconds Latency.",
            "# TYPE h_seconds histogram",
            "h_seconds_bucket{le=\"+Inf\"} 1",
            "# TYPE c_total counter",
            "# TYPE s summary"));

        Assert.True(families.Exports("h_seconds_bucket"));
        Assert.True(families.Exports("h_seconds_count"));
        Assert.True(families.Exports("c_total"));
        Assert.True(families.Exports("s_sum"));
        Assert.False(families.Exports("s_bucket"));
        Assert.False(families.Exports("c_total_sum"));
        Assert.False(families.Exports("missing_total"));
    }
}
