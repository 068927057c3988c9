package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * §3.6 E-mail addresses (the {@code email} link-field array, its flags and replace-all write
 * semantics, legacy {@code email1}/{@code email2}) and §3.7 custom {@code _c} fields where the
 * module has any.
 */
@ContractTest
class EmailAndCustomFieldsContractTest {
  static final List<String> EMAIL_KEYS =
      List.of(
          "email_address_id",
          "email_address",
          "opt_out",
          "invalid_email",
          "primary_address",
          "reply_to_address");

  static JsonNode byAddress(JsonNode emails, String address) {
    for (JsonNode e : emails) {
      if (e.path("email_address").asText().equalsIgnoreCase(address)) {
        return e;
      }
    }
    throw new AssertionError("no " + address + " in " + emails);
  }

  // §3.6 Read: email is an array of objects with boolean flags; legacy email1/email2 follow.
  @Test
  void emailArrayReadShape(SugarWire sugar, Scratch scratch) {
    String a = scratch.email("primary");
    String b = scratch.email("second");
    JsonNode rec =
        scratch.create(
            "Contacts",
            obj(
                "last_name",
                scratch.name("email"),
                "email",
                List.of(
                    obj("email_address", a, "primary_address", true),
                    obj("email_address", b, "opt_out", true))));
    JsonNode read = assertOk(sugar.get("/Contacts/" + rec.path("id").asText()));
    JsonNode emails = read.path("email");
    assertThat(emails.isArray()).as("email in %s", read).isTrue();
    assertThat(emails).hasSize(2);
    for (JsonNode e : emails) {
      List<String> keys = new ArrayList<>();
      e.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsAll(EMAIL_KEYS);
      for (String flag :
          List.of("opt_out", "invalid_email", "primary_address", "reply_to_address")) {
        assertThat(e.path(flag).isBoolean()).as("%s is boolean in %s", flag, e).isTrue();
      }
      assertThat(e.path("email_address_id").asText()).isNotBlank();
    }
    assertThat(byAddress(emails, a).path("primary_address").asBoolean()).isTrue();
    assertThat(byAddress(emails, b).path("primary_address").asBoolean()).isFalse();
    assertThat(byAddress(emails, b).path("opt_out").asBoolean()).isTrue();
    assertThat(byAddress(emails, a).path("opt_out").asBoolean()).isFalse();
    assertThat(read.path("email1").asText()).isEqualTo(a);
    assertThat(read.path("email2").asText()).isEqualTo(b);
  }

  // §3.6: with no addresses, email is [].
  @Test
  void noAddressesIsEmptyArray(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Contacts", obj("last_name", scratch.name("no-email")));
    JsonNode read = assertOk(sugar.get("/Contacts/" + rec.path("id").asText()));
    assertThat(read.path("email").isArray()).as("%s", read).isTrue();
    assertThat(read.path("email")).isEmpty();
  }

  // §3.6 Write: the array replaces the full set.
  @Test
  void arrayReplacesTheFullSet(SugarWire sugar, Scratch scratch) {
    String a = scratch.email("old1");
    String b = scratch.email("old2");
    String c = scratch.email("new");
    JsonNode rec =
        scratch.create(
            "Contacts",
            obj(
                "last_name",
                scratch.name("replace"),
                "email",
                List.of(
                    obj("email_address", a, "primary_address", true), obj("email_address", b))));
    String id = rec.path("id").asText();
    JsonNode up =
        assertOk(
            sugar.put(
                "/Contacts/" + id,
                obj("email", List.of(obj("email_address", c, "primary_address", true)))));
    assertThat(up.path("email")).hasSize(1);
    JsonNode read = assertOk(sugar.get("/Contacts/" + id));
    assertThat(read.path("email")).hasSize(1);
    assertThat(read.path("email").get(0).path("email_address").asText()).isEqualTo(c);
    assertThat(read.path("email1").asText()).isEqualTo(c);
  }

  // §3.6 Write: flags default to the existing values for that address (case-insensitive).
  @Test
  void flagsDefaultToExistingValues(SugarWire sugar, Scratch scratch) {
    String a = scratch.email("keepflags");
    JsonNode rec =
        scratch.create(
            "Contacts",
            obj(
                "last_name",
                scratch.name("flags"),
                "email",
                List.of(obj("email_address", a, "primary_address", true, "opt_out", true))));
    String id = rec.path("id").asText();
    assertOk(
        sugar.put(
            "/Contacts/" + id,
            obj("email", List.of(obj("email_address", a.toUpperCase(java.util.Locale.ROOT))))));
    JsonNode e = byAddress(assertOk(sugar.get("/Contacts/" + id)).path("email"), a);
    assertThat(e.path("opt_out").asBoolean()).as("opt_out kept in %s", e).isTrue();
    assertThat(e.path("primary_address").asBoolean()).as("primary kept in %s", e).isTrue();
  }

