namespace Bifurcations.Training;

/// <summary>
/// The first epoch at which a class is learned: at least half of its training digits are classified
/// correctly (recall ≥ ½) and at least half of the digits classified as it really are of it (precision ≥ ½).
/// Precision matters at the start, when all scores are equal and argmax hands every digit to one class.
/// </summary>
public sealed record ClassLearned(int Class, int? Epoch);

/// <summary>When each class is learned in a training run.</summary>
public static class LearningOrder
{
    /// <summary>Classes present in training, ordered by the epoch they were learned (never-learned last).</summary>
    public static IReadOnlyList<ClassLearned> From(IReadOnlyList<EpochMetrics> metrics)
    {
        if (metrics.Count == 0) return [];
        var result = new List<ClassLearned>();
        for (int d = 0; d < 10; d++)
        {
            if (metrics[0].Total[d] == 0) continue;
            var hit = metrics.FirstOrDefault(m => 2 * m.Correct[d] >= m.Total[d] && 2 * m.Correct[d] >= m.Predicted[d]);
            result.Add(new ClassLearned(d, hit?.Epoch));
        }
        return result.OrderBy(c => c.Epoch ?? int.MaxValue).ThenBy(c => c.Class).ToList();
    }
}
