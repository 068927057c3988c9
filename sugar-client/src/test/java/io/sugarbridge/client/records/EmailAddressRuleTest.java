package io.sugarbridge.client.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.error.ValidationException;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's email rule against the sandbox's answers over HTTP: every address the rule refuses
 * is a 422 when written, and every address it accepts is stored.
 */
class EmailAddressRuleTest {
  private static final List<String> ACCEPTED =
      List.of(
          "ada@example.com",
          "fine.person+tag@example.co.uk",
          "o'brien@example.ie",
          "x_y-z@sub-domain.example.org",
          "a@b.c");
  private static final List<String> REFUSED =
      List.of(
          "josé@example.com",
          "ada@exämple.com",
          "李@example.cn",
          "not-an-email",
          "two@@example.com",
          "a@b@example.com",
          "space in@example.com",
          "nodot@localhost",
          "dot@-example.com",
          "dot@example-.com",
          "dot@example..com",
          "dot@.example.com",
          "quote\"d@example.com",
          "@example.com",
          "ada@");

  @Test
  void theRuleRefusesExactlyWhatTheSandboxRefuses() {
    try (SugarSandbox sandbox =
        SugarSandbox.start(SandboxConfig.builder().adminPassword("Admin-Pw-9").build())) {
      SugarClient client =
          SugarClient.builder(
                  SugarClientConfig.builder()
                      .instanceUrl(sandbox.url())
                      .username("admin")
                      .password("Admin-Pw-9")
                      .maxRequestsPerSecond(0)
                      .build())
              .build();
      for (String a : ACCEPTED) {
        assertThat(EmailAddressRule.accepts(a)).as(a).isTrue();
        assertThat(EmailAddressRule.problem(a)).as(a).isNull();
        ObjectNode created = client.records().create("Contacts", contact(a));
        assertThat(created.path("email").path(0).path("email_address").asText()).isEqualTo(a);
      }
      for (String a : REFUSED) {
        assertThat(EmailAddressRule.accepts(a)).as(a).isFalse();
        assertThat(EmailAddressRule.problem(a)).as(a).contains("'" + a + "'");
        Throwable t = catchThrowable(() -> client.records().create("Contacts", contact(a)));
        assertThat(t).as("the sandbox refuses %s", a).isInstanceOf(ValidationException.class);
      }
      assertThat(EmailAddressRule.problem("josé@example.com")).contains("only ASCII");
      assertThat(EmailAddressRule.problem("nodot@localhost")).contains("no dot");
      assertThat(EmailAddressRule.problem(null)).contains("empty");
    }
  }

  private static ObjectNode contact(String address) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("last_name", "Rule");
    c.putArray("email").addObject().put("email_address", address).put("primary_address", true);
    return c;
  }
}
