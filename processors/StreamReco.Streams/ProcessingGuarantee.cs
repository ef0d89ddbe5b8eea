namespace StreamReco.Streams;

public enum ProcessingGuarantee
{
    /// <summary>Offsets committed after outputs are flushed; a crash can replay (duplicate) up to one commit interval.</summary>
    AtLeastOnce,

    /// <summary>EOS v2: one transactional producer per instance; outputs, changelogs and offsets commit atomically.</summary>
    ExactlyOnce,
}
