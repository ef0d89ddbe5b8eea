namespace StreamReco.Streams.Internal;

internal enum NodeKind
{
    Source,
    Processor,
    Sink,
}
