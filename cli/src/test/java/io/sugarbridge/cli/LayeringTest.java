package io.sugarbridge.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the modules, checked on the main classes of every module (the cli module's test
 * class path holds them all): {@code cli} on top; the jobs ({@code sync}, {@code events}, {@code
 * identity}) use {@code sugar-client} and never each other or {@code cli}; {@code sugar-client}
 * uses none of them; the sandbox uses none of them, not even the client (it stands for Sugar);
 * {@code common} (errors, configuration, server and store plumbing) uses no other module; {@code
 * test-support} (the tests' shared fixtures) is used by no main code and uses no job. Maven's
 * dependencies already forbid most of this between modules; these rules keep it so when a
 * dependency is added for another reason, and say which class broke it.
 */
class LayeringTest {
  private static final String CLI = "io.sugarbridge.cli..";
  private static final String CLIENT = "io.sugarbridge.client..";
  private static final String SANDBOX = "io.sugarbridge.sandbox..";
  private static final String SYNC = "io.sugarbridge.sync..";
  private static final String EVENTS = "io.sugarbridge.events..";
  private static final String IDENTITY = "io.sugarbridge.identity..";
  private static final String COMMON = "io.sugarbridge.common..";
  private static final String TEST_SUPPORT = "io.sugarbridge.testsupport..";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    // Only the modules' own class folders or jars, found from one class of each: scanning the
    // whole class path (DuckDB, Jetty, ...) would take most of a minute.
    java.util.Set<com.tngtech.archunit.core.importer.Location> modules = new java.util.HashSet<>();
    for (Class<?> c :
        new Class<?>[] {
          SugarbridgeCommand.class,
          io.sugarbridge.client.SugarClient.class,
          io.sugarbridge.common.error.SugarbridgeException.class,
          io.sugarbridge.sandbox.SugarSandbox.class,
          io.sugarbridge.sync.SyncEngine.class,
          io.sugarbridge.events.server.EventsServer.class,
          io.sugarbridge.identity.scim.ScimServer.class,
          io.sugarbridge.testsupport.TestSandbox.class
        }) {
      try {
        modules.add(
            com.tngtech.archunit.core.importer.Location.of(
                c.getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(modules);
    // Guard against a rule that passes because nothing was imported.
    for (String pkg :
        new String[] {
          "io.sugarbridge.cli",
          "io.sugarbridge.client",
          "io.sugarbridge.common",
          "io.sugarbridge.sandbox",
          "io.sugarbridge.sync",
          "io.sugarbridge.events",
          "io.sugarbridge.identity",
          "io.sugarbridge.testsupport"
        }) {
      if (main.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
        throw new AssertionError("no main classes of " + pkg + " were imported");
      }
    }
  }

  @Test
  void commonPlumbingUsesNoOtherSugarbridgeModule() {
    noClasses()
        .that()
        .resideInAPackage(COMMON)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CLI, CLIENT, SANDBOX, SYNC, EVENTS, IDENTITY)
        .because("common holds what every module does the same way, so every module can use it")
        .check(main);
  }

  @Test
  void theClientUsesNoJobNoCommandLineAndNotTheSandbox() {
    noClasses()
        .that()
        .resideInAPackage(CLIENT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CLI, SANDBOX, SYNC, EVENTS, IDENTITY)
        .because("sugar-client is the typed Sugar REST client every job builds on")
        .check(main);
  }

  @Test
  void theSandboxStandsAloneLikeARealSugarServer() {
    noClasses()
        .that()
        .resideInAPackage(SANDBOX)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CLI, CLIENT, SYNC, EVENTS, IDENTITY)
        .because("the sandbox stands for Sugar; built on the client, it would share its mistakes")
        .check(main);
  }

  @Test
  void syncUsesNoOtherJobAndNotTheCommandLine() {
    job(SYNC, EVENTS, IDENTITY);
  }

  @Test
  void eventsUsesNoOtherJobAndNotTheCommandLine() {
    job(EVENTS, SYNC, IDENTITY);
  }

  @Test
  void identityUsesNoOtherJobAndNotTheCommandLine() {
    job(IDENTITY, SYNC, EVENTS);
  }

  @Test
  void noMainCodeUsesTheTestSupport() {
    noClasses()
        .that()
        .resideOutsideOfPackage(TEST_SUPPORT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(TEST_SUPPORT)
        .because("test-support holds the tests' fixtures; modules use it in test scope only")
        .check(main);
  }

  @Test
  void theTestSupportUsesNoJobAndNotTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage(TEST_SUPPORT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CLI, SYNC, EVENTS, IDENTITY)
        .because("the tests of every job use it, so it sits below them, on the client and sandbox")
        .check(main);
  }

  @Test
  void theRulesSeeTheDependenciesThatExist() {
    // The command line does use the client: the same kind of rule must catch that, or the rules
    // above would pass on classes whose dependencies were never read.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .resideInAPackage(CLI)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(CLIENT)
                    .check(main))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.sugarbridge.client");
  }

  private static void job(String job, String... otherJobs) {
    String[] forbidden = new String[otherJobs.length + 2];
    System.arraycopy(otherJobs, 0, forbidden, 0, otherJobs.length);
    forbidden[otherJobs.length] = CLI;
    // The sandbox is a test-only dependency of the jobs: their main code talks to Sugar by the
    // client only.
    forbidden[otherJobs.length + 1] = SANDBOX;
    noClasses()
        .that()
        .resideInAPackage(job)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because("a job uses sugar-client and never another job or the command line")
        .check(main);
  }
}
