// Broker tests read process-wide Prometheus counters and share two cores: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
