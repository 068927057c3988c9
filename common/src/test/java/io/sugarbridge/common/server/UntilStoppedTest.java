package io.sugarbridge.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UntilStoppedTest {

  /** A server whose stop takes a while, counting its stops. */
  private static final class SlowServer implements AutoCloseable {
    final AtomicInteger stops = new AtomicInteger();
    final CountDownLatch stopping = new CountDownLatch(1);

    @Override
    public void close() throws InterruptedException {
      stops.incrementAndGet();
      stopping.countDown();
      Thread.sleep(200);
    }
  }

  private static Thread awaiting(UntilStopped serving, boolean[] interruptedAfter) {
    Thread t =
        new Thread(
            () -> {
              serving.await();
              interruptedAfter[0] = Thread.currentThread().isInterrupted();
            });
    t.start();
    return t;
  }

  @Test
  void stopEndsTheWaitAndStopsOnceEvenWhenAskedTwice() throws Exception {
    SlowServer server = new SlowServer();
    UntilStopped serving = UntilStopped.serve("test", server);
    boolean[] interrupted = {true};
    Thread waiting = awaiting(serving, interrupted);

    serving.stop();

    // stop() returns only once the server has stopped, whoever runs the stop.
    assertThat(serving.stopped()).isTrue();
    serving.stop();
    waiting.join(Duration.ofSeconds(10).toMillis());
    assertThat(waiting.isAlive()).isFalse();
    assertThat(interrupted[0]).isFalse();
    assertThat(server.stops.get()).isEqualTo(1);
  }

  @Test
  void anInterruptStopsTheServerOnAnUninterruptedThreadThenRestoresTheFlag() throws Exception {
    AtomicInteger stops = new AtomicInteger();
    boolean[] interruptedWhileStopping = {true};
    UntilStopped serving =
        UntilStopped.serve(
            "test",
            () -> {
              stops.incrementAndGet();
              interruptedWhileStopping[0] = Thread.currentThread().isInterrupted();
            });
    boolean[] interruptedAfter = {false};
    Thread waiting = awaiting(serving, interruptedAfter);

    waiting.interrupt();
    waiting.join(Duration.ofSeconds(10).toMillis());

    assertThat(waiting.isAlive()).isFalse();
    assertThat(stops.get()).isEqualTo(1);
    assertThat(interruptedWhileStopping[0]).isFalse();
    assertThat(interruptedAfter[0]).isTrue();
    serving.stop();
    assertThat(stops.get()).isEqualTo(1);
  }

  @Test
  void aSecondCallerWaitsUntilTheFirstOnesStopHasFinished() throws Exception {
    SlowServer server = new SlowServer();
    UntilStopped serving = UntilStopped.serve("test", server);
    Thread first = new Thread(serving::stop);
    first.start();
    assertThat(server.stopping.await(10, TimeUnit.SECONDS)).isTrue();

    // As the shutdown hook does when the waiting thread is already stopping the server.
    serving.stop();

    assertThat(serving.stopped()).isTrue();
    first.join();
    assertThat(server.stops.get()).isEqualTo(1);
  }
}
