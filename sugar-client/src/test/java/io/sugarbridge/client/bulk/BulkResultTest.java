package io.sugarbridge.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.common.config.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkResultTest {
  @Test
  void aFailedItemsErrorCodeIsScrubbedLikeItsMessage() throws Exception {
    Secret password = Secret.of("Echoed-Pa55word-77");
    BulkResult r =
        new BulkResult(
            422,
            new ObjectMapper()
                .readTree(
                    "{\"error\":\"bad_request password="
                        + password.reveal()
                        + "\","
                        + "\"error_message\":\"echo "
                        + password.reveal()
                        + "\"}"),
            Map.of(),
            null);
    assertThat(r.errorCode()).startsWith("bad_request").doesNotContain(password.reveal());
  }
}
