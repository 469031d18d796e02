using Radio.Infrastructure.Library.Search;

namespace Radio.UnitTests.Infrastructure.Library.Search;

public sealed class TopKTests
{
    [Fact]
    public void Only_the_best_items_are_kept_best_first()
    {
        var top = new TopK<int, Ascending>(3, default);

        foreach (var item in new[] { 9, 4, 7, 1, 8, 3, 3 })
        {
            top.Offer(item);
        }

        top.InOrder().Should().Equal(1, 3, 3);
    }

    [Fact]
    public void Fewer_items_than_the_capacity_are_all_kept_in_order()
    {
        var top = new TopK<int, Ascending>(10, default);

        top.Offer(5);
        top.Offer(2);

        top.Count.Should().Be(2);
        top.InOrder().Should().Equal(2, 5);
    }

    private readonly struct Ascending : IComparer<int>
    {
        public int Compare(int x, int y) => x.CompareTo(y);
    }
}
