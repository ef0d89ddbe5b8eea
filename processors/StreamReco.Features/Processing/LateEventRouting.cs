using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Features.Processing;

/// <summary>Builds the record sent to the late-events topic for a click that an aggregate refused.</summary>
internal static class LateEventRouting
{
    public static Record<string, ClickEvent> ToLateRecord(Record<string, ClickEvent> record, string aggregate, long streamTime, long graceMs)
    {
        var headers = new Headers();
        if (record.Headers is not null)
        {
            foreach (var header in record.Headers)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(LateEventHeaders.Aggregate, Encoding.UTF8.GetBytes(aggregate));
        headers.Add(LateEventHeaders.StreamTime, Encoding.UTF8.GetBytes(streamTime.ToString(CultureInfo.InvariantCulture)));
        headers.Add(LateEventHeaders.GraceMs, Encoding.UTF8.GetBytes(graceMs.ToString(CultureInfo.InvariantCulture)));
        return new Record<string, ClickEvent>(record.Value.UserId, record.Value, record.Value.EventTime, headers);
    }
}
