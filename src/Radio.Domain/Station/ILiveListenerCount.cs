namespace Radio.Domain.Station;

/// <summary>How many listening sessions are live now (the listening feature's session store).</summary>
public interface ILiveListenerCount
{
    int Count { get; }
}
