package dev.chatstream.it;

import java.sql.DriverManager;
import java.util.Map;

/**
 * The PostgreSQL database a run of the tests may be given: CHAT_IT_POSTGRES_URL (with
 * CHAT_IT_POSTGRES_USER and CHAT_IT_POSTGRES_PASSWORD) names an empty database to use; `.ci/run`
 * installs and starts PostgreSQL and sets them.
 */
final class Postgres {

    private Postgres() {
    }

    /**
     * The database CHAT_IT_POSTGRES_URL names, emptied, as the server's DB_* settings; empty
     * where none is named.
     */
    static Map<String, String> emptyDatabase() throws java.sql.SQLException {
        String url = System.getenv("CHAT_IT_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            return Map.of();
        }
        String user = System.getenv().getOrDefault("CHAT_IT_POSTGRES_USER", "chatstream");
        String password = System.getenv().getOrDefault("CHAT_IT_POSTGRES_PASSWORD", "");
        try (var connection = DriverManager.getConnection(url, user, password); var statement = connection.createStatement()) {
            statement.execute("drop schema public cascade");
            statement.execute("create schema public");
        }
        return Map.of("DB_URL", url, "DB_USER", user, "DB_PASSWORD", password);
    }
}
