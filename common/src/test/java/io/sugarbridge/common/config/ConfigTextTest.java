package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTextTest {
  @TempDir Path dir;

  @Test
  void utf8TextIsReadAsIs() throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, "name: José 😀\n", StandardCharsets.UTF_8);
    assertThat(ConfigText.utf8(f, "file", "")).isEqualTo("name: José 😀\n");
  }

  @Test
  void aByteThatIsNotUtf8IsNamedByItsLineWithHowToSaveTheFile() throws Exception {
    Path f = dir.resolve("latin1.yaml");
    Files.write(f, "a: 1\nb: 2\nname: Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(
            () -> ConfigText.utf8(f, "sync file", " (in your editor: Save with Encoding)"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sync file")
        .hasMessageContaining(f + " is not UTF-8 text (line 3 has a byte that is not UTF-8")
        .hasMessageEndingWith("save it as UTF-8 (in your editor: Save with Encoding)");
  }

  @Test
  void aMissingFileIsLeftToTheCallerToWord() {
    assertThatThrownBy(() -> ConfigText.utf8(dir.resolve("nope.yaml"), "file", ""))
        .isInstanceOf(NoSuchFileException.class);
  }
}
