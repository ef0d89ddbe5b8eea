using System.Globalization;
using System.Text.Json;
using StreamReco.Testing;

namespace StreamReco.Observability.Tests;

/// <summary>A real Prometheus scrapes the running pipeline every second; everything is asserted through its HTTP API.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PrometheusScrapeTests(RunningPipeline pipeline)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Series an operator needs from the running pipeline, each as a query that must return at least one sample.</summary>
    public static readonly string[] KeySeries =
    [
        "streamreco_streams_records_consumed_total{app=\"streamreco-features\",topic=\"events.clicks\"} > 0",
        "streamreco_streams_records_produced_total{app=\"streamreco-features\",topic=\"features.user\"} > 0",
        "streamreco_streams_records_produced_total{app=\"streamreco-features\",topic=\"features.item\"} > 0",
        "streamreco_streams_records_processed_total{app=\"streamreco-features\"} > 0",
        "streamreco_streams_process_latency_seconds_bucket{app=\"streamreco-features\",le=\"+Inf\"} > 0",
        "streamreco_streams_commit_latency_seconds_count{app=\"streamreco-features\"} > 0",
        "streamreco_streams_dead_lettered_records_total{app=\"streamreco-features\",topic=\"events.clicks\"} >= 1",
        "streamreco_features_updates_total{aggregate=\"user\"} > 0",
        "streamreco_features_late_events_total",
        "streamreco_streams_store_entries{app=\"streamreco-features\"}",
        "streamreco_streams_active_tasks{app=\"streamreco-features\"} > 0",
        "streamreco_scoring_fallback_total{reason=\"no-model\"}",
        "streamreco_trainer_model_version",
    ];

    [ToolFact("prometheus", "prometheus")]
    public async Task PrometheusScrapesKeySeriesAndSeesTheInputCounterGrowBetweenScrapes()
    {
        using var prometheus = await StartPrometheusAsync();

        await Poll.UntilAsync(() => ScalarAsync(prometheus, "up{job=\"streamreco\"}"), up => up == 1, "the pipeline target to be up", Timeout);
        foreach (var query in KeySeries)
        {
            await Poll.UntilAsync(() => SeriesCountAsync(prometheus, query), count => count > 0, "a sample for " + query, Timeout);
        }

        // Consumer lag is reported per partition: one series for each partition of events.clicks.
        await Poll.UntilAsync(
            () => ScalarAsync(prometheus, "count(streamreco_streams_consumer_lag_records{app=\"streamreco-features\",topic=\"events.clicks\"})"),
            count => count == RunningPipeline.Partitions,
            "a lag series for each of the " + RunningPipeline.Partitions + " events.clicks partitions",
            Timeout);

        // Raw samples as scraped: the counter must be higher at a later scrape than at an earlier one.
        var samples = await Poll.UntilAsync(
            () => RawSamplesAsync(prometheus, "streamreco_streams_records_consumed_total{app=\"streamreco-features\",topic=\"events.clicks\"}[1m]"),
            s => s.Count >= 2 && s[^1].Value > s[0].Value,
            "two scrapes showing the consumed-clicks counter increase",
            Timeout);
        Assert.True(samples[^1].Time > samples[0].Time);
    }

    [ToolFact("prometheus", "prometheus")]
    public async Task AlertRulesLoadEvaluateWithoutErrorsAndServiceDownStaysInactive()
    {
        using var prometheus = await StartPrometheusAsync();
        var expected = MonitoringExpressions.AlertRules().Count();

        var rules = await Poll.UntilAsync(
            () => RulesAsync(prometheus),
            r => r.Count == expected && r.All(rule => rule.Health != "unknown"),
            "every alert rule to be evaluated once",
            Timeout);

        Assert.All(rules, rule => Assert.True(rule.Health == "ok", rule.Name + " health " + rule.Health + ": " + rule.Error));
        await Poll.UntilAsync(() => ScalarAsync(prometheus, "up{job=\"streamreco\"}"), up => up == 1, "the pipeline target to be up", Timeout);
        rules = await RulesAsync(prometheus);
        Assert.Equal("inactive", rules.Single(r => r.Name == "ServiceDown").State);
    }

    [ToolFact("prometheus", "prometheus")]
    public async Task EveryDashboardAndAlertExpressionParsesAndEvaluatesInPrometheus()
    {
        using var prometheus = await StartPrometheusAsync();
        var failures = new List<string>();
        foreach (var (source, expression) in MonitoringExpressions.All())
        {
            var (status, body) = await prometheus.QueryAsync(expression);
            if (status != 200 || body.GetProperty("status").GetString() != "success")
            {
                failures.Add(source + ": " + expression + " -> " + body.GetProperty("error").GetString());
            }
        }

        Assert.True(failures.Count == 0, "Invalid PromQL:\n" + string.Join('\n', failures));
    }

    private Task<PrometheusServer> StartPrometheusAsync() =>
        PrometheusServer.StartAsync("127.0.0.1:" + pipeline.MetricsPort.ToString(CultureInfo.InvariantCulture), RepositoryFiles.AlertRules);

    private static async Task<JsonElement> ResultAsync(PrometheusServer prometheus, string query)
    {
        var (status, body) = await prometheus.QueryAsync(query);
        Assert.True(status == 200, "Query " + query + " failed: " + body);
        return body.GetProperty("data").GetProperty("result");
    }

    private static async Task<int> SeriesCountAsync(PrometheusServer prometheus, string query) =>
        (await ResultAsync(prometheus, query)).GetArrayLength();

    /// <summary>The value of a one-series instant vector, or NaN when there is no such series yet.</summary>
    private static async Task<double> ScalarAsync(PrometheusServer prometheus, string query)
    {
        var result = await ResultAsync(prometheus, query);
        return result.GetArrayLength() == 1 ? Parse(result[0].GetProperty("value")[1]) : double.NaN;
    }

    private static async Task<IReadOnlyList<(double Time, double Value)>> RawSamplesAsync(PrometheusServer prometheus, string rangeQuery)
    {
        var result = await ResultAsync(prometheus, rangeQuery);
        if (result.GetArrayLength() != 1)
        {
            return [];
        }

        return result[0].GetProperty("values").EnumerateArray().Select(v => (v[0].GetDouble(), Parse(v[1]))).ToList();
    }

    private static async Task<IReadOnlyList<(string Name, string Health, string State, string Error)>> RulesAsync(PrometheusServer prometheus)
    {
        var (_, body) = await prometheus.ApiAsync("rules");
        return body.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (
                r.GetProperty("name").GetString()!,
                r.GetProperty("health").GetString()!,
                r.TryGetProperty("state", out var state) ? state.GetString()! : string.Empty,
                r.TryGetProperty("lastError", out var error) ? error.GetString() ?? string.Empty : string.Empty))
            .ToList();
    }

    private static double Parse(JsonElement value) => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
