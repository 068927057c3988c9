package io.sugarbridge.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.common.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateSchemaTest {
  @TempDir Path dir;

  @Test
  void aFileFromBeforeVersionsAndBeforeMetaIsAdoptedAsVersionOneWithItsRows() throws Exception {
    Path file = dir.resolve("contacts.state.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "create table sync_rows(key text primary key, fingerprint text, sugar_id text, status"
              + " text not null, values_json text, reason text, intent_op text,"
              + " intent_fingerprint text, intent_values text, intent_stamp_field text,"
              + " intent_stamp_value text, updated_at text)");
      s.execute("insert into sync_rows(key, sugar_id, status) values('1', 'id-1', 'synced')");
    }
    try (SyncState state = SyncState.open(file, Clock.systemUTC())) {
      assertThat(state.syncedIds(5)).isEqualTo(List.of("id-1"));
      assertThat(state.runs(5)).isEmpty();
      state.claim(new SugarInstance("https://acme.example.com", "etl"));
      assertThat(state.storeId()).hasSize(8);
    }
    try (Connection c = SqliteStore.openExisting(file, StateSchema.SCHEMA)) {
      assertThat(SqliteStore.version(c)).isOne();
    }
  }

  @Test
  void aFileThatIsNotAStateFileIsAConfigurationProblemNamingIt() throws Exception {
    Path file = dir.resolve("contacts.state.db");
    Files.writeString(file, "a spreadsheet, perhaps\n".repeat(100));
    for (boolean reading : new boolean[] {false, true}) {
      assertThatThrownBy(
              () ->
                  (reading
                          ? SyncState.openExisting(file, Clock.systemUTC())
                          : SyncState.open(file, Clock.systemUTC()))
                      .close())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("not a SQLite database");
    }
  }
}
