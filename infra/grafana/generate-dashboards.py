#!/usr/bin/env python3
# Generates infra/grafana/dashboards/*.json: python3 infra/grafana/generate-dashboards.py infra/grafana/dashboards
# Edit panels here, regenerate, and commit both; tests/StreamReco.Observability.Tests checks every expression.
import json, sys
DS = {"type": "prometheus", "uid": "prometheus"}
RI = "$__rate_interval"

class Board:
    def __init__(s, uid, title, desc):
        s.uid, s.title, s.desc = uid, title, desc
        s.panels, s.x, s.y, s.id, s.rowh = [], 0, 0, 1, 0
    def row(s, title):
        if s.x: s.y += s.rowh; s.x = 0; s.rowh = 0
        s.panels.append({"type": "row", "title": title, "id": s.id, "collapsed": False, "gridPos": {"h": 1, "w": 24, "x": 0, "y": s.y}, "panels": []})
        s.id += 1; s.y += 1
    def add(s, p, w=12, h=8):
        if s.x + w > 24: s.y += s.rowh; s.x = 0; s.rowh = 0
        p["id"] = s.id; s.id += 1
        p["gridPos"] = {"h": h, "w": w, "x": s.x, "y": s.y}
        p["datasource"] = DS
        s.panels.append(p); s.x += w; s.rowh = max(s.rowh, h)
    def dump(s, path):
        d = {"uid": s.uid, "title": s.title, "description": s.desc, "tags": ["streamreco"], "timezone": "utc",
             "schemaVersion": 39, "version": 1, "editable": True, "graphTooltip": 1, "refresh": "10s",
             "time": {"from": "now-1h", "to": "now"}, "annotations": {"list": []},
             "templating": {"list": []}, "links": [], "panels": s.panels}
        with open(path, "w") as f: json.dump(d, f, indent=2); f.write("\n")

def targets(exprs):
    out = []
    for i, (e, legend) in enumerate(exprs):
        out.append({"datasource": DS, "refId": chr(65 + i), "expr": e, "legendFormat": legend, "range": True})
    return out

def ts(title, desc, exprs, unit="short", thresholds=None, stack=False, minv=None, maxv=None, log=False):
    defaults = {"unit": unit, "custom": {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never",
                 "stacking": {"mode": "normal" if stack else "none", "group": "A"}}}
    if log: defaults["custom"]["scaleDistribution"] = {"type": "log", "log": 10}
    if minv is not None: defaults["min"] = minv
    if maxv is not None: defaults["max"] = maxv
    if thresholds:
        defaults["thresholds"] = {"mode": "absolute", "steps": [{"color": "green", "value": None}] + [{"color": c, "value": v} for v, c in thresholds]}
        defaults["custom"]["thresholdsStyle"] = {"mode": "line+area"}
    return {"type": "timeseries", "title": title, "description": desc, "targets": targets(exprs),
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]}, "tooltip": {"mode": "multi", "sort": "desc"}}}

