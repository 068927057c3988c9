package io.sugarbridge.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.sandbox.api.SugarApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmailTest {
  private final AppHarness h = new AppHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private JsonNode create(String body) {
    return h.ok(h.admin, "POST", "Contacts", body);
  }

  @Test
  void emailArrayReadsBackWithBooleanFlagsAndLegacyFields() {
    JsonNode c =
        create(
            "{\"last_name\":\"S\",\"email\":[{\"email_address\":\"a@example.com\",\"primary_address\":true},"
                + "{\"email_address\":\"b@example.com\",\"opt_out\":\"1\"},{\"email_address\":\"\"}]}");
    JsonNode email = c.path("email");
    assertThat(email.size()).isEqualTo(2);
    JsonNode a = email.get(0);
    assertThat(a.path("email_address").asText()).isEqualTo("a@example.com");
    assertThat(a.path("email_address_id").asText()).isNotEmpty();
    for (String flag :
        new String[] {"opt_out", "invalid_email", "primary_address", "reply_to_address"}) {
      assertThat(a.path(flag).isBoolean()).as(flag).isTrue();
    }
    assertThat(a.path("primary_address").asBoolean()).isTrue();
    assertThat(email.get(1).path("opt_out").asBoolean()).isTrue();
    assertThat(email.get(1).path("primary_address").asBoolean()).isFalse();
    assertThat(c.path("email1").asText()).isEqualTo("a@example.com");
    assertThat(c.path("email2").asText()).isEqualTo("b@example.com");
    assertThat(c.path("email_opt_out").asBoolean()).isFalse();
    assertThat(c.path("invalid_email").asBoolean()).isFalse();
  }

  @Test
  void firstAddressBecomesPrimaryWhenNoneIs() {
    JsonNode c = create("{\"last_name\":\"S\",\"email\":[{\"email_address\":\"x@example.com\"}]}");
    assertThat(c.path("email").get(0).path("primary_address").asBoolean()).isTrue();
    assertThat(c.path("email1").asText()).isEqualTo("x@example.com");
  }

  @Test
  void arrayReplacesTheWholeSetAndKeepsFlagsOfKnownAddresses() {
    String id =
        create(
                "{\"last_name\":\"S\",\"email\":[{\"email_address\":\"a@example.com\",\"opt_out\":true},"
                    + "{\"email_address\":\"b@example.com\"}]}")
            .path("id")
            .asText();
    JsonNode c =
        h.ok(
            h.admin,
            "PUT",
            "Contacts/" + id,
            "{\"email\":[{\"email_address\":\"A@EXAMPLE.com\"},{\"email_address\":\"c@example.com\",\"primary_address\":true}]}");
    JsonNode email = c.path("email");
    assertThat(email.size()).isEqualTo(2);
    assertThat(email.get(0).path("email_address").asText()).isEqualTo("A@EXAMPLE.com");
    assertThat(email.get(0).path("opt_out").asBoolean()).isTrue();
    assertThat(email.get(1).path("primary_address").asBoolean()).isTrue();
    assertThat(c.path("email1").asText()).isEqualTo("c@example.com");
    assertThat(c.path("email2").asText()).isEqualTo("A@EXAMPLE.com");
    JsonNode cleared = h.ok(h.admin, "PUT", "Contacts/" + id, "{\"email\":[]}");
    assertThat(cleared.path("email").size()).isZero();
    assertThat(cleared.path("email1").asText()).isEmpty();
  }

  @Test
  void nonArrayEmailIsIgnored() {
    String id =
        create("{\"last_name\":\"S\",\"email\":[{\"email_address\":\"a@example.com\"}]}")
            .path("id")
            .asText();
    JsonNode c = h.ok(h.admin, "PUT", "Contacts/" + id, "{\"email\":\"b@example.com\"}");
    assertThat(c.path("email1").asText()).isEqualTo("a@example.com");
  }

  @Test
  void legacyEmail1AloneWorks() {
    JsonNode c =
        create("{\"last_name\":\"S\",\"email1\":\"old@example.com\",\"email_opt_out\":true}");
    assertThat(c.path("email").size()).isEqualTo(1);
    assertThat(c.path("email").get(0).path("primary_address").asBoolean()).isTrue();
    assertThat(c.path("email_opt_out").asBoolean()).isTrue();
    String id = c.path("id").asText();
    JsonNode updated = h.ok(h.admin, "PUT", "Contacts/" + id, "{\"email1\":\"new@example.com\"}");
    assertThat(updated.path("email1").asText()).isEqualTo("new@example.com");
    assertThat(updated.path("email").size()).isEqualTo(1);
    JsonNode second = h.ok(h.admin, "PUT", "Contacts/" + id, "{\"email2\":\"two@example.com\"}");
    assertThat(second.path("email").size()).isEqualTo(2);
    assertThat(second.path("email2").asText()).isEqualTo("two@example.com");
    JsonNode invalid = h.ok(h.admin, "PUT", "Contacts/" + id, "{\"invalid_email\":\"1\"}");
    assertThat(invalid.path("invalid_email").asBoolean()).isTrue();
    assertThat(invalid.path("email").get(0).path("invalid_email").asBoolean()).isTrue();
  }

  @Test
  void invalidAddressIs422WithSugarsMessage() {
    assertThatThrownBy(
            () -> create("{\"last_name\":\"S\",\"email\":[{\"email_address\":\"not-an-email\"}]}"))
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.getMessage()).isEqualTo("not-an-email is an invalid email address");
            });
    assertThatThrownBy(() -> create("{\"last_name\":\"S\",\"email1\":\"bad@\"}"))
        .hasMessage("bad@ is an invalid email address");
  }

  @Test
  void emailIsFilterable() {
    create(
        "{\"id\":\"e1\",\"last_name\":\"S\",\"email\":[{\"email_address\":\"a@one.example.com\"},{\"email_address\":\"z@two.example.com\"}]}");
    create("{\"id\":\"e2\",\"last_name\":\"T\",\"email1\":\"b@three.example.com\"}");
    assertThat(
            AppHarness.ids(
                h.ok(
                    h.admin,
                    "POST",
                    "Contacts/filter",
                    "{\"filter\":[{\"email\":{\"$starts\":\"z@\"}}]}")))
        .containsExactly("e1");
    assertThat(
            AppHarness.ids(
                h.ok(
                    h.admin,
                    "POST",
                    "Contacts/filter",
                    "{\"filter\":[{\"email1\":\"B@three.example.com\"}]}")))
        .containsExactly("e2");
  }
}
