package io.sugarbridge.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "development" when run from classes). */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = SugarbridgeCommand.class.getPackage().getImplementationVersion();
    return new String[] {"sugarbridge " + (v == null ? "development" : v)};
  }
}
