using Radio.Infrastructure.Instances;

namespace Radio.UnitTests.Infrastructure.Instances;

public sealed class RedisWriteStepsTests
{
    [Fact]
    public void Each_step_reads_its_own_keys_and_values_renumbered_past_the_steps_before_it()
    {
        var lua = RedisHeartbeats.WriteSteps.Compose(
        [
            ("first", "return redis.call('GET', KEYS[1]) == ARGV[2] and 1 or 0", 2, 3),
            ("last", "for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end return #KEYS", 1, 4),
        ]);

        lua.Should().Contain("redis.call('GET', KEYS[1 + 0]) == ARGV[2 + 0]")
            .And.Contain("for i = 1, (#ARGV - 3), 2 do redis.call('HSET', KEYS[1 + 2], ARGV[i + 3], ARGV[i + 1 + 3])")
            .And.Contain("return (#KEYS - 2)")
            .And.Contain("if out[1] == 0 then return { 0 } end", "nothing is written when the first step refuses");
    }

    [Fact]
    public void Only_the_last_step_may_count_its_values()
    {
        var compose = () => RedisHeartbeats.WriteSteps.Compose(
        [
            ("counting", "return #ARGV", 0, 2),
            ("last", "return 1", 0, 0),
        ]);

        compose.Should().Throw<InvalidOperationException>().WithMessage("*counting*last*");
    }
}
