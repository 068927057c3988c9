package io.sugarbridge.sync.plan;

/**
 * The write a candidate row becomes: {@code CREATE} ({@code POST /{module}}, stamped for recovery),
 * {@code UPDATE} ({@code PUT /{module}/{id}}), or {@code INTEGRATE} ({@code PATCH
 * /integrate/{module}/{field}/{value}}: Sugar creates or updates by external key, so a retry never
 * duplicates).
 */
public enum Action {
  CREATE,
  UPDATE,
  INTEGRATE
}
