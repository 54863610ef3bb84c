namespace Workbench.Lab.Storage;

/// <summary>
/// The schema, versioned in code. Times are unix milliseconds (UTC); ids are GUID strings; user names and join
/// codes are unique through upper-cased <c>*_key</c> columns (case-insensitive on both databases); payloads and
/// results are System.Text.Json text. Students have no user name or password; they sign back in with a
/// re-entry code whose hash is <c>users.reentry_code_hash</c> (version 2). <c>grades</c> holds one row per check result of a graded submission, which
/// the dashboard's per-check pass rates are computed from.
/// </summary>
internal static class Migrations
{
    /// <summary>Every migration, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "users, classes, enrolments, submissions, grades", Initial),
        new(2, "students' re-entry codes", ReentryCodes),
    ];

    // A student signs back in with join code + display name + re-entry code: only the code's PBKDF2 hash is kept,
    // with when it was issued (the instructor's dashboard shows it; a reset issues a new one).
    private static string ReentryCodes(SqlDialect d) => $"""
        ALTER TABLE users ADD COLUMN reentry_code_hash TEXT NULL;
        ALTER TABLE users ADD COLUMN reentry_code_issued_at {d.BigIntType} NULL;
        """;

    private static string Initial(SqlDialect d) => $"""
        CREATE TABLE users (
            id TEXT NOT NULL PRIMARY KEY,
            user_name TEXT NULL,
            user_name_key TEXT NULL,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NULL,
            created_at {d.BigIntType} NOT NULL
        );
        CREATE UNIQUE INDEX ux_users_user_name_key ON users (user_name_key);

        CREATE TABLE classes (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            join_code TEXT NOT NULL,
            join_code_key TEXT NOT NULL,
            instructor_id TEXT NOT NULL REFERENCES users (id),
            requests_per_minute INTEGER NOT NULL,
            tokens_per_minute INTEGER NOT NULL,
            created_at {d.BigIntType} NOT NULL
        );
        CREATE UNIQUE INDEX ux_classes_join_code_key ON classes (join_code_key);
        CREATE INDEX ix_classes_instructor ON classes (instructor_id, created_at);

        CREATE TABLE enrolments (
            class_id TEXT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            enrolled_at {d.BigIntType} NOT NULL,
            PRIMARY KEY (class_id, user_id)
        );
        CREATE INDEX ix_enrolments_user ON enrolments (user_id, enrolled_at);

        CREATE TABLE submissions (
            id TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            lab_id TEXT NOT NULL,
            exercise_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'grading', 'graded')),
            outcome TEXT NULL,
            score INTEGER NULL,
            max_score INTEGER NULL,
            result TEXT NULL,
            is_reset {d.BooleanType} NOT NULL DEFAULT {d.FalseLiteral},
            created_at {d.BigIntType} NOT NULL,
            grading_started_at {d.BigIntType} NULL,
            graded_at {d.BigIntType} NULL,
            CONSTRAINT ux_submissions_attempt UNIQUE (user_id, lab_id, exercise_id, attempt)
        );
        CREATE INDEX ix_submissions_user ON submissions (user_id, created_at);
        CREATE INDEX ix_submissions_ungraded ON submissions (created_at) WHERE status <> 'graded';

        CREATE TABLE grades (
            submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            check_id TEXT NOT NULL,
            passed {d.BooleanType} NOT NULL,
            points INTEGER NOT NULL,
            max_points INTEGER NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (submission_id, position)
        );
        """;
}
