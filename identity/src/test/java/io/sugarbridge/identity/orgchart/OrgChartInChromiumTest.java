package io.sugarbridge.identity.orgchart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sugarbridge.identity.GeneratedCompany;
import io.sugarbridge.identity.directory.UserDirectory;
import io.sugarbridge.identity.directory.UserList;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.testsupport.TestSandbox;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The org chart of a generated 500-person company, read back from the sandbox, written as the HTML
 * page ({@code identity/target/org-chart-500.html}) and opened in headless Chromium, which saves a
 * PNG of the whole page ({@code identity/target/org-chart-500.png}, 2400 px wide and as tall as the
 * page) for a person to look at. Skips with a message when Chromium is absent, except on CI ({@code
 * CI=true}), where it must run.
 */
class OrgChartInChromiumTest {
  static final Path CHROMIUM =
      Paths.get(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  /** The page width of the picture; the height is the page's own. */
  static final int WIDTH = 2400;

  /** Chromium cannot capture much taller than 16384 px; the chart must fit well within that. */
  static final int MAX_HEIGHT = 12000;

  private static final Pattern PAGE_HEIGHT = Pattern.compile("data-height=\"(\\d+)\"");

  @TempDir Path dir;

  @Test
  void theHtmlChartOfA500PersonCompanyRendersInChromium() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!ci) {
      assumeTrue(
          Files.isExecutable(CHROMIUM),
          "Chromium not found at " + CHROMIUM + "; install Debian's chromium or set CHROMIUM");
    }
    Path html = dir.resolve("org-chart.html");
    // Reporting loops allowed, as imports leave them in real instances.
    try (TestSandbox sugar =
        TestSandbox.configured(b -> b.allowReportingLoops(true))
            .clock(new SandboxClock(Instant.parse("2026-06-01T09:00:00Z")))
            .start()) {
      List<String> ids = new GeneratedCompany(500, 42).createIn(sugar.admin());
      // Two of the problems real instances hold: a loop between two people, and a manager who
      // was deleted; both must be drawn and listed, not loop or vanish.
      sugar.admin().users().update(ids.get(40), reportsTo(ids.get(41)));
      sugar.admin().users().update(ids.get(41), reportsTo(ids.get(40)));
      sugar.admin().records().delete("Users", ids.get(60));
      UserList users = new UserDirectory(sugar.admin()).readAll(List.of());
      ReportingGraph graph = ReportingGraph.of(users, false);
      assertThat(graph.people()).hasSize(500);
      assertThat(graph.cycles()).hasSize(1);
      assertThat(graph.danglingManagers()).isNotEmpty();
      try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
        OrgChartFormat.HTML.write(graph, w);
      }
    }
    Path png = Paths.get("target", "org-chart-500.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.copy(html, png.resolveSibling("org-chart-500.html"), StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(png);
    // The window is sized to the whole page, so the PNG shows the whole company.
    int height = pageHeight(html, WIDTH, dir.resolve("profile-measure"));
    assertThat(height)
        .as("500 people wrap into a page at most %d px tall", MAX_HEIGHT)
        .isBetween(1400, MAX_HEIGHT);
    screenshot(html, png, WIDTH, height, dir.resolve("profile"));

    assertThat(png).exists();
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(WIDTH);
    assertThat(img.getHeight()).isEqualTo(height);
    // A blank or error page has a handful of colours; a drawn chart has the department fills,
    // and they reach the lower part of the picture: the whole company, not only its top.
    int lowerHalf = img.getHeight() / 2;
    Set<Integer> colours = new HashSet<>();
    Set<Integer> lowerColours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (y >= lowerHalf) {
          lowerColours.add(rgb);
        }
      }
    }
    for (String fill : List.of("#aec7e8", "#ffbb78", "#98df8a")) {
      assertThat(colours)
          .as("department fill %s drawn", fill)
          .contains(Integer.parseInt(fill.substring(1), 16));
    }
    assertThat(lowerColours)
        .as("department fills in the lower half of the picture")
        .containsAnyOf(Integer.parseInt("aec7e8", 16), Integer.parseInt("98df8a", 16));
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode reportsTo(String id) {
    var o = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    o.put("reports_to_id", id);
    return o;
  }

  /**
   * The page's full height at this width: Chromium lays the page out once and prints the DOM after
   * the page's script ran, which records the height in {@code <body data-height>}.
   */
  static int pageHeight(Path html, int width, Path profile)
      throws IOException, InterruptedException {
    Path dom = profile.resolve("dom.html");
    chromium(profile, dom, "--dump-dom", "--window-size=" + width + ",1400", html);
    Matcher m = PAGE_HEIGHT.matcher(Files.readString(dom));
    assertThat(m.find()).as("the page recorded its height in <body data-height>").isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Saves a PNG of the page with the window at exactly this size. */
  static void screenshot(Path html, Path png, int width, int height, Path profile)
      throws IOException, InterruptedException {
    chromium(
        profile,
        profile.resolve("chromium.out"),
        "--screenshot=" + png,
        "--window-size=" + width + "," + height,
        html);
  }

  /** Runs Chromium headless with a fresh profile; waits for it with a deadline. */
  private static void chromium(Path profile, Path stdout, String action, String size, Path html)
      throws IOException, InterruptedException {
    Files.createDirectories(profile);
    List<String> cmd = new ArrayList<>();
    cmd.add(CHROMIUM.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // Both runs without scrollbars, so the measured layout is the captured one.
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            action,
            size,
            html.toUri().toString()));
    Path log = profile.resolve("chromium.log");
    Process p =
        new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(stdout.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 120 s");
    }
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
  }
}
