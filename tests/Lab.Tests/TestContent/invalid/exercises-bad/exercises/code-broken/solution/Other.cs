public static class Other { }
