package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.SugarWire;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * §6 Metadata and discovery: {@code /metadata} sections and module field definitions, {@code
 * /metadata/public}, {@code /me}, {@code /ping}, and §3.8 {@code /{module}/enum/{field}}.
 */
@ContractTest
class MetadataContractTest {
  static final List<String> SYNC_MODULES =
      List.of("Contacts", "Leads", "Accounts", "Opportunities", "Cases", "Notes", "Tasks", "Users");

  // §6 / §11: server_info.flavor, version, build and full_module_list.
  @Test
  void serverInfoAndModuleList(SugarWire sugar) {
    Reply r = sugar.get("/metadata?type_filter=server_info,full_module_list");
    JsonNode m = assertOk(r);
    JsonNode info = m.path("server_info");
    assertThat(info.path("flavor").asText()).as("server_info.flavor in %s", r).isNotBlank();
    assertThat(info.path("version").asText()).as("server_info.version").matches("\\d+\\.\\d+.*");
    assertThat(info.has("build")).as("server_info.build").isTrue();
    assertThat(info.has("product_name")).as("server_info.product_name").isTrue();
    List<String> modules = new ArrayList<>();
    JsonNode list = m.path("full_module_list");
    if (list.isArray()) {
      list.forEach(n -> modules.add(n.asText()));
    } else {
      list.fields().forEachRemaining(e -> modules.add(e.getValue().asText()));
    }
    assertThat(modules).containsAll(SYNC_MODULES);
    assertThat(m.path("_hash").asText()).as("_hash").isNotBlank();
    assertThat(r.header("ETag")).as("ETag = metadata hash").hasValue(m.path("_hash").asText());
  }

  // §6: modules.<Module>.fields.<field> holds the vardef, with required where Sugar sets it.
  @Test
  void moduleFieldDefinitions(SugarWire sugar) {
    JsonNode m =
        assertOk(sugar.get("/metadata?type_filter=modules&module_filter=Accounts,Contacts"));
    JsonNode name = m.path("modules").path("Accounts").path("fields").path("name");
    assertThat(name.path("name").asText()).isEqualTo("name");
    assertThat(name.path("type").asText()).isEqualTo("name");
    assertThat(name.path("required").asBoolean()).isTrue();
    assertThat(name.path("len").isNumber() || name.path("len").isTextual()).as("len").isTrue();
    JsonNode lastName = m.path("modules").path("Contacts").path("fields").path("last_name");
    assertThat(lastName.path("required").asBoolean()).as("Contacts.last_name").isTrue();
    JsonNode industry = m.path("modules").path("Accounts").path("fields").path("industry");
    assertThat(industry.path("type").asText()).isEqualTo("enum");
    assertThat(industry.path("options").asText()).as("options list name").isNotBlank();
    JsonNode email = m.path("modules").path("Contacts").path("fields").path("email");
    assertThat(email.isObject()).as("Contacts.email field").isTrue();
    m.path("modules")
        .path("Accounts")
        .path("fields")
        .fields()
        .forEachRemaining(
            f ->
                assertThat(f.getValue().path("type").asText())
                    .as("type of Accounts.%s", f.getKey())
                    .isNotBlank());
  }

  // §6: /metadata needs login; /metadata/public does not.
  @Test
  void metadataNeedsLoginButPublicDoesNot(SugarWire sugar) {
    assertError(
        sugar.call("GET", "/metadata?type_filter=server_info").anonymous().send(),
        401,
        "need_login",
        "No valid authentication for user.");
    JsonNode pub =
        assertOk(
            sugar
                .call(
                    "GET",
                    "/metadata/public?type_filter=server_info&platform="
                        + sugar.target().platform())
                .anonymous()
                .send());
    assertThat(pub.path("server_info").path("version").asText()).isNotBlank();
  }

  // §6 GET /me: current_user with type, id, user_name, full_name, roles, preferences, acl ...
  @Test
  void meShape(SugarWire sugar) {
    Reply r = sugar.get("/me");
    JsonNode u = assertOk(r).path("current_user");
    assertThat(u.path("type").asText()).isIn("user", "admin");
    assertThat(u.path("id").asText()).isNotBlank();
    assertThat(u.path("user_name").asText()).isEqualTo(sugar.target().username());
    assertThat(u.has("full_name")).as("full_name in %s", r).isTrue();
    assertThat(u.path("roles").isArray()).as("roles in %s", r).isTrue();
    assertThat(u.path("is_manager").isBoolean()).as("is_manager in %s", r).isTrue();
    assertThat(u.path("preferences").isObject()).as("preferences in %s", r).isTrue();
    assertThat(u.path("module_list").isArray()).as("module_list in %s", r).isTrue();
    assertThat(u.path("acl").isObject()).as("acl in %s", r).isTrue();
    assertThat(r.header("ETag")).as("ETag of /me").isPresent();
  }

  // §6: /ping needs login and answers "pong"; /ping/whattimeisit answers an ISO time string.
  @Test
  void ping(SugarWire sugar) {
    assertThat(assertOk(sugar.get("/ping")).asText()).isEqualTo("pong");
    JsonNode time = assertOk(sugar.get("/ping/whattimeisit"));
    assertThat(time.isTextual()).isTrue();
    assertThat(time.asText()).matches(RecordCrudContractTest.ISO_DATE);
  }

  // §3.8: GET /{module}/enum/{field} returns the options map; unknown field 404 "field not found".
  @Test
  void enumOptions(SugarWire sugar) {
    JsonNode options = assertOk(sugar.get("/Accounts/enum/industry"));
    assertThat(options.isObject()).isTrue();
    assertThat(options.has("Banking")).as("%s", options).isTrue();
    assertErrorMessage(sugar.get("/Accounts/enum/sbct_nope"), 404, "field not found");
  }

  // §0 ETag: /metadata and /me use their own hash as ETag, and If-None-Match gives 304.
  @Test
  void metadataAndMeAnswer304(SugarWire sugar) {
    for (String path : List.of("/metadata?type_filter=server_info", "/me")) {
      Reply first = sugar.get(path);
      String etag = first.header("ETag").orElseThrow(() -> new AssertionError("no ETag: " + first));
      Reply again = sugar.call("GET", path).header("If-None-Match", etag).send();
      assertThat(again.status()).as("%s", again).isEqualTo(304);
      assertThat(again.body()).isEmpty();
    }
  }
}
