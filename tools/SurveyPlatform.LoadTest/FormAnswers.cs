using System.Globalization;

namespace SurveyPlatform.LoadTest;

/// <summary>
/// Answers the questions a page shows, as its form offers them, from a seeded distribution: earlier
/// options are likelier than later ones (so answers are skewed, as real ones are), a multiple choice
/// ticks one to three options, numbers are small whole numbers, texts are short sentences. The server
/// shows only the questions on this respondent's path, so answering what is shown follows the logic.
/// </summary>
internal static class FormAnswers
{
    private static readonly string[] Words = ["ward", "rota", "patients", "handover", "notes", "time", "safety", "night", "shift", "team", "audit", "clinic"];

    public static List<KeyValuePair<string, string>> Choose(IReadOnlyList<FormControl> form, Random random)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var group in form.Where(c => c.Name is { } n && n.StartsWith("a.", StringComparison.Ordinal)).GroupBy(c => c.Name!))
        {
            var name = group.Key;
            var controls = group.ToList();
            var first = controls[0];
            switch (first.Type)
            {
                case "radio":
                    fields.Add(new(name, Skewed(controls.Select(c => c.Value).ToList(), random)));
                    break;
                case "checkbox":
                    var options = controls.Select(c => c.Value).ToList();
                    var ticked = new HashSet<string>();
                    for (var i = 1 + random.Next(Math.Min(3, options.Count)); i > 0; i--)
                    {
                        ticked.Add(Skewed(options, random));
                    }

                    fields.AddRange(options.Where(ticked.Contains).Select(o => new KeyValuePair<string, string>(name, o)));
                    break;
                case "select":
                    // A dropdown, or the places of a ranking (one select each): distinct options in a seeded order.
                    var values = first.Options.Where(v => v.Length > 0).OrderBy(_ => random.Next()).ToList();
                    fields.AddRange(controls.Select((_, i) => new KeyValuePair<string, string>(name, values[i % values.Count])));
                    break;
                case "textarea":
                    fields.Add(new(name, Sentence(random, 8 + random.Next(20))));
                    break;
                case var _ when first.Id?.EndsWith("-other", StringComparison.Ordinal) == true:
                    break; // The "other" text, only wanted beside the Other option.
                case var type:
                    fields.Add(new(name, type switch
                    {
                        "date" => new DateOnly(2026, 1, 1).AddDays(random.Next(300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        "email" => $"r{random.Next(100000)}@example.org",
                        _ when first.InputMode is "numeric" or "decimal" => random.Next(0, 41).ToString(CultureInfo.InvariantCulture),
                        _ => Sentence(random, 1 + random.Next(4)),
                    }));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Option i is chosen with weight n - i.</summary>
    private static string Skewed(List<string> options, Random random)
    {
        var n = options.Count;
        var pick = random.Next(n * (n + 1) / 2);
        for (var i = 0; i < n; i++)
        {
            pick -= n - i;
            if (pick < 0)
            {
                return options[i];
            }
        }

        return options[^1];
    }

    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
}
