package io.sugarbridge.cli.events;

import io.sugarbridge.events.config.EventsConfigFile;
import io.sugarbridge.events.delivery.DeliveryListener;
import io.sugarbridge.events.delivery.DeliveryOutcome;
import io.sugarbridge.events.model.EventMessage;
import io.sugarbridge.events.server.EventsServer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code events serve} exactly as the command runs it, plus one listener that, the first time it
 * sees a {@code track("Crash Test")}, allocates until the heap (-Xmx256m) is exhausted: a real
 * {@link OutOfMemoryError} in a delivery thread, as issue 10's amplification caused. Args: the
 * events file, and a marker file that makes the crash happen once.
 */
public final class CrashingCollectorMain {
  private CrashingCollectorMain() {}

  public static void main(String[] args) throws Exception {
    Path marker = Path.of(args[1]);
    DeliveryListener hog =
        new DeliveryListener() {
          @Override
          public void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {
            if ("Crash Test".equals(event.event()) && !Files.exists(marker)) {
              try {
                Files.writeString(marker, "crashed");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              List<long[]> heap = new ArrayList<>();
              while (heap.size() < Integer.MAX_VALUE) {
                heap.add(new long[1 << 20]);
              }
            }
          }
        };
    int code =
        EventsServeCommand.serve(
            EventsConfigFile.load(Path.of(args[0])),
            new EventsServer.Options().listener(hog),
            new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    System.exit(code);
  }
}
