using Radio.Infrastructure.Instances;

namespace Radio.UnitTests.Infrastructure.Instances;

public sealed class RedisWriteStepsTests
{
    [Fact]
    public void Each_step_reads_its_own_keys_and_values_renumbered_past_the_steps_before_it()
    {
        var lua = RedisHeartbeats.WriteSteps.Compose(
        [
            ("first", "if redis.call('GET', KEYS[1]) ~= ARGV[2] then return { 0 } end", 2, 3, true),
            ("last", "for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end return #KEYS", 1, 4, false),
        ]);

        lua.Should().Contain("redis.call('GET', KEYS[1 + 0]) ~= ARGV[2 + 0]")
            .And.Contain("for i = 1, (#ARGV - 3), 2 do redis.call('HSET', KEYS[1 + 2], ARGV[i + 3], ARGV[i + 1 + 3])")
            .And.Contain("return (#KEYS - 2)")
            .And.Contain("if out[1] then return out[1] end\nout[1] = 1", "nothing after a guard runs when it answers");
    }

    [Fact]
    public void Only_the_last_step_may_count_its_values()
    {
        var compose = () => RedisHeartbeats.WriteSteps.Compose(
        [
            ("counting", "return #ARGV", 0, 2, false),
            ("last", "return 1", 0, 0, false),
        ]);

        compose.Should().Throw<InvalidOperationException>().WithMessage("*counting*last*");
    }
}
