using YamlDotNet.RepresentationModel;

namespace SurveyPlatform.Web.Tests.Deploy;

/// <summary>
/// A read-only view of a parsed YAML node for assertions: a missing key or a node of the wrong shape
/// fails with the path that was asked for. Merge keys (<c>&lt;&lt;: *anchor</c>) are applied, as Docker
/// Compose applies them.
/// </summary>
public sealed class Yaml
{
    private readonly YamlNode _node;
    private readonly string _path;

    private Yaml(YamlNode node, string path)
    {
        _node = node;
        _path = path;
    }

    public static Yaml Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        Assert.True(stream.Documents.Count == 1, $"{file} holds {stream.Documents.Count} YAML documents, not one.");
        return new Yaml(stream.Documents[0].RootNode, Path.GetFileName(file));
    }

    public Yaml Map(string key) => new(Entries().TryGetValue(key, out var value) ? value : throw Missing(key), $"{_path}.{key}");

    public bool Has(string key) => Entries().ContainsKey(key);

    public string Scalar(string key) =>
        Map(key)._node is YamlScalarNode { Value: { } value } ? value : throw new Xunit.Sdk.XunitException($"{_path}.{key} is not a scalar.");

    public IReadOnlyList<Yaml> Items(string key) =>
        Map(key)._node is YamlSequenceNode sequence
            ? [.. sequence.Children.Select((n, i) => new Yaml(n, $"{_path}.{key}[{i}]"))]
            : throw new Xunit.Sdk.XunitException($"{_path}.{key} is not a list.");

    public IReadOnlyList<string> List(string key) =>
        [.. Items(key).Select(i => i._node is YamlScalarNode { Value: { } value } ? value : throw new Xunit.Sdk.XunitException($"{i._path} is not a scalar."))];

    public IReadOnlyList<string> Keys() => [.. Entries().Keys];

    public IReadOnlyList<KeyValuePair<string, string>> Pairs() =>
        [.. Entries().Select(e => new KeyValuePair<string, string>(e.Key, e.Value is YamlScalarNode { Value: { } v } ? v : "")).OrderBy(p => p.Key, StringComparer.Ordinal)];

    private Dictionary<string, YamlNode> Entries()
    {
        if (_node is not YamlMappingNode mapping)
        {
            throw new Xunit.Sdk.XunitException($"{_path} is not a mapping.");
        }

        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "<<")
            {
                foreach (var (inherited, inheritedValue) in new Yaml(value, _path).Entries())
                {
                    entries.TryAdd(inherited, inheritedValue);
                }
            }
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name != "<<")
            {
                entries[name] = value;
            }
        }

        return entries;
    }

    private Xunit.Sdk.XunitException Missing(string key) =>
        new($"{_path} has no key '{key}' (it has: {string.Join(", ", Entries().Keys)}).");
}
