public static class Solution { }
