package io.sugarbridge.common.config;

import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a configuration file's text: the one UTF-8 check every file reader uses. */
public final class ConfigText {
  private ConfigText() {}

  /**
   * The file as UTF-8 text. A file saved in another encoding (a Windows code page, where a name
   * such as José is not valid UTF-8) gets a problem naming the line of the first such byte and how
   * to save the file, not a decoder's "Input length = 1".
   *
   * @param setting names the file in the problem, e.g. {@code sync file}
   * @param howToSave appended to "save it as UTF-8", e.g. an editor's or Excel's menu item; may be
   *     empty
   * @throws ConfigurationException when the bytes are not UTF-8
   * @throws IOException when the file cannot be read (the caller words a missing file)
   */
  public static String utf8(Path file, String setting, String howToSave) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      int bad = firstInvalid(bytes);
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new ConfigurationException(
          setting,
          file
              + " is not UTF-8 text (line "
              + line
              + " has a byte that is not UTF-8, e.g. an accented letter saved in a Windows code"
              + " page); save it as UTF-8"
              + howToSave);
    }
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static int firstInvalid(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    strictUtf8().decode(in, CharBuffer.allocate(bytes.length + 1), true);
    return in.position();
  }
}
