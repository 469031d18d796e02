using Microsoft.Extensions.Options;
using Radio.Infrastructure;
using Radio.Infrastructure.Accounts;
using Radio.Infrastructure.Common;
using Radio.Infrastructure.Listening;

namespace Radio.UnitTests.Infrastructure.Listening;

public sealed class AnonymousKeySignerTests : IDisposable
{
    private const string SharedKey = "a signing key shared by every instance of this test";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"radio-signer-{Guid.NewGuid():N}");
    private readonly AnonymousKeySigner _signer;

    public AnonymousKeySignerTests() => _signer = SignerWith(SharedKey);

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private AnonymousKeySigner SignerWith(string signingKey) => new(new SigningKeys(
        Options.Create(new RadioOptions { Tokens = { SigningKey = signingKey } }), new DataDirectory(_dataDirectory)));

    [Fact]
    public void A_signed_key_reads_back_and_stays_small()
    {
        var key = Guid.NewGuid();

        var value = _signer.Sign(key);

        value.Should().MatchRegex("^[0-9a-f]{32}\\.[A-Za-z0-9_-]{22}$").And.StartWith(key.ToString("N"));
        _signer.TryVerify(value, out var read).Should().BeTrue();
        read.Should().Be(key);
    }

    [Fact]
    public void Another_instance_with_the_same_signing_key_accepts_it()
    {
        var value = _signer.Sign(Guid.NewGuid());

        SignerWith(SharedKey).TryVerify(value, out _).Should().BeTrue();
        SignerWith("another signing key, of another deployment").TryVerify(value, out _).Should().BeFalse();
    }

    [Fact]
    public void A_key_the_server_did_not_sign_is_refused()
    {
        var value = _signer.Sign(Guid.NewGuid());
        var otherKey = Guid.NewGuid().ToString("N");
        var tag = value[33..];
        var flipped = value[..^1] + (value[^1] == 'A' ? 'B' : 'A');

        _signer.TryVerify(Guid.NewGuid().ToString("N"), out _).Should().BeFalse("a bare 32-hex key is what clients could choose before");
        _signer.TryVerify(otherKey + "." + tag, out _).Should().BeFalse("the tag belongs to another key");
        _signer.TryVerify(flipped, out _).Should().BeFalse();
        _signer.TryVerify(value + "A", out _).Should().BeFalse();
        _signer.TryVerify(value.Replace('.', '-'), out _).Should().BeFalse();
        _signer.TryVerify(string.Empty, out _).Should().BeFalse();
        _signer.TryVerify(null, out _).Should().BeFalse();
    }

    [Fact]
    public void A_tag_changed_in_any_character_to_anything_is_refused_without_an_exception()
    {
        var value = _signer.Sign(Guid.NewGuid());
        var characters = Enumerable.Range(33, 94).Select(c => (char)c).ToArray();

        for (var at = 33; at < value.Length; at++)
        {
            foreach (var c in characters.Where(c => c != value[at]))
            {
                var forged = value[..at] + c + value[(at + 1)..];
                _signer.TryVerify(forged, out _).Should().BeFalse(forged);
            }
        }
    }
}
