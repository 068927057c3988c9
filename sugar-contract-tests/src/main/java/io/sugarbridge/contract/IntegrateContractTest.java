package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static io.sugarbridge.contract.support.SugarAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import org.junit.jupiter.api.Test;

/**
 * §12 Upsert by external key: {@code PATCH /integrate/{module}/{sync_key_field}/{value}} answers
 * 201 with the id on create and 200 with the same id on update (API v11_10+).
 */
@ContractTest
class IntegrateContractTest {

  @Test
  void upsertCreatesThenUpdatesTheSameRecord(SugarWire sugar, Scratch scratch) {
    assumeTrue(sugar.target().atLeast(11, 10), "/integrate needs API v11_10 or newer");
    assumeTrue(sugar.isAdmin(), "newer guides make /integrate admin-only");
    String key = scratch.name("sync-key-1");
    String path = "/integrate/Accounts/sync_key/" + key;

    Reply created = sugar.call("PATCH", path).json(obj("name", scratch.name("upsert-1"))).send();
    JsonNode c = assertStatus(created, 201);
    String id = idIn(c);
    assertThat(id).as("id in %s", created).isNotBlank();
    scratch.track("Accounts", id);

    Reply updated = sugar.call("PATCH", path).json(obj("name", scratch.name("upsert-2"))).send();
    JsonNode u = assertStatus(updated, 200);
    assertThat(idIn(u)).as("id in %s", updated).isEqualTo(id);

    JsonNode rec = assertOk(sugar.get("/Accounts/" + id));
    assertThat(rec.path("name").asText()).isEqualTo(scratch.name("upsert-2"));
    assertThat(rec.path("sync_key").asText()).isEqualTo(key);
  }

  /**
   * §12 says only "with the id": accept it as {@code id}, as {@code record} (a string, or a record
   * object with an id).
   */
  static String idIn(JsonNode body) {
    if (body.path("id").isTextual()) {
      return body.path("id").asText();
    }
    JsonNode record = body.path("record");
    return record.isTextual() ? record.asText() : record.path("id").asText();
  }
}
