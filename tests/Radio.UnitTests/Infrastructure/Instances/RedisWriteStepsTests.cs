using Radio.Infrastructure.Instances;
using StackExchange.Redis;

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

    [Fact]
    public void A_write_lays_out_its_steps_then_their_values_and_keys_from_where_the_batch_has_come_to()
    {
        var write = new RedisHeartbeats.WriteSteps();
        write.Add(RedisHeartbeats.WriteSteps.Session, ["s1", "s2"], ["a", "b", "c"]);
        write.Add(RedisHeartbeats.WriteSteps.Totals, ["t1"], ["d"]);
        var keys = new RedisKey[1 + write.KeyCount];
        var values = new RedisValue[2 + write.ValueCount];
        var (key, value) = (1, 2);

        write.CopyTo(keys, ref key, values, ref value);

        write.KeyCount.Should().Be(3);
        write.ValueCount.Should().Be(1 + (2 * 3) + 4, "its number of steps, three numbers per step, its values");
        keys.Skip(1).Select(k => k.ToString()).Should().Equal("s1", "s2", "t1");
        values.Skip(2).Select(v => v.ToString()).Should().Equal("2", "1", "2", "3", "2", "1", "1", "a", "b", "c", "d");
        (key, value).Should().Be((keys.Length, values.Length), "the next write of the batch starts where this one ended");
    }
}
