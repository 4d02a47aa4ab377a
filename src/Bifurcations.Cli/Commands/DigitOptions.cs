using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Data;

namespace Bifurcations.Cli.Commands;

/// <summary>The options every command that picks training digits shares.</summary>
internal sealed class DigitOptions
{
    public Option<string> Digits { get; }
    public Option<int> PerClass { get; }
    /// <summary>One seed default for every command, so that leaving --seed out means the same everywhere.</summary>
    public const int DefaultSeed = 1;

    public static Option<int> SeedOption(string description) => new("--seed") { Description = description, DefaultValueFactory = _ => DefaultSeed };
    public static Option<bool> FirstOption(string description = "Take the first digits of each class instead of a random subset") => new("--first") { Description = description };
    public static Option<string?> MnistOption() => new("--mnist") { Description = "Folder with official MNIST IDX files (raw or .gz) to use instead of the embedded digits" };

    public Option<int> Seed { get; }
    public Option<bool> First { get; } = FirstOption();
    public Option<string?> Mnist { get; } = MnistOption();

    readonly bool _seedOnlyPicks;

    /// <param name="defaultDigits">The classes when --digits is not given.</param>
    /// <param name="defaultPerClass">Digits per class when --per-class is not given.</param>
    /// <param name="seedDescription">What --seed does on this command.</param>
    /// <param name="seedOnlyPicks">Whether --seed does nothing but pick the digits (then --seed with --first is refused).</param>
    public DigitOptions(string defaultDigits, int defaultPerClass, string seedDescription = "Seed of the random subset of each class", bool seedOnlyPicks = false)
    {
        _seedOnlyPicks = seedOnlyPicks;
        Seed = SeedOption(seedDescription);
        Digits = new("--digits") { Description = "Digit classes, e.g. 1,4 or 0-9", DefaultValueFactory = _ => defaultDigits };
        PerClass = new("--per-class") { Description = "Digits of each class", DefaultValueFactory = _ => defaultPerClass };
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Digits, PerClass, Seed, First, Mnist }) command.Options.Add(o);
    }

    /// <summary>--seed beside --first picks nothing where the seed only picks digits: refused rather than ignored.</summary>
    internal static void RefuseSeedWithFirst(ParseResult r, Option<int> seed, Option<bool> first, bool seedOnlyPicks)
    {
        if (seedOnlyPicks && r.GetValue(first) && r.GetResult(seed) is { Implicit: false })
            throw new UsageException("--seed picks a random subset; with --first the first digits are taken and the seed does nothing: give one of them");
    }

    /// <summary>The classes of --digits, exactly <paramref name="count"/> of them.</summary>
    public int[] Classes(ParseResult r, int count)
    {
        var classes = OptionValue.Of("--digits", () => DigitSelection.ParseClasses(r.GetValue(Digits)!));
        string number = count switch { 2 => "two", 3 => "three", _ => count.ToString() };
        if (classes.Length != count) throw new UsageException($"--digits must name {number} classes (got {classes.Length})");
        return classes;
    }

    public MnistSet LoadSet(ParseResult r) => r.GetValue(Mnist) is { } dir ? MnistSet.LoadFolder(dir) : MnistSet.Embedded;

    public DigitSelection Selection(ParseResult r)
    {
        RefuseSeedWithFirst(r, Seed, First, _seedOnlyPicks);
        return new(OptionValue.Of("--digits", () => DigitSelection.ParseClasses(r.GetValue(Digits)!)), r.GetValue(PerClass), r.GetValue(Seed),
            r.GetValue(First) ? SelectionMode.First : SelectionMode.Random);
    }

    /// <summary>Validates the selection before any data is read, so usage errors come first.</summary>
    public TrainingSet Select(ParseResult r)
    {
        var selection = Selection(r);
        if (selection.PerClass < 1) throw new UsageException($"--per-class must be at least 1 (got {selection.PerClass})");
        return selection.Select(LoadSet(r));
    }
}
