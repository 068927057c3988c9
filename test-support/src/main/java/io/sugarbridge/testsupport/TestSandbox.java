package io.sugarbridge.testsupport;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.sandbox.Faults;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Sugar sandbox on a free loopback port, and clients and connection files for it, configured as
 * tests want them (no request pacing). Registered with {@code @RegisterExtension} on a static field
 * it runs for the whole test class; on an instance field, one per test. A test may also {@link
 * #start()} one by hand (e.g. on a data folder it made first) and close it.
 *
 * <pre>{@code
 * @RegisterExtension static final TestSandbox sugar = TestSandbox.create();
 * ...
 * sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
 * sugar.admin().records().create("Leads", Map.of("last_name", "Ames"));
 * }</pre>
 */
public final class TestSandbox
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AutoCloseable {
  private final Consumer<SandboxConfig.Builder> config;
  private Clock clock = Clock.systemUTC();
  private SugarSandbox sandbox;
  private SugarClient admin;
  private boolean perTest;

  private TestSandbox(Consumer<SandboxConfig.Builder> config) {
    this.config = config;
  }

  /** A sandbox with the default configuration (a generated admin password, kept in memory). */
  public static TestSandbox create() {
    return configured(b -> {});
  }

  /** A sandbox whose configuration {@code config} sets (on a free port unless it sets one). */
  public static TestSandbox configured(Consumer<SandboxConfig.Builder> config) {
    return new TestSandbox(config);
  }

  /** The sandbox's clock (token expiry, dates, the rate cap); set it before the start. */
  public TestSandbox clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Starts the sandbox and returns once it accepts connections. */
  public TestSandbox start() {
    if (sandbox != null) {
      throw new IllegalStateException("the sandbox is already running at " + sandbox.url());
    }
    SandboxConfig.Builder b = SandboxConfig.builder();
    config.accept(b);
    sandbox = SugarSandbox.start(b.build(), clock);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (sandbox == null) {
      start();
      perTest = true;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      perTest = false;
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The running sandbox: its faults, request log and users. */
  public SugarSandbox sandbox() {
    if (sandbox == null) {
      throw new IllegalStateException("the sandbox is not running: start() it first");
    }
    return sandbox;
  }

  /** Its instance URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return sandbox().url();
  }

  /** The administrator's password (as configured, or generated at the start). */
  public String adminPassword() {
    return sandbox().adminPassword();
  }

  /** The faults in force; changeable while running. */
  public Faults faults() {
    return sandbox().faults();
  }

  /** Requests served so far, oldest first. */
  public List<RequestLogEntry> requestLog() {
    return sandbox().requestLog();
  }

  /**
   * Creates an active user; {@code readOnlyModules} lists modules it may read but not change.
   *
   * @return the new user's id
   */
  public String createUser(
      String userName, String password, boolean admin, List<String> readOnlyModules) {
    return sandbox().createUser(userName, password, admin, readOnlyModules);
  }

  /** A connection to the sandbox as this user, without request pacing, to adjust before use. */
  public SugarClientConfig.Builder connection(String user, String password) {
    return SugarClientConfig.builder()
        .instanceUrl(url())
        .username(user)
        .password(password)
        .maxRequestsPerSecond(0);
  }

  /** A connection to the sandbox as its administrator, without request pacing. */
  public SugarClientConfig.Builder adminConnection() {
    return connection(sandbox().adminUserName(), adminPassword());
  }

  /** A new client logged in (at its first call) as this user. */
  public SugarClient client(String user, String password) {
    return SugarClient.builder(connection(user, password).build()).build();
  }

  /**
   * The administrator's client, one per start (Sugar keeps one session per user and platform, so
   * two admin clients on one platform would end each other's sessions).
   */
  public SugarClient admin() {
    if (admin == null) {
      admin = SugarClient.builder(adminConnection().build()).build();
    }
    return admin;
  }

  /** Writes a connection file ({@code sugarbridge.yaml}) for the administrator to {@code file}. */
  public Path writeConnectionFile(Path file) {
    return writeConnectionFile(file, adminConnection().build());
  }

  /** Writes a connection file for this connection (e.g. {@link #connection} adjusted). */
  public static Path writeConnectionFile(Path file, SugarClientConfig connection) {
    try {
      Files.writeString(file, SugarConnectionFile.toYaml(connection));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the sandbox; safe to call when it is not running. */
  @Override
  public void close() {
    SugarSandbox running = sandbox;
    sandbox = null;
    admin = null;
    if (running != null) {
      running.close();
    }
  }

  @Override
  public String toString() {
    return sandbox == null ? "TestSandbox[not running]" : "TestSandbox[" + sandbox.url() + "]";
  }
}
