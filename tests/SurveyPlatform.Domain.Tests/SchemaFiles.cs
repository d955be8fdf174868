using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NJsonSchema;
using NJsonSchema.Validation;

namespace SurveyPlatform.Domain.Tests;

/// <summary>
/// The JSON schemas of docs/ (copied beside the tests by name, such as "survey.schema.json"), read and
/// checked the same way for each format: documents validated with every nested error listed, and the
/// schema's properties compared with what System.Text.Json writes.
/// </summary>
internal static class SchemaFiles
{
    /// <summary>
    /// The schema as NJsonSchema reads it. NJsonSchema knows drafts 4 to 7, where the container of
    /// named subschemas is "definitions", and does not resolve references into the 2020-12 "$defs";
    /// the same container is therefore read under its draft-07 name (a draft-07 schema has no "$defs"
    /// to rename). Every other keyword the schemas use means the same in both drafts.
    /// </summary>
    public static Task<JsonSchema> ReadAsync(string name)
    {
        var path = PathOf(name);
        return JsonSchema.FromJsonAsync(File.ReadAllText(path).Replace("$defs", "definitions", StringComparison.Ordinal), path);
    }

    public static async Task AssertValidAsync(string name, string json)
    {
        var errors = await ErrorsAsync(name, json);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Kind} at {e.Path}")));
    }

    /// <summary>Every validation error, with the errors inside array items, $refs and oneOf flattened out.</summary>
    public static async Task<List<ValidationError>> ErrorsAsync(string name, string json)
    {
        var schema = await ReadAsync(name);
        var all = new List<ValidationError>();
        void Add(IEnumerable<ValidationError> errors)
        {
            foreach (var error in errors)
            {
                all.Add(error);
                if (error is ChildSchemaValidationError child)
                {
                    foreach (var nested in child.Errors.Values)
                    {
                        Add(nested);
                    }
                }
            }
        }

        Add(schema.Validate(json));
        return all;
    }

    /// <summary>The schema's root (<paramref name="definition"/> null) or its named subschema, under "$defs" or "definitions".</summary>
    public static JsonElement Node(string name, string? definition)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(PathOf(name)));
        var root = schema.RootElement;
        var node = definition is null
            ? root
            : (root.TryGetProperty("$defs", out var defs) ? defs : root.GetProperty("definitions")).GetProperty(definition);
        return node.Clone();
    }

    /// <summary>
    /// Asserts that the schema's object for <paramref name="type"/> allows no other properties and names
    /// exactly those the serializer writes, in its order; returns the object and those properties, for
    /// the caller's own rule about which are required.
    /// </summary>
    public static (JsonElement Node, List<JsonPropertyInfo> Written) AssertPropertiesMatchTheSerializer(string name, Type type, string? definition)
    {
        var node = Node(name, definition);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        // [JsonIgnore] properties are listed too, without a getter.
        var written = options.GetTypeInfo(type).Properties.Where(p => p.Get is not null).ToList();

        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(written.Select(p => p.Name), node.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        return (node, written);
    }

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, name);
}
