using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing;

/// <summary>
/// What an import produced: a draft definition, and a list of everything that could not be mapped
/// exactly, each saying what and why. Nothing is dropped silently.
/// </summary>
public sealed record ImportResult(SurveyDefinition Definition, IReadOnlyList<string> Notes)
{
    /// <summary>Participant attributes the file's logic reads (Qualtrics embedded data), as <c>participant.NAME</c>.</summary>
    public IReadOnlyList<string> ParticipantAttributes { get; init; } = [];
}

/// <summary>The file is not what it claims to be; the message says why, for the person uploading it.</summary>
public sealed class ImportFormatException(string message) : Exception(message);
