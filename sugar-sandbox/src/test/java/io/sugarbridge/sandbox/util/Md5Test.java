package io.sugarbridge.sandbox.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Md5Test {
  @Test
  void knownDigestsAsLowerCaseHex() {
    assertThat(Md5.hex("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(Md5.hex("The quick brown fox jumps over the lazy dog"))
        .isEqualTo("9e107d9d372bb6826bd81d3542a419d6");
  }

  @Test
  void textIsHashedAsUtf8() {
    assertThat(Md5.hex("é")).isEqualTo("66ddcd97cfdeabb2f6fb8a999b4bc76f");
    assertThat(Md5.hex("é".getBytes(StandardCharsets.UTF_8))).isEqualTo(Md5.hex("é"));
  }
}
