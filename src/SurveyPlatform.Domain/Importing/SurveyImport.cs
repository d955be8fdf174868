namespace SurveyPlatform.Domain.Importing;

/// <summary>A file read into a draft: its format, title, description and the importer's result.</summary>
public sealed record ImportedSurvey(SurveyFileFormat Format, string Title, string Description, ImportResult Result)
{
    public int Pages => Result.Definition.Pages.Count;

    public int Questions => Result.Definition.Questions.Count;

    /// <summary>Choices, ranking items, matrix columns and matrix rows.</summary>
    public int Options => Result.Definition.Questions.Sum(q => q.Options.Count + q.Rows.Count);

    /// <summary>Show-if conditions on pages and questions.</summary>
    public int Conditions => Result.Definition.Pages.Count(p => p.Condition is not null) + Result.Definition.Questions.Count(q => q.Condition is not null);
}

/// <summary>Reads any supported questionnaire file: the format is found from the content (<see cref="SurveyFileDetector"/>).</summary>
public static class SurveyImport
{
    public static ImportedSurvey Read(byte[] file, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(file);
        var detected = SurveyFileDetector.Detect(file, fileName);
        var name = Path.GetFileNameWithoutExtension(fileName ?? string.Empty);
        ImportedSurvey imported;
        string? title;
        switch (detected.Format)
        {
            case SurveyFileFormat.SurveyPlatform:
                var document = SurveyDocument.FromJson(file);
                return new ImportedSurvey(detected.Format, document.Title, document.Description, new ImportResult(document.Definition, []));
            case SurveyFileFormat.SurveyJs:
                var js = SurveyJsImporter.Import(file, out title);
                imported = new ImportedSurvey(detected.Format, title ?? name, "Imported from a SurveyJS survey.", js);
                break;
            case SurveyFileFormat.Qualtrics:
                var qsf = QualtricsImporter.Import(file, out title);
                imported = new ImportedSurvey(detected.Format, title ?? name, "Imported from a Qualtrics survey (.qsf).", qsf);
                break;
            case SurveyFileFormat.LimeSurvey:
                var lss = LimeSurveyImporter.Import(file, out var limeTitle);
                imported = new ImportedSurvey(detected.Format, limeTitle, "Imported from a LimeSurvey survey structure.", lss);
                break;
            case SurveyFileFormat.RedcapDictionary:
                imported = new ImportedSurvey(detected.Format, name, "Imported from a REDCap data dictionary.", RedcapDictionaryImporter.Import(file));
                break;
            default:
                throw new ImportFormatException(detected.Problem ?? $"Import {SurveyFileDetector.Supported}.");
        }

        if (imported.Questions == 0)
        {
            throw new ImportFormatException($"This {detected.Name} has no questions we can import, so no draft was made{(imported.Result.Notes.Count > 0 ? $" ({imported.Result.Notes[0]})" : string.Empty)}.");
        }

        return imported with { Title = string.IsNullOrWhiteSpace(imported.Title) ? "Imported survey" : imported.Title.Trim() };
    }
}
