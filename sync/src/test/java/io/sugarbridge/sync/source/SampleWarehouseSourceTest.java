package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.sandbox.demo.SampleWarehouse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's sample warehouse as the sync source reads it. */
class SampleWarehouseSourceTest {

  @TempDir Path dir;

  @Test
  void theDefaultSourceUrlReadsTheSampleWarehouseWrittenBesideTheSyncFile() {
    SampleWarehouse.create(dir.resolve("warehouse.duckdb"), 60, 5, 42);

    assertThat(DuckDbSourceTest.readAll(new SourceSpec(null, null, "contacts", null, null, 0), dir))
        .hasSize(300);
  }
}