  // §3.6 Write: a non-array email is ignored; empty addresses are skipped.
  @Test
  void nonArrayIgnoredAndEmptyAddressesSkipped(SugarWire sugar, Scratch scratch) {
    String a = scratch.email("stay");
    JsonNode rec =
        scratch.create(
            "Contacts",
            obj(
                "last_name",
                scratch.name("ignore"),
                "email",
                List.of(
                    obj("email_address", a, "primary_address", true), obj("email_address", ""))));
    String id = rec.path("id").asText();
    assertThat(assertOk(sugar.get("/Contacts/" + id)).path("email")).hasSize(1);
    assertOk(sugar.put("/Contacts/" + id, obj("email", scratch.email("ignored"))));
    JsonNode read = assertOk(sugar.get("/Contacts/" + id));
    assertThat(read.path("email")).hasSize(1);
    assertThat(read.path("email").get(0).path("email_address").asText()).isEqualTo(a);
  }

  // §3.6 Write: an invalid address gives 422.
  @Test
  void invalidAddressOnUpdateIs422(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Contacts", obj("last_name", scratch.name("invalid")));
    Reply r =
        sugar.put(
            "/Contacts/" + rec.path("id").asText(),
            obj("email", List.of(obj("email_address", "sbct@@nowhere"))));
    assertErrorMessage(r, 422, "sbct@@nowhere is an invalid email address");
  }

  // §3.6 Legacy fields: writing email1 alone also works (inferred) and shows in the array.
  @Test
  void legacyEmail1(SugarWire sugar, Scratch scratch) {
    String a = scratch.email("legacy");
    JsonNode rec = scratch.create("Leads", obj("last_name", scratch.name("legacy"), "email1", a));
    JsonNode read = assertOk(sugar.get("/Leads/" + rec.path("id").asText()));
    assertThat(read.path("email1").asText()).isEqualTo(a);
    JsonNode e = byAddress(read.path("email"), a);
    assertThat(e.path("primary_address").asBoolean()).isTrue();
  }

  // §3.7: custom *_c fields appear in payloads like normal fields and can be filtered on.
  @Test
  void customFieldsWherePresent(SugarWire sugar, Scratch scratch) {
    String field = customFieldRoundTrip(sugar, scratch);
    assumeTrue(field != null, "no text custom field (*_c) on Accounts or Contacts here");
  }

  /**
   * Finds a text {@code *_c} field on Accounts or Contacts, writes it, reads it back and filters on
   * it; returns the field checked, or null when there is none.
   */
  static String customFieldRoundTrip(SugarWire sugar, Scratch scratch) {
    JsonNode meta =
        assertOk(sugar.get("/metadata?type_filter=modules&module_filter=Accounts,Contacts"));
    String module = null;
    String field = null;
    for (String m : List.of("Accounts", "Contacts")) {
      Iterator<Map.Entry<String, JsonNode>> it =
          meta.path("modules").path(m).path("fields").fields();
      while (it.hasNext() && field == null) {
        Map.Entry<String, JsonNode> f = it.next();
        String type = f.getValue().path("type").asText();
        if (f.getKey().endsWith("_c") && List.of("varchar", "text", "name").contains(type)) {
          module = m;
          field = f.getKey();
        }
      }
    }
    if (field == null) {
      return null;
    }
    String value = scratch.name("custom");
    JsonNode rec = scratch.create(module, obj("name", value, "last_name", value, field, value));
    assertThat(rec.path(field).asText()).isEqualTo(value);
    assertThat(
            assertOk(sugar.get("/" + module + "/" + rec.path("id").asText())).path(field).asText())
        .isEqualTo(value);
    JsonNode found =
        assertOk(sugar.post("/" + module + "/filter", obj("filter", List.of(obj(field, value)))));
    assertThat(found.path("records")).hasSize(1);
    assertThat(found.path("records").get(0).path("id").asText()).isEqualTo(rec.path("id").asText());
    return module + "." + field;
  }
}
