using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Library;

/// <summary>Vibe search: one vectorised pass over the requested tag columns, a bounded heap for the best songs.</summary>
internal sealed partial class SongSearchIndex
{
    private VibeMatch[] ClosestToVibe(IReadOnlyList<TagTarget> targets, int limit)
    {
        // a tag no song carries scores 0 everywhere: its error is the target itself, the same for every song
        var constant = 0.0;
        var columns = new List<(double[] Scores, double Target)>(targets.Count);
        foreach (var target in targets)
        {
            if (_tags.TryGetValue(target.TagId, out var column))
            {
                columns.Add((column.Scores, target.Target));
            }
            else
            {
                constant += target.Target;
            }
        }

        var best = new PriorityQueue<VibeHit, VibeHit>(limit + 1, VibeHit.WorstFirst);
        var buffer = ArrayPool<double>.Shared.Rent(VibeBlock);
        try
        {
            for (var blockStart = 0; blockStart < _slotCount; blockStart += VibeBlock)
            {
                var length = Math.Min(VibeBlock, _slotCount - blockStart);
                var errors = buffer.AsSpan(0, length);
                errors.Fill(constant);
                foreach (var (scores, target) in columns)
                {
                    AddAbsoluteDifferences(errors, scores.AsSpan(blockStart, length), target);
                }

                for (var i = 0; i < errors.Length; i++)
                {
                    var songId = _songIds[blockStart + i];
                    if (songId == DeadSlot)
                    {
                        continue;
                    }

                    var hit = new VibeHit(errors[i], songId);
                    if (best.Count < limit)
                    {
                        best.Enqueue(hit, hit);
                    }
                    else if (hit.IsBetterThan(best.Peek()))
                    {
                        best.DequeueEnqueue(hit, hit);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }

        var matches = new VibeMatch[best.Count];
        for (var i = matches.Length - 1; i >= 0; i--)
        {
            var hit = best.Dequeue();
            matches[i] = new VibeMatch(hit.SongId, hit.ErrorSum / targets.Count);
        }

        return matches;
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
}
