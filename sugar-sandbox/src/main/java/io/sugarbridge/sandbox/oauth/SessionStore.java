package io.sugarbridge.sandbox.oauth;

import io.sugarbridge.sandbox.store.SandboxDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HexFormat;
import java.util.Optional;

/**
 * OAuth2 sessions in the sandbox database, so they survive a restart with {@code --data}. A session
 * is one refresh token (Sugar's {@code oauth_tokens} row tagged with a platform); access tokens
 * point at their session and die with it, which is how a refresh, a logout or a newer login on the
 * same platform revokes them. Tokens are stored only as SHA-256 hashes, so the database file holds
 * nothing a caller could replay. Every use of the shared connection holds the database's monitor.
 */
public final class SessionStore {
  private static final long HOUSEKEEPING_GRACE_MS = 24L * 3600 * 1000;

  private final SandboxDatabase db;

  /** A refresh-token session. */
  public record Session(
      long id, String userId, String platform, String clientId, long refreshExpiresAtMillis) {}

  /** An access token; {@code sessionId} is null for tokens with no refresh token (sudo). */
  public record Access(Long sessionId, String userId, String platform, long expiresAtMillis) {}

  public SessionStore(SandboxDatabase db) {
    this.db = db;
    synchronized (db) {
      try (Statement s = db.connection().createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS sandbox_oauth_sessions ("
                + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " refresh_hash TEXT NOT NULL UNIQUE,"
                + " user_id TEXT NOT NULL,"
                + " platform TEXT NOT NULL,"
                + " client_id TEXT NOT NULL,"
                + " refresh_expires_at INTEGER NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS sandbox_oauth_access_tokens ("
                + " access_hash TEXT PRIMARY KEY,"
                + " session_id INTEGER,"
                + " user_id TEXT NOT NULL,"
                + " platform TEXT NOT NULL,"
                + " expires_at INTEGER NOT NULL)");
        s.execute(
            "CREATE INDEX IF NOT EXISTS sandbox_oauth_access_by_session"
                + " ON sandbox_oauth_access_tokens(session_id)");
        s.execute(
            "CREATE INDEX IF NOT EXISTS sandbox_oauth_sessions_by_user"
                + " ON sandbox_oauth_sessions(user_id, platform)");
      } catch (SQLException e) {
        throw new IllegalStateException(
            "Cannot create the OAuth2 session tables in the sandbox database: " + e.getMessage(),
            e);
      }
    }
  }

