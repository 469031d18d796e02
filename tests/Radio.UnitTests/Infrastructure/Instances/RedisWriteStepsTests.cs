using Radio.Infrastructure.Instances;

namespace Radio.UnitTests.Infrastructure.Instances;

public sealed class RedisWriteStepsTests
{
    [Fact]
    public void Each_step_reads_its_own_keys_and_values_from_where_the_batch_says_they_start()
    {
        var lua = HeartbeatWrites.Compose(
        [
            ("first", "if redis.call('GET', KEYS[1]) ~= ARGV[2] then return { 0 } end", true),
            ("last", "for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end", false),
        ]);

        lua.Should().Contain("steps[1] = function(kb, ab, na)\nif redis.call('GET', KEYS[kb + (1)]) ~= ARGV[ab + (2)]")
            .And.Contain("for i = 1, na, 2 do redis.call('HSET', KEYS[kb + (1)], ARGV[ab + (i)], ARGV[ab + (i + 1)])")
            .And.Contain("guards[1] = true").And.Contain("guards[2] = false")
            .And.Contain("if r then return r end", "nothing after a guard runs when it answers");
    }

    [Fact]
    public void A_step_may_not_count_its_keys()
    {
        var compose = () => HeartbeatWrites.Compose([("counting", "return #KEYS", false)]);

        compose.Should().Throw<InvalidOperationException>().WithMessage("*counting*");
    }
}
