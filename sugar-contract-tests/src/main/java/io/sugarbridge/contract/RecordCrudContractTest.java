package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * §3.1 to §3.4 Record CRUD: create answers 200 with the full record, client-chosen ids, unknown
 * fields ignored, required fields not enforced, read with {@code fields}, partial update, id
 * changes refused, {@code X-Timestamp} edit conflicts, and soft deletes.
 */
@ContractTest
class RecordCrudContractTest {
  static final String ISO_DATE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d";

  // §3.1: 200 (not 201) with the full formatted record.
  @Test
  void createAnswers200WithTheFullRecord(SugarWire sugar, Scratch scratch) {
    Reply r =
        sugar.post(
            "/Accounts",
            obj("name", scratch.name("create"), "industry", "Banking", "description", "d1"));
    JsonNode rec = assertOk(r);
    scratch.track("Accounts", rec.path("id").asText());
    assertThat(rec.path("id").asText()).isNotBlank();
    assertThat(rec.path("name").asText()).isEqualTo(scratch.name("create"));
    assertThat(rec.path("industry").asText()).isEqualTo("Banking");
    assertThat(rec.path("_module").asText()).isEqualTo("Accounts");
    assertThat(rec.path("date_entered").asText()).as("%s", r).matches(ISO_DATE);
    assertThat(rec.path("date_modified").asText()).as("%s", r).matches(ISO_DATE);
    assertThat(rec.path("created_by").asText()).isEqualTo(sugar.userId());
    assertThat(rec.path("_acl").path("fields").isObject()).as("_acl.fields in %s", r).isTrue();
    assertThat(rec.has("my_favorite")).as("my_favorite in %s", r).isTrue();
    assertThat(rec.has("following")).as("following in %s", r).isTrue();
  }

  // §3.1: a client-chosen id is used; the same id again is 422 "Record already exists".
  @Test
  void clientChosenIdAndExistingId(SugarWire sugar, Scratch scratch) {
    String id = UUID.randomUUID().toString();
    JsonNode rec = scratch.create("Accounts", obj("id", id, "name", scratch.name("own-id")));
    assertThat(rec.path("id").asText()).isEqualTo(id);
    Reply again = sugar.post("/Accounts", obj("id", id, "name", scratch.name("own-id-2")));
    assertError(
        again, 422, "invalid_parameter", "Record already exists: " + id + " in module: Accounts");
    assertThat(assertOk(sugar.get("/Accounts/" + id)).path("name").asText())
        .isEqualTo(scratch.name("own-id"));
  }

  // §3.1: unknown fields are silently ignored (including unknown *_c names, §3.7).
  @Test
  void unknownFieldsAreIgnored(SugarWire sugar, Scratch scratch) {
    JsonNode rec =
        scratch.create(
            "Accounts",
            obj(
                "name",
                scratch.name("unknown-fields"),
                "sbct_no_such_field",
                "x",
                "sbct_no_such_field_c",
                "y"));
    assertThat(rec.has("sbct_no_such_field")).isFalse();
    assertThat(rec.has("sbct_no_such_field_c")).isFalse();
  }

  // §3.1: required fields are NOT enforced server-side (Contacts.last_name, Accounts.name).
  @Test
  void requiredFieldsAreNotEnforced(SugarWire sugar, Scratch scratch) {
    JsonNode contact = scratch.create("Contacts", obj("first_name", scratch.name("no-last")));
    assertThat(contact.path("first_name").asText()).isEqualTo(scratch.name("no-last"));
    JsonNode account = scratch.create("Accounts", obj("description", scratch.name("no-name")));
    assertThat(account.path("id").asText()).isNotBlank();
  }

  // §3.1 Validation errors: an invalid e-mail address is 422 "<addr> is an invalid email address".
  @Test
  void invalidEmailIs422(SugarWire sugar, Scratch scratch) {
    Reply r =
        sugar.post(
            "/Contacts",
            obj(
                "last_name",
                scratch.name("bad-email"),
                "email",
                List.of(obj("email_address", "sbct-not-an-email", "primary_address", true))));
    scratch.trackIfCreated("Contacts", r);
    assertErrorMessage(r, 422, "sbct-not-an-email is an invalid email address");
  }

  // §3.2: fields=a,b restricts the answer.
  @Test
  void readWithFields(SugarWire sugar, Scratch scratch) {
    JsonNode rec =
        scratch.create(
            "Accounts",
            obj("name", scratch.name("fields"), "industry", "Energy", "description", "hidden"));
    String id = rec.path("id").asText();
    JsonNode full = assertOk(sugar.get("/Accounts/" + id));
    assertThat(full.path("description").asText()).isEqualTo("hidden");
    assertThat(full.path("_module").asText()).isEqualTo("Accounts");

    JsonNode some = assertOk(sugar.get("/Accounts/" + id + "?fields=name,industry"));
    assertThat(some.path("id").asText()).isEqualTo(id);
    assertThat(some.path("name").asText()).isEqualTo(scratch.name("fields"));
    assertThat(some.path("industry").asText()).isEqualTo("Energy");
    assertThat(some.has("description")).as("description not asked for").isFalse();
  }

  // §3.2: 404 not_found "Could not find record: <id> in module: <module>".
  @Test
  void readMissingRecordIs404(SugarWire sugar) {
    String id = UUID.randomUUID().toString();
    assertError(
        sugar.get("/Contacts/" + id),
        404,
        "not_found",
        "Could not find record: " + id + " in module: Contacts");
  }

