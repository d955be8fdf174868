using System.Collections;

namespace SurveyPlatform.Domain.Scoring;

/// <summary>
/// A read-only list whose items are made on demand from their index: a view over column arrays, so
/// that n respondents are kept as a few arrays rather than n objects (each item is built afresh on
/// every access; build it once per use).
/// </summary>
internal sealed class IndexedList<T>(int count, Func<int, T> item) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            return item(index);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return item(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
