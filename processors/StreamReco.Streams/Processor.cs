namespace StreamReco.Streams;

/// <summary>Convenience base: keeps the context in <see cref="Context"/> and makes <see cref="Close"/> optional.</summary>
public abstract class Processor<TKey, TValue> : IProcessor<TKey, TValue>
{
    private IProcessorContext? _context;

    protected IProcessorContext Context => _context ?? throw new InvalidOperationException("Processor used before Init.");

    public virtual void Init(IProcessorContext context) => _context = context;

    public abstract void Process(Record<TKey, TValue> record);

    public virtual void Close()
    {
    }
}
