package io.sugarbridge.cli;

/**
 * Exit codes scripts can trust: 0 success, 1 failure, 2 usage or configuration error, 3 finished
 * with some rows failed.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int PARTIAL = 3;

  private ExitCodes() {}
}
