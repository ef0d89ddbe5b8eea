namespace StreamReco.Features.Aggregates;

/// <summary>Event-time extent of one inactivity-gap session: its first and last event times.</summary>
internal readonly record struct Session(long First, long Last);
