public static class Checks
{
    [Check("returns-hello")]
    public static void ReturnsHello(CheckContext context) { }

    [Obsolete, Check(id: "twice")]
    public static void Twice(CheckContext context) { }
}
