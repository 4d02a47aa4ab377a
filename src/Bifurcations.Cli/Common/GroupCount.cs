namespace Bifurcations.Cli.Common;

/// <summary>
/// The --groups option of the commands that cut K memories into groups: between 1 and K. More groups than memories
/// were once taken silently as K.
/// </summary>
internal static class GroupCount
{
    public static int Checked(int groups, int memories)
    {
        if (groups < 1) throw new UsageException($"--groups must be at least 1 (got {groups})");
        if (groups > memories) throw new UsageException($"--groups {groups} is more than the {memories} memories: at most one group per memory");
        return groups;
    }
}