  // §3.3: partial update touches only the keys sent and returns the full record.
  @Test
  void partialUpdate(SugarWire sugar, Scratch scratch) {
    JsonNode rec =
        scratch.create(
            "Accounts",
            obj("name", scratch.name("partial"), "industry", "Retail", "description", "before"));
    String id = rec.path("id").asText();
    JsonNode updated = assertOk(sugar.put("/Accounts/" + id, obj("description", "after")));
    assertThat(updated.path("id").asText()).isEqualTo(id);
    assertThat(updated.path("description").asText()).isEqualTo("after");
    assertThat(updated.path("name").asText()).isEqualTo(scratch.name("partial"));
    assertThat(updated.path("industry").asText()).isEqualTo("Retail");
    assertThat(updated.path("_module").asText()).isEqualTo("Accounts");
    JsonNode read = assertOk(sugar.get("/Accounts/" + id));
    assertThat(read.path("description").asText()).isEqualTo("after");
    assertThat(read.path("industry").asText()).isEqualTo("Retail");
  }

  // §3.3: deleted and created_by are stripped from the input.
  @Test
  void updateIgnoresDeletedAndCreatedBy(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("strip")));
    String id = rec.path("id").asText();
    String createdBy = rec.path("created_by").asText();
    Reply r = sugar.put("/Accounts/" + id, obj("deleted", true, "created_by", "sbct-someone"));
    assertThat(assertOk(r).path("created_by").asText()).isEqualTo(createdBy);
    assertThat(assertOk(sugar.get("/Accounts/" + id)).path("created_by").asText())
        .isEqualTo(createdBy);
  }

  // §3.3: changing id in the body is 422.
  @Test
  void changingIdIs422(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("id-change")));
    String id = rec.path("id").asText();
    String other = UUID.randomUUID().toString();
    Reply r = sugar.put("/Accounts/" + id, obj("id", other, "name", "x"));
    assertThat(r.status()).as("%s", r).isEqualTo(422);
    assertThat(r.errorMessage())
        .as("%s", r)
        .isIn(
            "Not allowed to change record id '" + other + "' in the Accounts module",
            "Not allowed to change record id '" + id + "' in the Accounts module");
    assertThat(assertOk(sugar.get("/Accounts/" + id)).path("name").asText())
        .isEqualTo(scratch.name("id-change"));
  }

  // §3.3 (inferred): updating a missing record is 404 not_found.
  @Test
  void updateMissingRecordIs404(SugarWire sugar) {
    String id = UUID.randomUUID().toString();
    assertErrorCode(sugar.put("/Accounts/" + id, obj("description", "x")), 404, "not_found");
  }

  // §3.3 Optimistic locking: X-Timestamp older than date_modified is 409 edit_conflict + record;
  // the current date_modified is accepted.
  @Test
  void xTimestampEditConflict(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("lock")));
    String id = rec.path("id").asText();
    Reply stale =
        sugar
            .call("PUT", "/Accounts/" + id)
            .header("X-Timestamp", "2000-01-01T00:00:00+00:00")
            .json(obj("description", "lost"))
            .send();
    JsonNode body =
        assertError(stale, 409, "edit_conflict", "Edit conflict, please reload the record data.");
    assertThat(body.path("record").path("id").asText()).isEqualTo(id);
    assertThat(assertOk(sugar.get("/Accounts/" + id)).path("description").asText())
        .isNotEqualTo("lost");

    Reply fresh =
        sugar
            .call("PUT", "/Accounts/" + id)
            .header("X-Timestamp", rec.path("date_modified").asText())
            .json(obj("description", "kept"))
            .send();
    assertThat(assertOk(fresh).path("description").asText()).isEqualTo("kept");
  }

  // §3.4: delete answers {"id": ...}; the record is then 404 but still listed with deleted=true.
  @Test
  void softDelete(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("delete-me")));
    String id = rec.path("id").asText();
    Reply del = sugar.delete("/Accounts/" + id);
    assertThat(assertOk(del).path("id").asText()).isEqualTo(id);
    assertThat(del.json().size()).as("%s", del).isEqualTo(1);

    assertError(
        sugar.get("/Accounts/" + id),
        404,
        "not_found",
        "Could not find record: " + id + " in module: Accounts");
    JsonNode filter = obj("filter", List.of(obj("id", id)));
    assertThat(assertOk(sugar.post("/Accounts/filter", filter)).path("records")).isEmpty();

    JsonNode withDeleted =
        assertOk(
            sugar.post("/Accounts/filter", obj("filter", List.of(obj("id", id)), "deleted", true)));
    assertThat(withDeleted.path("records")).hasSize(1);
    JsonNode deleted = withDeleted.path("records").get(0).path("deleted");
    assertThat(deleted.asText()).as("deleted flag").isIn("true", "1");
  }

  // §3.4: deleting a missing (or already deleted) record is 404.
  @Test
  void deleteMissingRecordIs404(SugarWire sugar) {
    String id = UUID.randomUUID().toString();
    assertErrorCode(sugar.delete("/Accounts/" + id), 404, "not_found");
  }

  // §3.1/§3.3 work for every sync module, with _module naming it.
  @Test
  void everySyncModuleSupportsCrud(SugarWire sugar, Scratch scratch) {
    for (String module :
        List.of("Contacts", "Leads", "Accounts", "Opportunities", "Cases", "Notes", "Tasks")) {
      JsonNode rec = scratch.create(module, obj("name", scratch.name(module), "description", "a"));
      String id = rec.path("id").asText();
      assertThat(rec.path("_module").asText()).isEqualTo(module);
      JsonNode up = assertOk(sugar.put("/" + module + "/" + id, obj("description", "b")));
      assertThat(up.path("description").asText()).as(module).isEqualTo("b");
      assertThat(assertOk(sugar.get("/" + module + "/" + id)).path("_module").asText())
          .isEqualTo(module);
    }
  }
}
