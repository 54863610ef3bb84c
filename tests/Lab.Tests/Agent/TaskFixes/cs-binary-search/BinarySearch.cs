namespace Search;

public static class BinarySearch
{
    /// <summary>The index of <paramref name="value"/> in <paramref name="sorted"/> (ascending), or -1.</summary>
    public static int IndexOf(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (sorted[mid] == value) return mid;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}
