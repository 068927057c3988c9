package io.sugarbridge.common.error;

/**
 * One invalid setting: which setting (as written in the connection file, e.g. {@code
 * sugar.instance_url}), what is wrong with it and what to write instead, and where it was read from
 * ({@code file:line}) when it came from a file.
 */
public record ConfigProblem(String setting, String message, String location) {

  public ConfigProblem withLocation(String newLocation) {
    return new ConfigProblem(setting, message, newLocation);
  }

  @Override
  public String toString() {
    return (location == null ? "" : location + ": ") + setting + ": " + message;
  }
}
