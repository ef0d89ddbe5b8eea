namespace StreamReco.Features.Aggregates;

/// <summary>
/// Sessions derived from inactivity gaps: two events belong to the same session when they are less than the gap apart
/// (a gap of exactly the session gap starts a new session). Out-of-order events extend, create or bridge sessions.
/// </summary>
/// <remarks>
/// As-of counting is exact: dropping every event after t only truncates or removes sessions (it can never split one),
/// so the sessions of the events &lt;= t are exactly the stored sessions whose first event is &lt;= t. Memory is bounded
/// by the retention: sessions are at least one gap apart, so 7 days + grace hold at most about 340 of them with a 30 min gap.
/// </remarks>
internal sealed class SessionTracker
{
    private const int MaxSerializedSessions = 100_000;

    private readonly List<Session> _sessions = [];
    private readonly long _gapMs;

    public SessionTracker(long gapMs)
    {
        _gapMs = gapMs;
    }

    public IReadOnlyList<Session> Sessions => _sessions;

    public void Add(long time)
    {
        // Index of the first session that ends at or after time - gap + 1, i.e. the first one this event may touch.
        var i = 0;
        while (i < _sessions.Count && _sessions[i].Last + _gapMs <= time)
        {
            i++;
        }

        if (i == _sessions.Count || _sessions[i].First - _gapMs >= time)
        {
            _sessions.Insert(i, new Session(time, time));
            return;
        }

        var merged = new Session(Math.Min(_sessions[i].First, time), Math.Max(_sessions[i].Last, time));
        _sessions[i] = merged;
        while (i + 1 < _sessions.Count && _sessions[i + 1].First - merged.Last < _gapMs)
        {
            merged = new Session(merged.First, Math.Max(merged.Last, _sessions[i + 1].Last));
            _sessions[i] = merged;
            _sessions.RemoveAt(i + 1);
        }
    }

    /// <summary>Sessions with at least one event in (asOf - window, asOf], counting only events &lt;= asOf (exact when window &gt;= gap).</summary>
    public int CountAsOf(long asOf, long windowMs)
    {
        var count = 0;
        foreach (var s in _sessions)
        {
            if (s.First > asOf)
            {
                break;
            }

            if (s.Last > asOf - windowMs)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Latest session whose first event is &lt;= <paramref name="asOf"/>, and the one before it.</summary>
    public bool TryLatestStartedBy(long asOf, out Session latest, out Session? before)
    {
        latest = default;
        before = null;
        for (var i = _sessions.Count - 1; i >= 0; i--)
        {
            if (_sessions[i].First <= asOf)
            {
                latest = _sessions[i];
                before = i > 0 ? _sessions[i - 1] : null;
                return true;
            }
        }

        return false;
    }

    public void ExpireBefore(long cutoff)
    {
        var remove = 0;
        while (remove < _sessions.Count && _sessions[remove].Last < cutoff)
        {
            remove++;
        }

        _sessions.RemoveRange(0, remove);
    }

    public void Write(StateWriter writer)
    {
        writer.WriteCount(_sessions.Count);
        var previousLast = 0L;
        for (var i = 0; i < _sessions.Count; i++)
        {
            var s = _sessions[i];
            if (i == 0)
            {
                writer.WriteSigned(s.First);
            }
            else
            {
                writer.WriteUnsigned((ulong)(s.First - previousLast));
            }

            writer.WriteUnsigned((ulong)(s.Last - s.First));
            previousLast = s.Last;
        }
    }

    public void Read(ref StateReader reader)
    {
        _sessions.Clear();
        var count = reader.ReadCount(MaxSerializedSessions);
        var previousLast = 0L;
        for (var i = 0; i < count; i++)
        {
            var first = i == 0 ? reader.ReadSigned() : checked(previousLast + (long)reader.ReadUnsigned());
            var last = checked(first + (long)reader.ReadUnsigned());
            if (i > 0 && first - previousLast < _gapMs)
            {
                // Stored with a smaller session gap than configured now: these two are one session under the current gap.
                _sessions[^1] = new Session(_sessions[^1].First, last);
            }
            else
            {
                _sessions.Add(new Session(first, last));
            }

            previousLast = last;
        }
    }
}
