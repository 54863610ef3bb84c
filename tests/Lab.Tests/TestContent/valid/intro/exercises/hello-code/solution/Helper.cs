internal static class Helper { }
