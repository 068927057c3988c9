package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's module table has a row for every module the build has, and none it lacks. */
class ReadmeModuleTableTest {
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|");

  @Test
  void everyModuleHasARow() throws IOException {
    String pom = Files.readString(Path.of("..", "pom.xml"), StandardCharsets.UTF_8);
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String layout = readme.substring(readme.indexOf("| module | what |"));
    layout = layout.substring(0, layout.indexOf("\n\n"));
    assertThat(all(ROW.matcher(layout)))
        .as("the README's module table (## Layout) lists exactly the modules of pom.xml")
        .containsExactlyInAnyOrderElementsOf(all(MODULE.matcher(pom)));
  }

  private static List<String> all(Matcher m) {
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
