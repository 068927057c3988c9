package io.sugarbridge.sync.spec;

/**
 * What to do with a value outside an enum field's options ({@code enum_check}): {@code error}
 * (default) fails the row, {@code warn} sends it anyway and notes it in the row's outcome.
 */
public enum EnumCheck {
  ERROR,
  WARN
}
