package io.sugarbridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {
  @TempDir Path dir;

  /** Answers 200 on every path of the port it is given, prints its variable, runs until ended. */
  public static final class AnsweringMain {
    private AnsweringMain() {}

    public static void main(String[] args) throws Exception {
      HttpServer server =
          HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
      server.createContext(
          "/",
          exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
      System.out.println("up with " + System.getenv("SUPPORT_TEST_VAR"));
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }

  /** Ends at once with status 3. */
  public static final class FailingMain {
    private FailingMain() {}

    public static void main(String[] args) {
      System.out.println("cannot start: " + String.join(" ", args));
      System.exit(3);
    }
  }

  @Test
  void startsAMainOnTheTestClassPathAndWaitsUntilItAnswers() throws Exception {
    int port = FreePort.pick();
    String url = "http://127.0.0.1:" + port + "/healthz";
    assertThat(HttpProbe.status(url, Duration.ofSeconds(1))).isEqualTo(-1);
    try (JavaProcess p =
        JavaProcess.of(AnsweringMain.class.getName(), String.valueOf(port))
            .jvmOptions("-Xmx64m")
            .env("SUPPORT_TEST_VAR", "the value")
            .env(Map.of("OTHER_VAR", "x"))
            .start(dir.resolve("answering.log"))) {
      assertThat(p.awaitHttp(url, s -> s == 200, Duration.ofSeconds(60))).isSameAs(p);
      assertThat(HttpProbe.status(url, Duration.ofSeconds(5))).isEqualTo(200);
      Await.until("its line", Duration.ofSeconds(10), () -> p.output().contains("up with"));
      assertThat(p.output()).contains("up with the value");
      assertThat(p.log()).isEqualTo(dir.resolve("answering.log"));
      assertThat(p.toString()).contains("answering.log");
      assertThat(p.isAlive()).isTrue();
      assertThat(p.terminate(Duration.ofSeconds(30))).isLessThan(Duration.ofSeconds(30));
      assertThat(p.process().isAlive()).isFalse();
    }
  }

  @Test
  void aProcessThatEndsBeforeAnsweringFailsTheWaitWithItsOutput() throws Exception {
    JavaProcess p =
        JavaProcess.of(FailingMain.class.getName(), "bad", "args").start(dir.resolve("f.log"));
    try (p) {
      assertThatThrownBy(
              () ->
                  p.awaitHttp(
                      "http://127.0.0.1:" + FreePort.pick(), s -> s > 0, Duration.ofSeconds(60)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("exit 3")
          .hasMessageContaining("cannot start: bad args");
    }
    Files.delete(p.log());
    assertThat(p.output()).isEqualTo("(no log)");
  }

  /** Ignores SIGTERM: its shutdown hook never ends. */
  public static final class StubbornMain {
    private StubbornMain() {}

    public static void main(String[] args) throws Exception {
      CountDownLatch never = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      never.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      System.out.println("stubborn");
      System.out.flush();
      never.await();
    }
  }

  @Test
  void aProcessThatDoesNotEndOnSigtermIsKilledAfterTheWait() throws Exception {
    try (JavaProcess p =
        JavaProcess.of(StubbornMain.class.getName()).start(dir.resolve("stubborn.log"))) {
      Await.until("it runs", Duration.ofSeconds(30), () -> p.output().contains("stubborn"));
      assertThat(p.terminate(Duration.ofMillis(500)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(500));
      assertThat(p.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void killEndsItAtOnce() throws Exception {
    int port = FreePort.pick();
    JavaProcess p =
        JavaProcess.of(AnsweringMain.class.getName(), String.valueOf(port))
            .start(dir.resolve("killed.log"));
    p.kill();
    assertThat(p.isAlive()).isFalse();
    assertThat(p.process().exitValue()).isNotZero();
    p.close();
  }
}
