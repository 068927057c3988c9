package io.sugarbridge.sync;

import io.sugarbridge.sync.write.BulkSender;
import java.util.function.LongConsumer;

/**
 * How one run goes: {@code full} resends every row regardless of state; {@code progress} is told
 * the number of rows processed so far (for a progress bar); {@code sampleSize} is how many rows a
 * plan shows with their field changes; {@code bulkSender} replaces the client's {@code /bulk} call
 * (null for the client's own; tests use it to count or interrupt).
 */
public record SyncOptions(
    boolean full, LongConsumer progress, int sampleSize, BulkSender bulkSender) {

  public static SyncOptions defaults() {
    return new SyncOptions(false, n -> {}, 10, null);
  }

  public SyncOptions withFull(boolean v) {
    return new SyncOptions(v, progress, sampleSize, bulkSender);
  }

  public SyncOptions withProgress(LongConsumer v) {
    return new SyncOptions(full, v, sampleSize, bulkSender);
  }

  public SyncOptions withBulkSender(BulkSender v) {
    return new SyncOptions(full, progress, sampleSize, v);
  }

  public SyncOptions withSampleSize(int v) {
    return new SyncOptions(full, progress, v, bulkSender);
  }
}
