namespace StreamReco.Schemas.Tests;

/// <summary>Random and mutated inputs may decode or fail, but only ever with <see cref="MessageDecodeException"/>.</summary>
public sealed class FuzzTests
{
    [Fact]
    public void Random_bytes_only_raise_decode_exceptions()
    {
        var random = new Random(11);
        var decoders = DecodeFailureTests.AllEncodings().ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0 && bytes.Length >= 10)
            {
                // Valid header of a known schema, random body: exercises the body readers, not just the header check.
                var (_, valid, _) = decoders[random.Next(decoders.Length)];
                valid.AsSpan(0, 10).CopyTo(bytes);
            }

            foreach (var (name, _, decode) in decoders)
            {
                AssertOnlyDecodeException(name, bytes, decode);
            }
        }
    }

    [Fact]
    public void Mutated_valid_messages_only_raise_decode_exceptions()
    {
        var random = new Random(12);
        foreach (var (name, valid, decode) in DecodeFailureTests.AllEncodings())
        {
            for (var i = 0; i < 400; i++)
            {
                var bytes = (byte[])valid.Clone();
                var mutations = random.Next(1, 4);
                for (var m = 0; m < mutations; m++)
                {
                    var at = random.Next(10, bytes.Length);
                    bytes[at] = random.Next(3) switch
                    {
                        0 => (byte)random.Next(256),
                        1 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                        _ => 0xFF,
                    };
                }

                var length = random.Next(4) == 0 ? random.Next(0, bytes.Length + 1) : bytes.Length;
                AssertOnlyDecodeException(name, bytes[..length], decode);
            }
        }
    }

    private static void AssertOnlyDecodeException(string name, byte[] bytes, Action<byte[]> decode)
    {
        try
        {
            decode(bytes);
        }
        catch (MessageDecodeException)
        {
        }
        catch (Exception ex)
        {
            Assert.Fail($"{name} threw {ex.GetType().Name} for {Convert.ToHexString(bytes)}: {ex.Message}");
        }
    }
}
