using System.Net;
using System.Text;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Experiments.Validation;

/// <summary>The validation report as Markdown and as HTML with the figures inline.</summary>
public static class Report
{
    /// <summary>The validation report as Markdown: the checks, the notes, the figures and the stage table.</summary>
    public static string Markdown(IReadOnlyList<Check> checks, IReadOnlyList<(string Title, string Path)> figures, IReadOnlyList<StageTiming>? stages = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Bifurcations: validation report").AppendLine();
        sb.AppendLine($"{checks.Count(c => c.Pass)} of {checks.Count} checks pass.").AppendLine();
        sb.AppendLine("| check | expected | measured | tolerance | result |").AppendLine("|---|---|---|---|---|");
        foreach (var c in checks)
            sb.AppendLine($"| {Cell(c.Name)} | {Cell(c.Expected)} | {Cell(c.Measured)} | {Cell(c.Tolerance)} | {(c.Pass ? "PASS" : "**FAIL**")} |");
        var notes = checks.Where(c => c.Note.Length > 0).ToArray();
        if (notes.Length > 0)
        {
            sb.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (var c in notes) sb.AppendLine($"- {c.Name}: {c.Note}");
        }
        if (stages is { Count: > 0 })
            sb.AppendLine().AppendLine("## Where the time goes").AppendLine().Append(StageTiming.Markdown(stages));
        if (figures.Count > 0)
        {
            sb.AppendLine().AppendLine("## Figures").AppendLine();
            foreach (var (title, path) in figures) sb.AppendLine($"### {title}").AppendLine().AppendLine($"![{title}]({path})").AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>The validation report as a standalone HTML page.</summary>
    public static string Html(IReadOnlyList<Check> checks, IReadOnlyList<(string Title, string Path)> figures, IReadOnlyList<StageTiming>? stages = null)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bifurcations: validation report</title>");
        sb.AppendLine("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}.pass{color:#1a7f37;font-weight:bold}.fail{color:#c00;font-weight:bold}img{max-width:100%}</style></head><body>");
        sb.AppendLine("<h1>Bifurcations: validation report</h1>");
        sb.AppendLine($"<p>{checks.Count(c => c.Pass)} of {checks.Count} checks pass.</p>");
        sb.AppendLine("<table><tr><th>check</th><th>expected</th><th>measured</th><th>tolerance</th><th>result</th></tr>");
        foreach (var c in checks)
            sb.AppendLine($"<tr><td>{E(c.Name)}{(c.Note.Length > 0 ? $"<br><small>{E(c.Note)}</small>" : "")}</td><td>{E(c.Expected)}</td><td>{E(c.Measured)}</td><td>{E(c.Tolerance)}</td><td class=\"{(c.Pass ? "pass" : "fail")}\">{(c.Pass ? "PASS" : "FAIL")}</td></tr>");
        sb.AppendLine("</table>");
        if (stages is { Count: > 0 })
        {
            double total = stages.Sum(x => x.Seconds);
            sb.AppendLine("<h2>Where the time goes</h2><table><tr><th>stage</th><th>runs</th><th>epochs</th><th>seconds</th><th>share</th></tr>");
            foreach (var st in stages)
                sb.AppendLine(FormattableString.Invariant($"<tr><td>{E(st.Stage)}</td><td>{(st.Runs > 0 ? st.Runs : "")}</td><td>{(st.Epochs > 0 ? st.Epochs : "")}</td><td>{st.Seconds:F1}</td><td>{(total > 0 ? 100 * st.Seconds / total : 0):F1}%</td></tr>"));
            sb.AppendLine(FormattableString.Invariant($"<tr><th>total</th><th>{stages.Sum(x => x.Runs)}</th><th>{stages.Sum(x => x.Epochs)}</th><th>{total:F1}</th><th>100%</th></tr></table>"));
        }
        foreach (var (title, path) in figures) sb.AppendLine($"<h3>{E(title)}</h3><img src=\"{E(path)}\" alt=\"{E(title)}\">");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    /// <summary>Writes report.md and report.html into <paramref name="dir"/> (figure paths relative to it).</summary>
    public static IReadOnlyList<string> Write(string dir, IReadOnlyList<Check> checks, IReadOnlyList<(string Title, string Path)> figures, IReadOnlyList<StageTiming>? stages = null)
    {
        var md = Path.Combine(dir, "report.md");
        var html = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(md, Markdown(checks, figures, stages));
        AtomicFile.WriteAllText(html, Html(checks, figures, stages));
        if (stages is not { Count: > 0 }) return [md, html];
        var csv = Path.Combine(dir, "stages.csv");
        AtomicFile.WriteAllText(csv, StageTiming.Csv(stages));
        return [md, html, csv];
    }

    static string Cell(string s) => s.Replace("|", "\\|").ReplaceLineEndings(" ");
}
