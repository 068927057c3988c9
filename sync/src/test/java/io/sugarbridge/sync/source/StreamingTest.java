package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.testsupport.Await;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
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
      Await.until(
          "the stream to let go of the first row",
          Duration.ofSeconds(10),
          () -> {
            System.gc();
            return first.get() == null;
          });
    }

    assertThat(count).isEqualTo(1_000_000);
    assertThat(lastId).isEqualTo(999_999);
  }

  @Test
  void aQueryFailingMidStreamIsAnErrorNeverASilentlyShortResult() {
    // duckdb_jdbc 1.4.1 ends a streamed result that fails mid-way like a finished one; the
    // connector must turn that into an error, or a sync would think the missing rows were deleted.
    SourceSpec spec =
        SourceSpec.ofQuery(
            "duckdb:",
            "select case when range = 900000 then error('row 900000 fails') else range end as id"
                + " from range(1000000)");
    long received = 0;
    SourceException failure = null;
    try (RowStream stream = SourceConnector.open(spec, dir)) {
      while (stream.hasNext()) {
        stream.next();
        received++;
      }
    } catch (SourceException e) {
      failure = e;
    }

    assertThat(failure).as("rows read before the end: %d", received).isNotNull();
    assertThat(failure.getMessage()).contains("row 900000 fails").contains("source.query");
    assertThat(received).isLessThan(1_000_000);
  }

  @Test
  void aStreamedResultIsNotHeldInMemoryBeforeTheFirstRow() {
    // Streaming computes rows as they are read, so rows arrive before the failing one is reached;
    // a materialised result would fail before handing out any row.
    SourceSpec spec =
        SourceSpec.ofQuery(
            "duckdb:",
            "select case when range = 900000 then error('late failure') else range end as id"
                + " from range(1000000)");
    long received = 0;
    try (RowStream stream = SourceConnector.open(spec, dir)) {
      while (stream.hasNext()) {
        stream.next();
        received++;
      }
    } catch (SourceException expected) {
      // The failure itself is covered above.
    }
    assertThat(received).isPositive();
  }
}
