namespace StreamReco.Reliability.Tests;

/// <summary>Faults injected into the three-broker embedded cluster while the feature topology runs (see <see cref="FeaturePipelineHarness"/>).</summary>
public enum BrokerFault
{
    /// <summary>The broker leading every output, changelog and repartition partition goes down, then up.</summary>
    OutputLeaderDownUp,

    /// <summary>The broker coordinating the group and the transactions goes down, then up.</summary>
    CoordinatorDownUp,

    /// <summary>Produce requests fail (retriable errors) while the application has output queued.</summary>
    ProduceErrors,

    FetchErrors,

    OffsetCommitErrors,

    EndTxnErrors,

    TxnOffsetCommitErrors,

    AddPartitionsToTxnErrors,

    /// <summary>Group coordinator moves to broker 1 and transaction coordinator to broker 2 mid-stream.</summary>
    CoordinatorMoves,
}
