package io.sugarbridge.sync.report;

/** The one outcome every source row gets in a run (or would get, in a plan). */
public enum Outcome {
  CREATED,
  UPDATED,
  UNCHANGED,
  SKIPPED,
  FAILED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