  /** SHA-256 of a token, as stored. */
  static String hash(String token) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Opens a session with its first access token and closes the user's older sessions on the same
   * platform beyond {@code keepSessions} (Sugar's {@code cleanupOldUserTokens}).
   */
  public void openSession(
      String userId,
      String platform,
      String clientId,
      String refreshToken,
      long refreshExpiresAt,
      String accessToken,
      long accessExpiresAt,
      int keepSessions) {
    inTransaction(
        c -> {
          long id;
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO sandbox_oauth_sessions"
                      + " (refresh_hash, user_id, platform, client_id, refresh_expires_at)"
                      + " VALUES (?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, hash(refreshToken));
            p.setString(2, userId);
            p.setString(3, platform);
            p.setString(4, clientId);
            p.setLong(5, refreshExpiresAt);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          }
          insertAccess(c, accessToken, id, userId, platform, accessExpiresAt);
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT id FROM sandbox_oauth_sessions WHERE user_id = ? AND platform = ?"
                      + " ORDER BY id DESC LIMIT -1 OFFSET ?")) {
            p.setString(1, userId);
            p.setString(2, platform);
            p.setInt(3, keepSessions);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                deleteSession(c, rs.getLong(1));
              }
            }
          }
          return null;
        });
  }

  /** Adds an access token that has no refresh token (sudo, client_credentials). */
  public void addStandaloneAccess(
      String accessToken, String userId, String platform, long expiresAt) {
    inTransaction(
        c -> {
          insertAccess(c, accessToken, null, userId, platform, expiresAt);
          return null;
        });
  }

  public Optional<Session> findSession(String refreshToken) {
    return read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT id, user_id, platform, client_id, refresh_expires_at"
                      + " FROM sandbox_oauth_sessions WHERE refresh_hash = ?")) {
            p.setString(1, hash(refreshToken));
            try (ResultSet rs = p.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Session(
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getLong(5)));
            }
          }
        });
  }

  public Optional<Access> findAccess(String accessToken) {
    return read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT session_id, user_id, platform, expires_at"
                      + " FROM sandbox_oauth_access_tokens WHERE access_hash = ?")) {
            p.setString(1, hash(accessToken));
            try (ResultSet rs = p.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              long sid = rs.getLong(1);
              Long sessionId = rs.wasNull() ? null : sid;
              return Optional.of(
                  new Access(sessionId, rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
          }
        });
  }

  /**
   * Ends a session: its refresh token and every access token issued under it.
   *
   * @return whether the session still existed, so of several concurrent callers exactly one sees
   *     true (a refresh uses this to spend its single-use refresh token)
   */
  public boolean closeSession(long sessionId) {
    return inTransaction(c -> deleteSession(c, sessionId));
  }

  /** Revokes one access token. */
  public void revokeAccess(String accessToken) {
    inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM sandbox_oauth_access_tokens WHERE access_hash = ?")) {
            p.setString(1, hash(accessToken));
            p.executeUpdate();
          }
          return null;
        });
  }

  /** Makes every unexpired access token expire at {@code expiredAt}. */
  public int expireAllAccess(long expiredAt) {
    return inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE sandbox_oauth_access_tokens SET expires_at = ? WHERE expires_at > ?")) {
            p.setLong(1, expiredAt);
            p.setLong(2, expiredAt);
            return p.executeUpdate();
          }
        });
  }

  /**
   * Forgets tokens that expired a day ago or more: recent ones are kept so that their use still
   * gets the "has expired" answer rather than "invalid".
   */
  public void housekeeping(long now) {
    inTransaction(
        c -> {
          long cutoff = now - HOUSEKEEPING_GRACE_MS;
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM sandbox_oauth_access_tokens WHERE expires_at < ?")) {
            p.setLong(1, cutoff);
            p.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT id FROM sandbox_oauth_sessions WHERE refresh_expires_at < ?")) {
            p.setLong(1, cutoff);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                deleteSession(c, rs.getLong(1));
              }
            }
          }
          return null;
        });
  }

  private static void insertAccess(
      Connection c, String token, Long sessionId, String userId, String platform, long expiresAt)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO sandbox_oauth_access_tokens"
                + " (access_hash, session_id, user_id, platform, expires_at) VALUES (?, ?, ?, ?, ?)")) {
      p.setString(1, hash(token));
      if (sessionId == null) {
        p.setNull(2, Types.INTEGER);
      } else {
        p.setLong(2, sessionId);
      }
      p.setString(3, userId);
      p.setString(4, platform);
      p.setLong(5, expiresAt);
      p.executeUpdate();
    }
  }

  private static boolean deleteSession(Connection c, long id) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("DELETE FROM sandbox_oauth_access_tokens WHERE session_id = ?")) {
      p.setLong(1, id);
      p.executeUpdate();
    }
    try (PreparedStatement p =
        c.prepareStatement("DELETE FROM sandbox_oauth_sessions WHERE id = ?")) {
      p.setLong(1, id);
      return p.executeUpdate() > 0;
    }
  }

  private <T> T inTransaction(SandboxDatabase.Work<T> work) {
    try {
      return db.inTransaction(work);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** A lookup: one SELECT, so no transaction (this runs on every authenticated request). */
  private <T> T read(SandboxDatabase.Work<T> work) {
    try {
      return db.withConnection(work);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static IllegalStateException failure(SQLException e) {
    return new IllegalStateException(
        "OAuth2 session store failed (sandbox database): " + e.getMessage(), e);
  }
}
