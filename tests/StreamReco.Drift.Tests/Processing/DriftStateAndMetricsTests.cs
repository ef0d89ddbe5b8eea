using Prometheus;
using StreamReco.Drift.Processing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Tests.Processing;

public sealed class DriftStateAndMetricsTests
{
    [Fact]
    public void Drift_state_round_trips_the_model_metadata_and_the_request_time()
    {
        var model = DriftTopologyTests.Model(new Random(3));
        var serde = DriftStateSerde.Instance;

        var restored = serde.Deserialize(serde.Serialize(new DriftState(model, null)));
        Assert.NotNull(restored.Model);
        Assert.Equal(model.Version, restored.Model.Version);
        Assert.Equal(model.ReferenceDistributions.Select(r => r.Values.Count), restored.Model.ReferenceDistributions.Select(r => r.Values.Count));
        Assert.Equal(model.ReferenceDistributions[0].Values, restored.Model.ReferenceDistributions[0].Values);

        var request = serde.Deserialize(serde.Serialize(new DriftState(null, 123_456)));
        Assert.Equal(123_456, request.LastRequestAt);
        Assert.Throws<FormatException>(() => serde.Deserialize([9, 9]));
    }

    [Fact]
    public void Gauges_carry_the_last_window_values_per_feature()
    {
        var metrics = new DriftPrometheusMetrics();
        var feature = "gauge_test_feature_" + Guid.NewGuid().ToString("N");
        metrics.Record(new DriftMetric(feature, "v1", "tumbling", 0, 10, 100, 200, 0.25, 0.001, 0.003, 0.4, true));
        metrics.Record(new DriftMetric(feature, "v1", "tumbling", 10, 20, 100, 200, 0.05, 0.6, 0.9, 0.01, false), effectiveLiveCount: 12.5);

        // Same name and labels return the registered families.
        var d = Metrics.CreateGauge("streamreco_drift_ks_statistic", "KS D of the last closed window.", "feature");
        var alarm = Metrics.CreateGauge("streamreco_drift_alarm", "1 when the last closed window alarmed.", "feature");
        var psi = Metrics.CreateGauge("streamreco_drift_psi", "PSI of the last closed window.", "feature");
        Assert.Equal(0.05, d.WithLabels(feature).Value);
        Assert.Equal(0, alarm.WithLabels(feature).Value);
        Assert.Equal(0.01, psi.WithLabels(feature).Value);
        var effective = Metrics.CreateGauge(
            "streamreco_drift_live_effective_size",
            "Effective live sample size (Kish, entity clusters) the KS p-value of the last closed window used.", "feature");
        Assert.Equal(12.5, effective.WithLabels(feature).Value);
    }
}
