package io.sugarbridge.contract.support;

import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.lang.reflect.AnnotatedElement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Chooses and holds the server the contract runs against. With {@code sugar.url} set (system
 * property or {@code SUGAR_URL}) that instance is used; otherwise one in-process sandbox is started
 * for the whole run and closed at its end. Skips {@link SandboxOnly} tests on a real instance and
 * {@link WritesUsers} tests unless user writes are allowed, each with a message saying why, and
 * resolves {@link SugarTarget}, {@link SugarWire} and per-class {@link Scratch} parameters.
 */
public final class SugarTargetExtension implements ExecutionCondition, ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SugarTargetExtension.class);
  private static final Pattern RANGE =
      Pattern.compile("between (\\d+(?:\\.\\d+)?) and (\\d+(?:\\.\\d+)?)");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    TargetSettings settings = settings(context);
    Optional<AnnotatedElement> element = context.getElement();
    Optional<SandboxOnly> sandboxOnly =
        AnnotationSupport.findAnnotation(element, SandboxOnly.class);
    if (sandboxOnly.isPresent() && !settings.sandbox()) {
      return ConditionEvaluationResult.disabled(
          "sandbox-only, skipped against " + settings.url() + ": " + sandboxOnly.get().value());
    }
    if (AnnotationSupport.isAnnotated(element, WritesUsers.class)
        && !settings.sandbox()
        && !settings.allowUserWrites()) {
      return ConditionEvaluationResult.disabled(
          "creates Users on "
              + settings.url()
              + "; pass -Dsugar.allowUserWrites=true to allow it (they are deleted afterwards)");
    }
    return ConditionEvaluationResult.enabled("runs against any Sugar server");
  }

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    Class<?> t = pc.getParameter().getType();
    return t == SugarWire.class || t == SugarTarget.class || t == Scratch.class;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    Class<?> t = pc.getParameter().getType();
    Live live = live(ec);
    if (t == SugarWire.class) {
      return live.wire;
    }
    if (t == SugarTarget.class) {
      return live.wire.target();
    }
    // One Scratch per test class, closed (records deleted) when the class is done.
    ExtensionContext classContext = ec;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext
        .getStore(NS)
        .getOrComputeIfAbsent(Scratch.class, k -> new Scratch(live.wire), Scratch.class);
  }

  private static TargetSettings settings(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(
            TargetSettings.class, k -> TargetSettings.fromEnvironment(), TargetSettings.class);
  }

  private static Live live(ExtensionContext context) {
    TargetSettings settings = settings(context);
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(Live.class, k -> start(settings), Live.class);
  }

  /** A random prefix for this run's records: letters and digits only, valid in any field. */
  private static String newRunPrefix() {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    return "sbct" + HexFormat.of().formatHex(b) + "_";
  }

  private static Live start(TargetSettings s) {
    if (s.sandbox()) {
      SugarSandbox sandbox = SugarSandbox.start(SandboxConfig.builder().build());
      try {
        return new Live(sandbox, new SugarWire(forSandbox(sandbox, s)));
      } catch (RuntimeException e) {
        sandbox.close();
        throw e;
      }
    }
    String version = s.version() != null ? s.version() : discoverMaxVersion(s);
    return new Live(null, new SugarWire(realTarget(s, version, newRunPrefix())));
  }

  /** The instance named by the settings, used with this API version. */
  private static SugarTarget realTarget(TargetSettings s, String version, String prefix) {
    return new SugarTarget(
        s.url(),
        s.username(),
        s.password(),
        s.clientId(),
        s.clientSecret(),
        s.platform(),
        version,
        s.allowUserWrites(),
        null,
        prefix);
  }

  /**
   * Starts a sandbox of the test's own (for a configuration or clock the shared one does not have),
   * hands it and a wire logged in as its admin to {@code test}, and stops it afterwards.
   */
  public static void withOwnSandbox(
      SandboxConfig.Builder config, BiConsumer<SugarSandbox, SugarWire> test) {
    withOwnSandbox(config, Clock.systemUTC(), test);
  }

  /** As {@link #withOwnSandbox(SandboxConfig.Builder, BiConsumer)}, on this clock. */
  public static void withOwnSandbox(
      SandboxConfig.Builder config, Clock clock, BiConsumer<SugarSandbox, SugarWire> test) {
    try (SugarSandbox sandbox = SugarSandbox.start(config.build(), clock)) {
      test.accept(sandbox, new SugarWire(forSandbox(sandbox, TargetSettings.fromEnvironment())));
    }
  }

  private static SugarTarget forSandbox(SugarSandbox sandbox, TargetSettings s) {
    // The sandbox's highest version (SandboxConfig default 11.24) unless one is pinned.
    String version = s.version() != null ? s.version() : "11_24";
    return new SugarTarget(
        sandbox.url(),
        sandbox.adminUserName(),
        Secret.of(sandbox.adminPassword()),
        "sugar",
        Secret.of(""),
        TargetSettings.DEFAULT_PLATFORM,
        version,
        true,
        sandbox,
        newRunPrefix());
  }

  /**
   * Sugar has no endpoint listing its versions; an out-of-range version answers 301 with "between
   * 10 and 11.23" (§0), so probe with v99 and read the maximum from the message.
   */
  static String discoverMaxVersion(TargetSettings s) {
    SugarWire probe = new SugarWire(realTarget(s, "10", ""));
    Reply r = probe.callVersion("v99", "GET", "/ping").send();
    String message = r.status() == 301 ? r.errorMessage() : null;
    Matcher m = RANGE.matcher(message == null ? "" : message);
    if (!m.find()) {
      // Version tests will report the broken 301; the rest runs on the oldest version.
      return "10";
    }
    return m.group(2).replace('.', '_');
  }

  /** The run's server; closing it stops the sandbox if the suite started one. */
  static final class Live implements AutoCloseable {
    final SugarSandbox sandbox;
    final SugarWire wire;

    Live(SugarSandbox sandbox, SugarWire wire) {
      this.sandbox = sandbox;
      this.wire = wire;
    }

    @Override
    public void close() {
      if (sandbox != null) {
        sandbox.close();
      }
    }
  }
}