def stat(title, desc, exprs, unit="short", thresholds=None, instant=True, text="auto"):
    p = {"type": "stat", "title": title, "description": desc, "targets": targets(exprs),
         "fieldConfig": {"defaults": {"unit": unit, "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}] + [{"color": c, "value": v} for v, c in (thresholds or [])]}}, "overrides": []},
         "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}, "colorMode": "background", "graphMode": "area", "textMode": text, "justifyMode": "auto"}}
    return p

def table(title, desc, exprs):
    t = targets(exprs)
    for x in t: x["format"] = "table"; x["instant"] = True; x["range"] = False
    return {"type": "table", "title": title, "description": desc, "targets": t,
            "fieldConfig": {"defaults": {}, "overrides": []},
            "transformations": [{"id": "organize", "options": {"excludeByName": {"Time": True, "Value": True, "__name__": True, "job": True}}}],
            "options": {"showHeader": True}}

def q(p, metric, by):
    return f'histogram_quantile({p}, sum by ({by}, le) (rate({metric}_bucket[{RI}])))'

# ---------------------------------------------------------------- pipeline health
b = Board("streamreco-pipeline-health", "StreamReco / Pipeline health",
          "Throughput, lag, latency, late and dead-lettered records, state restore and stores of the stream processors (StreamReco.Streams runtime metrics).")
b.row("Overview")
b.add(stat("Services up", "Scrape targets answering /metrics (up == 1) out of all configured.", [('sum(up{job="streamreco"})', "up"), ('count(up{job="streamreco"})', "configured")]), w=6, h=5)
b.add(stat("Input rate (events.clicks)", "Click events consumed per second by the feature processors.",
           [(f'sum(rate(streamreco_streams_records_consumed_total{{topic="events.clicks"}}[{RI}]))', "events/s")], unit="reqps"), w=6, h=5)
b.add(stat("Total consumer lag", "Records behind the high watermark, summed over every application and partition.",
           [("sum(streamreco_streams_consumer_lag_records)", "lag")], thresholds=[(1000, "yellow"), (10000, "red")]), w=6, h=5)
b.add(stat("Dead-lettered / s", "Records routed to dead-letter topics per second (all apps).",
           [(f"sum(rate(streamreco_streams_dead_lettered_records_total[{RI}]))", "dlq/s")], unit="reqps", thresholds=[(0.01, "yellow"), (1, "red")]), w=6, h=5)
b.row("Throughput per topic")
b.add(ts("Consumed per topic", "Records read from each source topic per second, by application (dead-lettered ones included).",
         [(f"sum by (app, topic) (rate(streamreco_streams_records_consumed_total[{RI}]))", "{{app}} ← {{topic}}")], unit="reqps"))
b.add(ts("Produced per topic", "Records sent to each sink topic per second, by application (changelogs and dead letters excluded).",
         [(f"sum by (app, topic) (rate(streamreco_streams_records_produced_total[{RI}]))", "{{app}} → {{topic}}")], unit="reqps"))
b.add(ts("Processed per sub-topology", "Records processed per second by each sub-topology.",
         [(f"sum by (app, subtopology) (rate(streamreco_streams_records_processed_total[{RI}]))", "{{app}} / {{subtopology}}")], unit="reqps"))
b.add(ts("Feature updates", "Events folded into user and item aggregates per second.",
         [(f"sum by (aggregate) (rate(streamreco_features_updates_total[{RI}]))", "{{aggregate}}")], unit="reqps"))
b.row("Lag")
b.add(ts("Consumer lag per partition", "High watermark minus position per assigned source partition. Growing lag means the app cannot keep up.",
         [("sum by (app, topic, partition) (streamreco_streams_consumer_lag_records)", "{{app}} {{topic}}[{{partition}}]")], thresholds=[(10000, "red")]))
b.add(ts("Consumer lag per application", "Total lag per application; the LagGrowing alert fires when this stays above 10k and still grows.",
         [("sum by (app) (streamreco_streams_consumer_lag_records)", "{{app}}")], thresholds=[(10000, "red")]))
b.row("Latency")
b.add(ts("Processing latency p50 / p99", "Time to process one source record through its sub-topology.",
         [(q(0.5, "streamreco_streams_process_latency_seconds", "app"), "p50 {{app}}"),
          (q(0.99, "streamreco_streams_process_latency_seconds", "app"), "p99 {{app}}")], unit="s"))
b.add(ts("Commit latency p50 / p99", "Time to commit (flush + offsets, or the transaction under exactly-once).",
         [(q(0.5, "streamreco_streams_commit_latency_seconds", "app"), "p50 {{app}}"),
          (q(0.99, "streamreco_streams_commit_latency_seconds", "app"), "p99 {{app}}")], unit="s"))
b.add(ts("Store put / get latency p99", "Key-value store latency per store (serialization, changelog append, inner store).",
         [(q(0.99, "streamreco_streams_store_put_latency_seconds", "app, store"), "put {{app}}/{{store}}"),
          (q(0.99, "streamreco_streams_store_get_latency_seconds", "app, store"), "get {{app}}/{{store}}")], unit="s"))
b.add(ts("Commits and aborted transactions", "Commit rate per application, and exactly-once transactions aborted and rewound after a recoverable error.",
         [(f"sum by (app) (rate(streamreco_streams_commit_latency_seconds_count[{RI}]))", "commits {{app}}"),
          (f"sum by (app) (rate(streamreco_streams_transactions_aborted_total[{RI}]))", "aborted {{app}}")], unit="ops"))
b.row("Late and dead-lettered records")
b.add(ts("Late events", "Click events routed to events.late because every window they belong to had closed.",
         [(f"sum by (aggregate) (rate(streamreco_features_late_events_total[{RI}]))", "late {{aggregate}}")], unit="reqps"))
b.add(ts("Dead-lettered by topic and reason", "Records routed to dead-letter topics. The DeadLetterRate alert fires above 1% of consumed records.",
         [(f"sum by (app, topic, reason) (rate(streamreco_streams_dead_lettered_records_total[{RI}]))", "{{app}} {{topic}} {{reason}}")], unit="reqps"))
b.row("State")
b.add(ts("Store entries", "Approximate entries per store (summed over tasks), sampled at commit.",
         [("sum by (app, store) (streamreco_streams_store_entries)", "{{app}}/{{store}}")]))
b.add(ts("Idle keys deleted", "Feature aggregates removed per second by the idle-key sweep (bounds store size).",
         [(f"sum by (aggregate) (rate(streamreco_features_idle_keys_deleted_total[{RI}]))", "{{aggregate}}")], unit="reqps"))
b.add(ts("Restore time per store", "Mean time to restore a store from its changelog over the last 15 minutes (only shows after a restore).",
         [("sum by (app, store) (increase(streamreco_streams_restore_duration_seconds_sum[15m])) / sum by (app, store) (increase(streamreco_streams_restore_duration_seconds_count[15m]))", "{{app}}/{{store}}")], unit="s"))
b.add(ts("Restored records", "Changelog records applied per second while restoring.",
         [(f"sum by (app, store) (rate(streamreco_streams_restored_records_total[{RI}]))", "{{app}}/{{store}}")], unit="reqps"))
b.add(ts("Active tasks and state", "Tasks owned per instance, and application state (see StreamsState; Running is the ready state).",
         [("sum by (app) (streamreco_streams_active_tasks)", "tasks {{app}}"), ("max by (app) (streamreco_streams_state)", "state {{app}}")]))
b.dump(sys.argv[1] + "/pipeline-health.json")

# ---------------------------------------------------------------- model and drift
m = Board("streamreco-model-and-drift", "StreamReco / Model and drift",
          "Model versions, training, champion/challenger decisions, KS/PSI drift per feature with alarm thresholds, and scoring latency, fallbacks and cache.")
m.row("Model")
m.add(table("Model in service", "Model name and version the scorer currently serves (streamreco_scoring_model_info == 1).",
            [("max by (instance, model, version) (streamreco_scoring_model_info)", "")]), w=8, h=6)
m.add(stat("Last published model AUC", "Test AUC of the model the trainer last published.",
           [("max(streamreco_trainer_model_auc)", "AUC")], unit="percentunit", thresholds=[]), w=4, h=6)
m.add(stat("Model age", "Time since the scorer last swapped to a new model; the NoNewModel alert fires when the trainer published nothing for 6 h.",
           [("time() - max(streamreco_scoring_model_swap_timestamp_seconds)", "since swap")], unit="s", thresholds=[(3 * 3600, "yellow"), (6 * 3600, "red")]), w=4, h=6)
m.add(stat("Last training duration", "Wall-clock duration of the last training run.",
           [("max(streamreco_trainer_training_duration_seconds)", "training")], unit="s"), w=4, h=6)
m.add(stat("Training set rows", "Rows in the trainer's training window.", [("max(streamreco_trainer_training_set_rows)", "rows")]), w=4, h=6)
m.add(ts("AUC over time", "Test AUC of each published model.", [("max(streamreco_trainer_model_auc)", "AUC")], unit="percentunit", minv=0.5, maxv=1))
m.add(ts("Training duration", "Wall-clock duration of the last training run.", [("max(streamreco_trainer_training_duration_seconds)", "duration")], unit="s"))
m.add(ts("Champion / challenger decisions", "Decisions per hour, by outcome.",
         [("sum by (decision) (increase(streamreco_trainer_decisions_total[1h]))", "{{decision}}")], stack=True))
m.add(ts("Training runs and snapshots", "Training runs by trigger and consumed training snapshots by outcome, per minute.",
         [("sum by (trigger) (increase(streamreco_trainer_runs_total[5m]))", "run {{trigger}}"),
          (f"sum by (outcome) (rate(streamreco_trainer_snapshots_total[{RI}])) * 60", "snapshots {{outcome}}")]))
m.add(ts("Training snapshots", "Snapshots emitted per second by label, exposures still waiting for a label, and evictions by reason (bounded store).",
         [(f"sum by (label) (rate(streamreco_training_snapshots_emitted_total[{RI}]))", "emitted {{label}}/s"),
          (f"sum by (reason) (rate(streamreco_training_snapshots_evicted_total[{RI}]))", "evicted {{reason}}/s"),
          ("sum(streamreco_training_snapshots_pending)", "pending")]))
m.add(ts("Model activations", "Model versions offered to the scorer per hour, by result (rejected = failed verification; previous model keeps serving).",
         [("sum by (result) (increase(streamreco_scoring_model_activations_total[1h]))", "{{result}}"),
          ("sum(increase(streamreco_scoring_model_assembly_failures_total[1h]))", "assembly failures")]))
m.add(ts("Published model version", "Version of the last published model (creation time, ms since epoch); a step is a new model.",
         [("max(streamreco_trainer_model_version)", "trainer")], unit="dateTimeAsIso"))
m.row("Drift (KS and PSI per feature)")
m.add(ts("KS statistic D per feature", "KS distance between the live window and the serving model's reference. Alarm threshold D > 0.1 (with corrected p < 0.05).",
         [("max by (feature) (streamreco_drift_ks_statistic)", "{{feature}}")], thresholds=[(0.1, "red")], minv=0, maxv=1), w=8)
m.add(ts("KS p-value (corrected) per feature", "Two-sided KS p-value after multiple-testing correction (log scale). Alarm below alpha = 0.05 (with D > 0.1).",
         [("min by (feature) (streamreco_drift_ks_p_value_corrected)", "{{feature}}")], log=True, maxv=1), w=8)
m.add(ts("PSI per feature", "Population stability index over reference deciles: < 0.1 stable, 0.1-0.25 moderate shift, > 0.25 major shift.",
         [("max by (feature) (streamreco_drift_psi)", "{{feature}}")], thresholds=[(0.1, "yellow"), (0.25, "red")], minv=0), w=8)
m.add(ts("Drift alarms", "1 while the feature's last window is in alarm (D > 0.1 and corrected p < 0.05); the DriftAlarm alert fires after 5 minutes.",
         [("max by (feature) (streamreco_drift_alarm)", "{{feature}}")], minv=0, maxv=1, thresholds=[(1, "red")]), w=8, h=7)
m.add(ts("KS p-value (uncorrected) per feature", "Two-sided KS p-value before the multiple-testing correction, for comparison (log scale).",
         [("min by (feature) (streamreco_drift_ks_p_value)", "{{feature}}")], log=True, maxv=1), w=8, h=7)
m.add(ts("Drift observations and retraining requests", "Live feature values offered to the drift engine per second by outcome, and retraining requests per hour emitted after alarms.",
         [(f"sum by (outcome) (rate(streamreco_drift_observations_total[{RI}]))", "observations {{outcome}}/s"),
          ("sum(increase(streamreco_drift_retraining_requests_total[1h]))", "retraining requests/h")]), w=8, h=7)
m.row("Scoring")
m.add(ts("Scoring latency p50 / p99", "Time to build candidates, features and scores for one request.",
         [(q(0.5, "streamreco_scoring_request_duration_seconds", "instance"), "p50 {{instance}}"),
          (q(0.99, "streamreco_scoring_request_duration_seconds", "instance"), "p99 {{instance}}")], unit="s"))
m.add(ts("Event to recommendation p50 / p99", "Latency from event arrival at the scorer to the recommendation being emitted.",
         [(q(0.5, "streamreco_scoring_event_to_recommendation_seconds", "instance"), "p50 {{instance}}"),
          (q(0.99, "streamreco_scoring_event_to_recommendation_seconds", "instance"), "p99 {{instance}}")], unit="s"))
m.add(ts("Fallback rate by reason", "Share of recommendations served by the popularity fallback, by reason. The FallbackRateHigh alert fires above 20%.",
         [(f"sum by (reason) (rate(streamreco_scoring_fallback_total[{RI}])) / scalar(sum(rate(streamreco_scoring_recommendations_total[{RI}])))", "{{reason}}")],
         unit="percentunit", thresholds=[(0.2, "red")], stack=True, minv=0))
m.add(ts("Recommendations by strategy", "Recommendations produced per second, by the strategy actually used; skipped = catalogue still empty.",
         [(f"sum by (strategy) (rate(streamreco_scoring_recommendations_total[{RI}]))", "{{strategy}}"),
          (f"sum(rate(streamreco_scoring_skipped_total[{RI}]))", "skipped")], unit="reqps", stack=True))
m.add(ts("User-feature cache hit rate", "Hits / (hits + misses) of the scorer's user-feature cache, and invalidations per second.",
         [(f'sum(rate(streamreco_scoring_user_cache_requests_total{{result="hit"}}[{RI}])) / sum(rate(streamreco_scoring_user_cache_requests_total[{RI}]))', "hit rate")],
         unit="percentunit", minv=0, maxv=1))
m.add(ts("Candidates per request p50 / p99", "Candidates generated per request after dedup and bought-item filtering.",
         [(q(0.5, "streamreco_scoring_candidates", "instance"), "p50"), (q(0.99, "streamreco_scoring_candidates", "instance"), "p99"),
          (f"sum(rate(streamreco_scoring_user_cache_invalidations_total[{RI}]))", "cache invalidations/s")]))
m.add(ts("Scorer decode failures", "Messages of globally read topics (models.versions, features.item) the scorer could not decode and skipped.",
         [(f"sum by (topic) (rate(streamreco_scoring_decode_failures_total[{RI}]))", "{{topic}}")], unit="reqps"), w=24, h=6)
m.dump(sys.argv[1] + "/model-and-drift.json")
