namespace StreamReco.Streams.Tests;

/// <summary>Asks for a forwarder of longs to a sink of strings, which must fail when the processor is initialised.</summary>
public sealed class WrongForwarderProcessor : Processor<string, string>
{
    public override void Init(IProcessorContext context)
    {
        base.Init(context);
        context.ForwarderTo<string, long>("sink");
    }

    public override void Process(Record<string, string> record)
    {
    }
}
