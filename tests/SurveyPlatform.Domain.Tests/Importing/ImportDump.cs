using SurveyPlatform.Domain.Importing;

namespace SurveyPlatform.Domain.Tests.Importing;

public sealed class ImportDump
{
    [Fact]
    public void Dump()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var folder in new[] { "qualtrics", "surveyjs", "redcap", "limesurvey" })
        {
            foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", folder)).Where(p => !p.EndsWith(".md", StringComparison.Ordinal)).Order())
            {
                var bytes = File.ReadAllBytes(path);
                sb.AppendLine($"=== {Path.GetFileName(path)} detect={SurveyFileDetector.Detect(bytes, path).Format}");
                try
                {
                    var s = SurveyImport.Read(bytes, Path.GetFileName(path));
                    sb.AppendLine($"title={s.Title} pages={s.Pages} questions={s.Questions} options={s.Options} conditions={s.Conditions} notes={s.Result.Notes.Count} attrs={string.Join(",", s.Result.ParticipantAttributes)}");
                    foreach (var p in s.Result.Definition.Pages)
                    {
                        sb.AppendLine($"  PAGE {p.Title} if {p.Condition}");
                        foreach (var q in p.Questions) sb.AppendLine($"    {q.Code} {q.Type} req={q.Required} opts={string.Join("|", q.Options.Select(o => o.Code))} rows={string.Join("|", q.Rows.Select(o => o.Code))} if {q.Condition} :: {q.Text[..Math.Min(40, q.Text.Length)]}");
                    }
                    foreach (var n in s.Result.Notes) sb.AppendLine($"  NOTE {n}");
                    foreach (var pr in SurveyPlatform.Domain.Questionnaires.DefinitionCheck.Problems(s.Result.Definition)) sb.AppendLine($"  PROBLEM {pr}");
                }
                catch (ImportFormatException ex) { sb.AppendLine("ERR " + ex.Message); }
            }
        }
        File.WriteAllText("/tmp/importdump.txt", sb.ToString());
    }
}
