using StreamReco.Features.Aggregates;
using StreamReco.Schemas;
using StreamReco.Streams;

namespace StreamReco.Features.Processing;

/// <summary>Store serdes of the aggregates; corrupt bytes surface as <see cref="MessageDecodeException"/> (CorruptBody).</summary>
public static class AggregateSerdes
{
    public static ISerde<UserAggregate> User(AggregateOptions options) => new UserAggregateSerde(options);

    public static ISerde<ItemAggregate> Item(AggregateOptions options) => new ItemAggregateSerde(options);

    private sealed class UserAggregateSerde(AggregateOptions options) : ISerde<UserAggregate>
    {
        public byte[] Serialize(UserAggregate value) => value.ToBytes();

        public UserAggregate Deserialize(ReadOnlySpan<byte> data)
        {
            try
            {
                return UserAggregate.FromBytes(data, options);
            }
            catch (InvalidDataException ex)
            {
                throw new MessageDecodeException(DecodeFailure.CorruptBody, ex.Message, ex);
            }
        }
    }

    private sealed class ItemAggregateSerde(AggregateOptions options) : ISerde<ItemAggregate>
    {
        public byte[] Serialize(ItemAggregate value) => value.ToBytes();

        public ItemAggregate Deserialize(ReadOnlySpan<byte> data)
        {
            try
            {
                return ItemAggregate.FromBytes(data, options);
            }
            catch (InvalidDataException ex)
            {
                throw new MessageDecodeException(DecodeFailure.CorruptBody, ex.Message, ex);
            }
        }
    }
}
