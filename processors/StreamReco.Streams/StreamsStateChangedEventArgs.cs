namespace StreamReco.Streams;

public sealed class StreamsStateChangedEventArgs(StreamsState oldState, StreamsState newState) : EventArgs
{
    public StreamsState OldState { get; } = oldState;

    public StreamsState NewState { get; } = newState;
}
