package io.sugarbridge.events.acceptance;

import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfigFile;
import io.sugarbridge.events.server.EventsServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The collector as a process of its own, so a test can kill it with SIGKILL: {@code java -cp <test
 * classpath> ...CollectorProcess events.yaml}. Runs until killed.
 */
public final class CollectorProcess {
  private CollectorProcess() {}

  public static void main(String[] args) throws InterruptedException {
    EventsConfig c = EventsConfigFile.load(Path.of(args[0]));
    EventsServer server =
        EventsServer.start(
            c,
            CollectorFixture.client(c),
            new EventsServer.Options().retryPauses(Duration.ofMillis(50), Duration.ofMillis(500)),
            Clock.systemUTC());
    System.out.println("collecting at " + server.url());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
