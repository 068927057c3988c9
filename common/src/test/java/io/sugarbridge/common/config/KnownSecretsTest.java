package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.error.SugarbridgeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class KnownSecretsTest {

  @Test
  void aKnownSecretIsMaskedAsIsUrlEncodedAndJsonEscaped() {
    Secret s = Secret.of("p@ss/wörd \"q\"");
    String text =
        "plain p@ss/wörd \"q\" encoded "
            + java.net.URLEncoder.encode(s.reveal(), java.nio.charset.StandardCharsets.UTF_8)
            + " php p@ss\\/w\\u00f6rd \\\"q\\\"";
    assertThat(KnownSecrets.scrub(text)).doesNotContain("wörd").doesNotContain("w\\u00f6rd");
    assertThat(KnownSecrets.containsKnownSecret(text)).isTrue();
    assertThat(s).isNotNull(); // held until here, so it stays known
  }

  @Test
  void requestEchoShapesAreMaskedEvenWhenTheValueIsUnknown() {
    String echoed =
        "{\"grant_type\":\"password\",\"password\":\"xy\",\"client_secret\":\"cs\"}"
            + " data: {\\\"user_hash\\\":\\\"uh\\\"} form: username=a&password=zz&x=1"
            + " url: jdbc:postgresql://bob:pw@db/x headers: {oauth-token=abc-123, accept=json}"
            + " Authorization: Bearer t0k";
    String scrubbed = KnownSecrets.scrub(echoed);
    assertThat(scrubbed)
        .contains("\"password\":\"██\"")
        .contains("\"client_secret\":\"██\"")
        .contains("\\\"user_hash\\\":\\\"██")
        .contains("password=██&x=1")
        .contains("//bob:██@db/x")
        .contains("oauth-token=██")
        .contains("Bearer ██")
        .contains("username=a")
        .contains("accept=json");
  }

  @Test
  void shortSecretsAreNotMaskedInsideOrdinaryWords() {
    Secret s = Secret.of("ab");
    assertThat(KnownSecrets.scrub("absent label")).isEqualTo("absent label");
    assertThat(s.isEmpty()).isFalse();
  }

  @Test
  void passwordsInsideAUrlBecomeKnown() {
    KnownSecrets.rememberPasswordsIn("jdbc:postgresql://h/db?user=a&password=Url%2FPw-77");
    assertThat(KnownSecrets.scrub("FATAL: bad value Url/Pw-77")).isEqualTo("FATAL: bad value ██");
  }

  @Test
  void anExceptionScrubsItsMessageAndItsCauseChain() {
    Secret s = Secret.of("Cause-Secret-9");
    SugarbridgeException e =
        new SugarbridgeException(
            "failed: Cause-Secret-9",
            new RuntimeException("outer", new SQLException("inner Cause-Secret-9")));
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    assertThat(w.toString()).doesNotContain("Cause-Secret-9").contains("java.sql.SQLException");
    assertThat(s.reveal()).isNotEmpty();
  }
}
