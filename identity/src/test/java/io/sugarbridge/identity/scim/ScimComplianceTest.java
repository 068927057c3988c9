package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs SAP's SCIM compliance suite through {@code scripts/scim-compliance.sh} against the bridge in
 * front of a sandbox, with the test selection in {@code scripts/scim-compliance-tests.csv}
 * (docs/scim.md says why the rest are left out), and requires every selected test to pass.
 */
class ScimComplianceTest {
  private static final Pattern RESULT = Pattern.compile("Test: (.*) finished \\| Status: ([A-Z]+)");

  @TempDir Path dir;

  @Test
  void theSelectedComplianceTestsAllPass() throws Exception {
    Path moduleDir = Path.of("").toAbsolutePath();
    Path script = moduleDir.resolveSibling("scripts").resolve("scim-compliance.sh");
    Path expectedFile = moduleDir.resolveSibling("scripts").resolve("scim-compliance-expected.txt");
    Path jar = moduleDir.resolve("target/scim-compliance/scimono-compliance-tests-shaded.jar");
    assertThat(jar).as("copied by maven-dependency-plugin").exists();
    Path out = dir.resolve("results");

    try (ScimBridgeFixture bridge = new ScimBridgeFixture(dir)) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  "bash",
                  script.toString(),
                  "--url",
                  bridge.base().toString(),
                  "--expect",
                  expectedFile.toString(),
                  "--out",
                  out.toString(),
                  "--jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("script-output.txt").toFile());
      pb.environment().put("SCIM_TOKEN", bridge.token);
      pb.environment()
          .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // The suite is a short-lived JVM that spends its time loading classes and reflecting: C1
      // alone runs it in half the CPU time of tiered compilation (measured, 2 cores).
      pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
      Process p = pb.start();
      boolean finished = p.waitFor(4, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      String summary = Files.readString(dir.resolve("script-output.txt"), StandardCharsets.UTF_8);
      assertThat(finished).as("the suite finished within 4 minutes: " + summary).isTrue();

      List<String[]> results = new ArrayList<>();
      Matcher m = RESULT.matcher(read(out.resolve("testLogs.log")));
      while (m.find()) {
        results.add(new String[] {m.group(1), m.group(2)});
      }
      List<String> expected =
          Files.readAllLines(expectedFile).stream()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .toList();
      List<String> notPassed = new ArrayList<>();
      int passedRuns = 0;
      for (String name : expected) {
        boolean prefix = name.endsWith(" *");
        String key = prefix ? name.substring(0, name.length() - 2) : name;
        List<String[]> runs =
            results.stream().filter(r -> prefix ? r[0].startsWith(key) : r[0].equals(key)).toList();
        if (runs.isEmpty()) {
          notPassed.add("not run: " + name);
        }
        for (String[] r : runs) {
          if (r[1].equals("SUCCESSFUL")) {
            passedRuns++;
          } else {
            notPassed.add(r[1] + ": " + r[0]);
          }
        }
      }
      assertThat(expected).hasSizeGreaterThan(100);
      assertThat(notPassed).as(summary).isEmpty();
      assertThat(p.exitValue()).as(summary).isZero();
      assertThat(summary).contains("all " + expected.size() + " expected tests passed");
      assertThat(passedRuns).isGreaterThanOrEqualTo(expected.size());
      assertThat(read(out.resolve("testLogs.log"))).doesNotContain(bridge.token);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.ISO_8859_1);
  }
}
