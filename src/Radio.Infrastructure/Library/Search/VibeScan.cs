using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Library.Search;

/// <summary>Vibe search: one vectorised pass over the requested tag columns, a bounded heap for the best songs.</summary>
internal static class VibeScan
{
    private const int Block = 4096;

    /// <summary>The <paramref name="limit"/> live songs closest to the targets, by mean absolute error, then id.</summary>
    public static VibeMatch[] Closest(TagColumns tags, ReadOnlySpan<int> songIds, IReadOnlyList<TagTarget> targets, int limit)
    {
        // a tag no song carries scores 0 everywhere: its error is the target itself, the same for every song
        var constant = 0.0;
        var columns = new List<(double[] Scores, double Target)>(targets.Count);
        foreach (var target in targets)
        {
            if (tags.TryGet(target.TagId, out var column))
            {
                columns.Add((column.Scores, target.Target));
            }
            else
            {
                constant += target.Target;
            }
        }

        var best = new TopK<VibeHit, ByError>(limit, default);
        var buffer = ArrayPool<double>.Shared.Rent(Block);
        try
        {
            for (var blockStart = 0; blockStart < songIds.Length; blockStart += Block)
            {
                var length = Math.Min(Block, songIds.Length - blockStart);
                var errors = buffer.AsSpan(0, length);
                errors.Fill(constant);
                foreach (var (scores, target) in columns)
                {
                    AddAbsoluteDifferences(errors, scores.AsSpan(blockStart, length), target);
                }

                var blockIds = songIds.Slice(blockStart, length);
                for (var i = 0; i < errors.Length; i++)
                {
                    if (blockIds[i] != SongSlots.Dead)
                    {
                        best.Offer(new VibeHit(errors[i], blockIds[i]));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }

        return [.. best.InOrder().Select(hit => new VibeMatch(hit.SongId, hit.ErrorSum / targets.Count))];
    }

    /// <summary><c>errors[i] += |scores[i] - target|</c>, a vector at a time.</summary>
    internal static void AddAbsoluteDifferences(Span<double> errors, ReadOnlySpan<double> scores, double target)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var targetVector = new Vector<double>(target);
            var errorVectors = MemoryMarshal.Cast<double, Vector<double>>(errors);
            var scoreVectors = MemoryMarshal.Cast<double, Vector<double>>(scores);
            for (var v = 0; v < errorVectors.Length; v++)
            {
                errorVectors[v] += Vector.Abs(scoreVectors[v] - targetVector);
            }

            i = errorVectors.Length * Vector<double>.Count;
        }

        for (; i < errors.Length; i++)
        {
            errors[i] += Math.Abs(scores[i] - target);
        }
    }

    private readonly record struct VibeHit(double ErrorSum, int SongId);

    /// <summary>Smallest error sum first, then song id.</summary>
    private readonly struct ByError : IComparer<VibeHit>
    {
        public int Compare(VibeHit x, VibeHit y)
        {
            var byError = x.ErrorSum.CompareTo(y.ErrorSum);
            return byError != 0 ? byError : x.SongId.CompareTo(y.SongId);
        }
    }
}
