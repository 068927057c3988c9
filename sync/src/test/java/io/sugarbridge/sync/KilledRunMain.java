package io.sugarbridge.sync;

import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.nio.file.Path;

/** Runs one sync file in its own JVM, so a test can kill it with SIGKILL mid-run. */
public final class KilledRunMain {
  private KilledRunMain() {}

  public static void main(String[] args) {
    SyncSpec spec = SyncSpecReader.read(Path.of(args[0]));
    System.out.println(SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults()).summary());
  }
}
