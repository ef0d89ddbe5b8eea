namespace StreamReco.Streams;

/// <summary>Picks a record's event time (ms since epoch) from its decoded key/value; <paramref name="recordTimestampMs"/> is the Kafka timestamp.</summary>
public delegate long TimestampExtractor<TKey, TValue>(TKey key, TValue value, long recordTimestampMs);
