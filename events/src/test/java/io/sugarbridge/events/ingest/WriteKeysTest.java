package io.sugarbridge.events.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sugarbridge.common.config.Secret;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Write-key authentication: header and body in, the key's name or the refusal out. */
class WriteKeysTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final WriteKeys keys =
      new WriteKeys(Map.of("website", Secret.of("wk-site-0123"), "app", Secret.of("wk-app-4567")));

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(UTF_8));
  }

  @Test
  void theBasicUserNameIsTheKeyAndThePasswordIsIgnored() {
    assertThat(keys.fromHeader(basic("wk-site-0123:")).name()).isEqualTo("website");
    assertThat(keys.fromHeader(basic("wk-app-4567")).name()).isEqualTo("app");
    assertThat(keys.fromHeader("  bAsIc " + basic("wk-app-4567:x").substring(6)).name())
        .isEqualTo("app");
  }

  @Test
  void aHeaderThatIsNotBasicOrNamesNoKnownKeyIsRefused() {
    assertThat(keys.fromHeader("Bearer wk-site-0123").refusal()).isEqualTo(WriteKeys.NOT_BASIC);
    assertThat(keys.fromHeader("Basic !!not base64!!").refusal()).isEqualTo(WriteKeys.NOT_BASIC);
    assertThat(keys.fromHeader(basic("wk-site-012:")).refusal()).isEqualTo(WriteKeys.UNKNOWN);
    assertThat(keys.fromHeader(basic(":wk-site-0123")).refused()).isTrue();
  }

  @Test
  void theBodysWriteKeyMustBeNonEmptyTextOfAKnownKey() {
    assertThat(keys.fromBody(NODES.textNode("wk-site-0123")).name()).isEqualTo("website");
    assertThat(keys.fromBody(null).refusal()).isEqualTo(WriteKeys.MISSING);
    assertThat(keys.fromBody(NODES.textNode("")).refusal()).isEqualTo(WriteKeys.MISSING);
    assertThat(keys.fromBody(NODES.numberNode(123)).refusal()).isEqualTo(WriteKeys.MISSING);
    assertThat(keys.fromBody(NODES.textNode("wk-site-01234")).refusal())
        .isEqualTo(WriteKeys.UNKNOWN);
  }
}
