package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static io.sugarbridge.contract.support.SugarTargetExtension.withOwnSandbox;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.SandboxOnly;
import io.sugarbridge.contract.support.Secret;
import io.sugarbridge.contract.support.SugarWire;
import io.sugarbridge.sandbox.SandboxConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's switches for behaviour that differs between real instances or that {@code
 * sugar-api.md} marks as inferred (the issue: "make it a switch with the real default"): served
 * version range (§0), {@code max_list_limit} (§3.5, §8), required-field enforcement (§3.1), unknown
 * platforms (§1.5), {@code /integrate} for admins only (§12) and seeding.
 */
@ContractTest
@SandboxOnly("starts sandboxes with non-default switches")
class SandboxSwitchesContractTest {

  // §0: the 301 names the configured range (Sugar 8.0 served 10 to 11.1).
  @Test
  void servedVersionRange() {
    withOwnSandbox(
        SandboxConfig.builder().versionRange("10", "11.1"),
        (sandbox, highest) -> {
          SugarWire sugar = new SugarWire(highest.target().withVersion("11_1"));
          String token = sugar.login().accessToken();
          assertThat(
                  assertOk(sugar.callVersion("v11_1", "GET", "/ping").token(token).send()).asText())
              .isEqualTo("pong");
          assertError(
              sugar.callVersion("v11_5", "GET", "/ping").token(token).send(),
              301,
              "incorrect_version",
              "Please change your requested API version to value between 10 and 11.1.");
        });
  }

  // §3.5: with max_list_limit set, max_num above it or below 1 becomes the limit.
  @Test
  void maxListLimit() {
    withOwnSandbox(
        SandboxConfig.builder().maxListLimit(5),
        (sandbox, sugar) -> {
          for (int i = 0; i < 7; i++) {
            assertOk(sugar.post("/Accounts", obj("name", "limit-" + i)));
          }
          JsonNode big = assertOk(sugar.post("/Accounts/filter", obj("max_num", 100)));
          assertThat(big.path("records")).hasSize(5);
          assertThat(big.path("next_offset").asInt()).isEqualTo(5);
          JsonNode zero = assertOk(sugar.post("/Accounts/filter", obj("max_num", 0)));
          assertThat(zero.path("records")).hasSize(5);
          JsonNode small = assertOk(sugar.post("/Accounts/filter", obj("max_num", 3)));
          assertThat(small.path("records")).hasSize(3);
        });
  }

  // §3.1: required fields are not enforced by default; the switch turns enforcement on.
  @Test
  void enforceRequiredFields() {
    withOwnSandbox(
        SandboxConfig.builder().enforceRequiredFields(true),
        (sandbox, sugar) -> {
          Reply r = sugar.post("/Contacts", obj("first_name", "No Last Name"));
          assertThat(r.status()).as("%s", r).isEqualTo(422);
          assertThat(r.errorMessage()).as("%s", r).contains("last_name");
          assertOk(sugar.post("/Contacts", obj("last_name", "Has One")));
        });
  }

  // §1.5: with disable_unknown_platforms off, any platform may log in.
  @Test
  void unknownPlatformsAllowed() {
    withOwnSandbox(
        SandboxConfig.builder().rejectUnknownPlatforms(false),
        (sandbox, sugar) -> {
          JsonNode g = assertOk(sugar.token(sugar.passwordGrant("sbct_anything")));
          assertThat(g.path("access_token").asText()).isNotBlank();
        });
  }

  // §12: newer guides make /integrate admin-only; a non-admin then gets 403.
  @Test
  void integrateAdminOnly() {
    withOwnSandbox(
        SandboxConfig.builder().integrateAdminOnly(true),
        (sandbox, sugar) -> {
          sandbox.createUser("sbct_plain", "Plain-pw-1", false, List.of());
          String token =
              sugar
                  .login("sbct_plain", Secret.of("Plain-pw-1"), sugar.target().platform())
                  .accessToken();
          Reply r =
              sugar
                  .callVersion("v11_10", "PATCH", "/integrate/Accounts/sync_key/k1")
                  .token(token)
                  .json(obj("name", "x"))
                  .send();
          assertErrorCode(r, 403, "not_authorized");
          Reply admin =
              sugar
                  .callVersion("v11_10", "PATCH", "/integrate/Accounts/sync_key/k1")
                  .json(obj("name", "x"))
                  .send();
          assertThat(admin.status()).as("%s", admin).isEqualTo(201);
        });
  }

  // The issue: --seed N adds N generated records per module.
  @Test
  void seedAddsRecordsPerModule() {
    withOwnSandbox(
        SandboxConfig.builder().seedPerModule(3),
        (sandbox, sugar) -> {
          for (String m :
              List.of(
                  "Accounts", "Contacts", "Leads", "Opportunities", "Cases", "Notes", "Tasks")) {
            JsonNode c = assertOk(sugar.get("/" + m + "/count"));
            assertThat(c.path("record_count").asInt()).as(m).isGreaterThanOrEqualTo(3);
          }
        });
  }
}
