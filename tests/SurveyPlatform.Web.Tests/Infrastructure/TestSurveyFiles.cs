namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>Survey files shared by several test classes, uploaded with <see cref="SurveyPages.PublishFileAsync"/>.</summary>
public static class TestSurveyFiles
{
    /// <summary>Three pages; page 2 only when "pet" is answered; page 3 has "bluewhy" only when colour = blue.</summary>
    public const string PetsAndColours = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Pets and colours",
          "description": "A survey over three pages.",
          "definition": {
            "pages": [
              { "title": "About you", "questions": [
                { "code": "colour", "text": "Favourite colour?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "red", "label": "Red" }, { "code": "blue", "label": "Blue" } ] },
                { "code": "pet", "text": "Your pet's name, if you have one", "type": "ShortText" } ] },
              { "title": "Your pet", "condition": "pet is answered", "questions": [
                { "code": "petkind", "text": "What kind of animal is {pet}?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "dog", "label": "Dog" }, { "code": "cat", "label": "Cat" } ] },
                { "code": "petage", "text": "How old is {pet}?", "type": "Number", "min": 0, "max": 40 } ] },
              { "title": "Last words", "questions": [
                { "code": "mood", "text": "How is your mood?", "type": "Rating", "required": true },
                { "code": "bluewhy", "text": "Why {colour}?", "type": "ShortText", "condition": "colour = blue" },
                { "code": "note", "text": "Anything else?", "type": "LongText" } ] }
            ]
          }
        }
        """;
}
