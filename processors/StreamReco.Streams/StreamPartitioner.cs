namespace StreamReco.Streams;

/// <summary>Chooses the output partition (0..partitionCount-1) of a sink record; return -1 for the default murmur2 key hash.</summary>
public delegate int StreamPartitioner<TKey, TValue>(string topic, TKey key, TValue value, int partitionCount);
