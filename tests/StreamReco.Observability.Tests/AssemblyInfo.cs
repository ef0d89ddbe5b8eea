// The tests share one in-process pipeline, the process-wide Prometheus registry and Console.Error: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
