using System.Reflection;

namespace Bifurcations;

/// <summary>The library's version, as recorded in run-folder manifests.</summary>
public static class ProgramInfo
{
    /// <summary>This library's version, recorded in every run folder's manifest.</summary>
    public static string Version { get; } =
        typeof(ProgramInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ProgramInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}
