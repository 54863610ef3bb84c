using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workbench.Engine.Training;

/// <summary>
/// The one matrix product the trainer needs, C (+)= A·B in float, where B and C are row-major and A is read through
/// two strides — so the same routine computes a forward pass (A = activations), a backward pass to the inputs
/// (B = a weight) and a weight gradient (A = the output gradient read transposed: <c>strideM = 1</c>,
/// <c>strideK = row length</c>).
/// </summary>
/// <remarks>
/// The kernel computes a 4 × 16 block of C at a time in eight 256-bit accumulators: per step of k it loads two vectors
/// of B's row k and broadcasts four scalars of A's column k (the register-blocking idea of Goto and van de Geijn,
/// "Anatomy of high-performance matrix multiplication", 2008, without their packing). Rows of C are split between
/// threads in fixed chunks and every element is summed in k order, so results are the same for any thread count —
/// the trainer is deterministic for a seed.
/// </remarks>
public static class Gemm
{
    private const int RowsPerBlock = 4;
    private const int Lanes = 8;
    private const int ColumnsPerBlock = 2 * Lanes;

    /// <summary>C[M×N] = (accumulate ? C : 0) + A[M×K]·B[K×N].</summary>
    /// <param name="m">Rows of C and A.</param>
    /// <param name="n">Columns of C and B; must be a multiple of 8.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="a">A's storage; element (i, p) is <c>a[aOffset + i·aStrideM + p·aStrideK]</c>.</param>
    /// <param name="aOffset">A's first element.</param>
    /// <param name="aStrideM">Distance between rows of A.</param>
    /// <param name="aStrideK">Distance between columns of A.</param>
    /// <param name="b">B's storage, row-major: element (p, j) is <c>b[bOffset + p·ldb + j]</c>.</param>
    /// <param name="bOffset">B's first element.</param>
    /// <param name="ldb">B's row length in storage.</param>
    /// <param name="c">C's storage, row-major: element (i, j) is <c>c[cOffset + i·ldc + j]</c>.</param>
    /// <param name="cOffset">C's first element.</param>
    /// <param name="ldc">C's row length in storage.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Threads to use (rows of C are split between them).</param>
    public static void Multiply(int m, int n, int k,
        float[] a, int aOffset, int aStrideM, int aStrideK,
        float[] b, int bOffset, int ldb,
        float[] c, int cOffset, int ldc,
        bool accumulate, int threads)
    {
        if (n % Lanes != 0) throw new ArgumentException($"n must be a multiple of {Lanes}, got {n}.", nameof(n));
        if (m == 0 || n == 0) return;
        int blocks = (m + RowsPerBlock - 1) / RowsPerBlock;
        int chunks = Math.Max(1, Math.Min(threads, blocks));
        if (chunks == 1 || (long)m * n * k < 32_768)
        {
            MultiplyRows(0, m, n, k, a, aOffset, aStrideM, aStrideK, b, bOffset, ldb, c, cOffset, ldc, accumulate);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, chunk =>
        {
            int first = (int)((long)blocks * chunk / chunks) * RowsPerBlock;
            int last = Math.Min(m, (int)((long)blocks * (chunk + 1) / chunks) * RowsPerBlock);
            MultiplyRows(first, last, n, k, a, aOffset, aStrideM, aStrideK, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        });
    }

    private static void MultiplyRows(int rowStart, int rowEnd, int n, int k,
        float[] a, int aOffset, int aStrideM, int aStrideK,
        float[] b, int bOffset, int ldb,
        float[] c, int cOffset, int ldc, bool accumulate)
    {
        ref float aRef = ref MemoryMarshal.GetArrayDataReference(a);
        ref float bRef = ref MemoryMarshal.GetArrayDataReference(b);
        ref float cRef = ref MemoryMarshal.GetArrayDataReference(c);
        CheckBounds(a.Length, aOffset, rowEnd, k, aStrideM, aStrideK, nameof(a));
        CheckBounds(b.Length, bOffset, k, n, ldb, 1, nameof(b));
        CheckBounds(c.Length, cOffset, rowEnd, n, ldc, 1, nameof(c));

        for (int j = 0; j < n; j += ColumnsPerBlock)
        {
            bool wide = j + ColumnsPerBlock <= n;
            int i = rowStart;
            for (; i + RowsPerBlock <= rowEnd; i += RowsPerBlock)
            {
                if (wide) Block4x16(ref aRef, aOffset + i * aStrideM, aStrideM, aStrideK, ref bRef, bOffset + j, ldb, ref cRef, cOffset + i * ldc + j, ldc, k, accumulate);
                else for (int r = 0; r < RowsPerBlock; r++) Row1x8(ref aRef, aOffset + (i + r) * aStrideM, aStrideK, ref bRef, bOffset + j, ldb, ref cRef, cOffset + (i + r) * ldc + j, k, accumulate);
            }
            for (; i < rowEnd; i++)
            {
                Row1x8(ref aRef, aOffset + i * aStrideM, aStrideK, ref bRef, bOffset + j, ldb, ref cRef, cOffset + i * ldc + j, k, accumulate);
                if (wide) Row1x8(ref aRef, aOffset + i * aStrideM, aStrideK, ref bRef, bOffset + j + Lanes, ldb, ref cRef, cOffset + i * ldc + j + Lanes, k, accumulate);
            }
        }
    }

    private static void CheckBounds(int length, int offset, int rows, int columns, int strideRow, int strideColumn, string name)
    {
        if (rows == 0 || columns == 0) return;
        long last = offset + (long)(rows - 1) * strideRow + (long)(columns - 1) * strideColumn;
        if (offset < 0 || last >= length) throw new ArgumentOutOfRangeException(name, $"The matrix reaches element {last} of an array of {length}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(ref float start, int index) => Vector256.LoadUnsafe(ref start, (nuint)index);

    private static void Block4x16(ref float a, int aIndex, int aStrideM, int aStrideK, ref float b, int bIndex, int ldb,
        ref float c, int cIndex, int ldc, int k, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        int a0 = aIndex, a1 = aIndex + aStrideM, a2 = aIndex + 2 * aStrideM, a3 = aIndex + 3 * aStrideM;
        for (int p = 0; p < k; p++)
        {
            var b0 = Load(ref b, bIndex);
            var b1 = Load(ref b, bIndex + Lanes);
            bIndex += ldb;
            var x = Vector256.Create(Unsafe.Add(ref a, a0));
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a, a1));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a, a2));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a, a3));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            a0 += aStrideK; a1 += aStrideK; a2 += aStrideK; a3 += aStrideK;
        }
        Store(ref c, cIndex, c00, accumulate); Store(ref c, cIndex + Lanes, c01, accumulate);
        Store(ref c, cIndex + ldc, c10, accumulate); Store(ref c, cIndex + ldc + Lanes, c11, accumulate);
        Store(ref c, cIndex + 2 * ldc, c20, accumulate); Store(ref c, cIndex + 2 * ldc + Lanes, c21, accumulate);
        Store(ref c, cIndex + 3 * ldc, c30, accumulate); Store(ref c, cIndex + 3 * ldc + Lanes, c31, accumulate);
    }

    private static void Row1x8(ref float a, int aIndex, int aStrideK, ref float b, int bIndex, int ldb,
        ref float c, int cIndex, int k, bool accumulate)
    {
        Vector256<float> sum = default;
        for (int p = 0; p < k; p++)
        {
            sum = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, aIndex)), Load(ref b, bIndex), sum);
            aIndex += aStrideK;
            bIndex += ldb;
        }
        Store(ref c, cIndex, sum, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float c, int index, Vector256<float> value, bool accumulate)
    {
        if (accumulate) value += Load(ref c, index);
        value.StoreUnsafe(ref c, (nuint)index);
    }
}
