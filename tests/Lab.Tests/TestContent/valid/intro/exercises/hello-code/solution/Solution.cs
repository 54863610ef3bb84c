public static class Solution { public static string Hello() => "hello"; }
