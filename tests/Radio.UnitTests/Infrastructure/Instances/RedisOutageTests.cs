using Radio.Infrastructure.Instances;
using StackExchange.Redis;

namespace Radio.UnitTests.Infrastructure.Instances;

/// <summary>
/// API.md, Deployment: a Redis outage is a 503 that asks the client to try again; a Redis that answers with an error
/// a retry would repeat (a bug) is not one.
/// </summary>
public sealed class RedisOutageTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'. script: 1f0e, on @user_script:3.")]
    [InlineData("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.")]
    [InlineData("READONLY You can't write against a read only replica.")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("NOAUTH Authentication required.")]
    public void A_reply_that_says_Redis_cannot_do_it_now_is_an_outage(string reply)
    {
        RedisKeys.IsOutage(Reply(reply)).Should().BeTrue();
        RedisKeys.IsUnavailableReply(reply).Should().BeTrue("a heartbeat's step answers its error as text");
    }

    [Theory]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value script: 1f0e, on @user_script:4.")]
    [InlineData("ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: 1f0e, on @user_script:1.")]
    [InlineData("ERR value is not a valid float")]
    [InlineData("LOADINGS is no code")]
    [InlineData("")]
    public void A_reply_that_a_retry_would_repeat_is_no_outage(string reply)
    {
        RedisKeys.IsOutage(Reply(reply)).Should().BeFalse();
        RedisKeys.IsUnavailableReply(reply).Should().BeFalse();
    }

    [Fact]
    public void No_connection_and_a_timeout_are_outages_and_a_command_the_client_refused_or_another_failure_are_not()
    {
        RedisKeys.IsOutage(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is available", null, CommandStatus.WaitingToBeSent)).Should().BeTrue();
        RedisKeys.IsOutage(new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent)).Should().BeTrue();
        RedisKeys.IsOutage(new TimeoutException()).Should().BeTrue();
        RedisKeys.IsOutage(new RedisCommandException("Command cannot be issued to a replica")).Should().BeFalse();
        RedisKeys.IsOutage(new InvalidOperationException()).Should().BeFalse();
    }

    // as StackExchange.Redis makes one of an error reply it does not classify; the kind is not what decides
    private static RedisServerException Reply(string message) => new(RedisErrorKind.Unknown, CommandFlags.None, message);
}
