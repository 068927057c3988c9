package io.sugarbridge.sync;

import io.sugarbridge.sync.write.BulkSender;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * How one run goes: {@code full} resends every row regardless of state; {@code progress} is told
 * the number of rows processed so far (for a progress bar); {@code sampleSize} is how many rows a
 * plan shows with their field changes; {@code bulkSender} replaces the client's {@code /bulk} call
 * (null for the client's own; tests use it to count or interrupt); {@code notices} is told, one
 * line each, what a person should know about the run that is not a row's outcome (a state file from
 * an earlier version claimed or left alone, records recovery could not tell apart).
 */
public record SyncOptions(
    boolean full,
    LongConsumer progress,
    int sampleSize,
    BulkSender bulkSender,
    Consumer<String> notices) {

  public SyncOptions(boolean full, LongConsumer progress, int sampleSize, BulkSender bulkSender) {
    this(full, progress, sampleSize, bulkSender, n -> {});
  }

  public static SyncOptions defaults() {
    return new SyncOptions(false, n -> {}, 10, null, n -> {});
  }

  public SyncOptions withFull(boolean v) {
    return new SyncOptions(v, progress, sampleSize, bulkSender, notices);
  }

  public SyncOptions withProgress(LongConsumer v) {
    return new SyncOptions(full, v, sampleSize, bulkSender, notices);
  }

  public SyncOptions withBulkSender(BulkSender v) {
    return new SyncOptions(full, progress, sampleSize, v, notices);
  }

  public SyncOptions withSampleSize(int v) {
    return new SyncOptions(full, progress, v, bulkSender, notices);
  }

  public SyncOptions withNotices(Consumer<String> v) {
    return new SyncOptions(full, progress, sampleSize, bulkSender, v);
  }
}
