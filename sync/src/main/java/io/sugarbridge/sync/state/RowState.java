package io.sugarbridge.sync.state;

/**
 * What the state store remembers about one key: the fingerprint and values last confirmed in Sugar
 * (null fingerprint: send again), the Sugar id, the status of its last outcome ({@code synced},
 * {@code failed}, {@code skipped}) and why.
 */
public record RowState(
    String key,
    String fingerprint,
    String sugarId,
    String status,
    String valuesJson,
    String reason) {
  public static final String SYNCED = "synced";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";
}
