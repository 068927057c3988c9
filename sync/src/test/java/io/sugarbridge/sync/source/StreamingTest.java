package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million generated rows stream through in fetch-size batches. The row handed out first must be
 * collectable while the stream is still open, which shows the stream itself keeps no rows.
 */
class StreamingTest {

  @TempDir Path dir;

  @Test
  void aMillionRowsStreamWithoutTheStreamHoldingThem() throws Exception {
    DuckDbSourceTest.duckdb(dir.resolve("w.duckdb"), "create table marker (a integer)");
    SourceSpec spec =
        SourceSpec.ofQuery(
            "duckdb:w.duckdb",
            "select range as id, 'customer-' || range as customer_id,"
                + " 'user' || range || '@example.com' as email from range(1000000)");

    long count = 0;
    long lastId = -1;
    WeakReference<SourceRow> first;
    try (RowStream stream = SourceConnector.open(spec, dir)) {
      first = new WeakReference<>(stream.next());
      count++;
      lastId = 0;
      while (stream.hasNext()) {
        SourceRow row = stream.next();
        count++;
        lastId = (Long) row.get("id");
        assertThat(row.number()).isEqualTo(count);
      }
      Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
      while (first.get() != null && Instant.now().isBefore(deadline)) {
        System.gc();
        Thread.onSpinWait();
      }
      assertThat(first.get()).as("the first row is still referenced by the stream").isNull();
    }

    assertThat(count).isEqualTo(1_000_000);
    assertThat(lastId).isEqualTo(999_999);
  }
}
