package io.sugarbridge.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceAndCustomFieldsTest {
  @TempDir Path dir;

  @Test
  void recordsLinksMarksAndUsersSurviveReopen() {
    String contact;
    try (AppHarness h = new AppHarness(dir, b -> {})) {
      h.ok(h.admin, "POST", "Accounts", "{\"id\":\"acc\",\"name\":\"Acme\"}");
      contact =
          h.ok(
                  h.admin,
                  "POST",
                  "Contacts",
                  "{\"last_name\":\"Kept\",\"account_id\":\"acc\",\"email1\":\"k@example.com\"}")
              .path("id")
              .asText();
      h.ok(h.admin, "POST", "Contacts", "{\"id\":\"gone\",\"last_name\":\"Gone\"}");
      h.ok(h.admin, "DELETE", "Contacts/gone", null);
      h.ok(h.admin, "PUT", "Contacts/" + contact + "/favorite", null);
      h.app.createUser("ro", "pw", false, List.of("Accounts"));
    }
    try (AppHarness h = new AppHarness(dir, b -> {})) {
      JsonNode c = h.ok(h.admin, "GET", "Contacts/" + contact, null);
      assertThat(c.path("last_name").asText()).isEqualTo("Kept");
      assertThat(c.path("account_name").asText()).isEqualTo("Acme");
      assertThat(c.path("email1").asText()).isEqualTo("k@example.com");
      assertThat(c.path("my_favorite").asBoolean()).isTrue();
      assertThat(h.ok(h.admin, "GET", "Contacts/count", null).path("record_count").asInt())
          .isEqualTo(1);
      assertThat(
              h.ok(h.admin, "GET", "Contacts/count", "{\"deleted\":1}")
                  .path("record_count")
                  .asInt())
          .isEqualTo(2);
      var ro = h.login("ro", "pw");
      assertThatThrownBy(() -> h.call(ro, "POST", "Accounts", "{\"name\":\"x\"}"))
          .hasMessageStartingWith("You are not authorized to create Accounts.");
      assertThat(h.app.users().authenticate("admin", "admin-pw", "base")).isPresent();
    }
  }

  @Test
  void customFieldsFromTheDataDirectory() throws IOException {
    Files.writeString(
        dir.resolve("custom_fields.json"),
        "{\"Contacts\":[{\"name\":\"loyalty_tier_c\",\"type\":\"enum\",\"options\":[\"gold\",\"silver\"]},"
            + "{\"name\":\"score_c\",\"type\":\"int\"}],\"Accounts\":[{\"name\":\"region_c\",\"type\":\"varchar\",\"len\":50}]}");
    try (AppHarness h = new AppHarness(dir, b -> {})) {
      JsonNode fields =
          h.ok(h.admin, "GET", "metadata", "{\"type_filter\":\"modules\"}")
              .path("modules")
              .path("Contacts")
              .path("fields");
      JsonNode tier = fields.path("loyalty_tier_c");
      assertThat(tier.path("source").asText()).isEqualTo("custom_fields");
      assertThat(tier.path("type").asText()).isEqualTo("enum");
      JsonNode options = h.ok(h.admin, "GET", "Contacts/enum/loyalty_tier_c", null);
      assertThat(options.has("gold")).isTrue();
      h.ok(
          h.admin,
          "POST",
          "Contacts",
          "{\"id\":\"g\",\"last_name\":\"G\",\"loyalty_tier_c\":\"gold\",\"score_c\":\"7\"}");
      h.ok(
          h.admin,
          "POST",
          "Contacts",
          "{\"id\":\"s\",\"last_name\":\"S\",\"loyalty_tier_c\":\"silver\",\"score_c\":3}");
      assertThat(h.ok(h.admin, "GET", "Contacts/g", null).path("score_c").asInt()).isEqualTo(7);
      assertThat(
              AppHarness.ids(
                  h.ok(
                      h.admin,
                      "POST",
                      "Contacts/filter",
                      "{\"filter\":[{\"loyalty_tier_c\":{\"$in\":[\"gold\"]}}]}")))
          .containsExactly("g");
      assertThat(
              AppHarness.ids(
                  h.ok(
                      h.admin,
                      "POST",
                      "Contacts/filter",
                      "{\"filter\":[{\"score_c\":{\"$lt\":5}}]}")))
          .containsExactly("s");
      assertThat(AppHarness.ids(h.ok(h.admin, "GET", "Contacts", "{\"order_by\":\"score_c:ASC\"}")))
          .containsExactly("s", "g");
    }
  }

  @Test
  void customFieldMistakesStopStartUpNamingFileAndEntry() throws IOException {
    Files.writeString(
        dir.resolve("custom_fields.json"),
        "{\"Contacts\":[{\"name\":\"ok_c\"},{\"name\":\"loyalty_tier\",\"type\":\"varchar\"}]}");
    assertThatThrownBy(() -> new AppHarness(dir, b -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("custom_fields.json")
        .hasMessageContaining("Contacts[1]")
        .hasMessageContaining("loyalty_tier_c");
    Files.writeString(dir.resolve("custom_fields.json"), "{\"Widgets\":[{\"name\":\"a_c\"}]}");
    assertThatThrownBy(() -> new AppHarness(dir, b -> {}))
        .hasMessageContaining("custom_fields.json")
        .hasMessageContaining("\"Widgets\" is not a sandbox module");
    Files.writeString(
        dir.resolve("custom_fields.json"), "{\"Contacts\":[{\"name\":\"x_c\",\"type\":\"blob\"}]}");
    assertThatThrownBy(() -> new AppHarness(dir, b -> {}))
        .hasMessageContaining("unknown type \"blob\"");
    Files.writeString(
        dir.resolve("custom_fields.json"), "{\"Contacts\":[{\"name\":\"x_c\",\"type\":\"enum\"}]}");
    assertThatThrownBy(() -> new AppHarness(dir, b -> {}))
        .hasMessageContaining("needs \"options\"");
    Files.writeString(dir.resolve("custom_fields.json"), "{not json");
    assertThatThrownBy(() -> new AppHarness(dir, b -> {})).hasMessageContaining("not valid JSON");
  }
}
