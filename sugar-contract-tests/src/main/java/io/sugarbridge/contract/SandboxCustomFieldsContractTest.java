package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static io.sugarbridge.contract.support.SugarTargetExtension.withOwnSandbox;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.SandboxOnly;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * §3.7 custom fields on a sandbox whose data directory declares one, standing in for Studio, so the
 * {@code _c} path is exercised in every build (the shared sandbox has none).
 */
@ContractTest
@SandboxOnly("declares a custom field in the sandbox's data directory")
class SandboxCustomFieldsContractTest {

  @Test
  void declaredCustomFieldBehavesLikeAnyField(@TempDir Path data) throws IOException {
    Files.writeString(
        data.resolve("custom_fields.json"),
        "{\"Accounts\":[{\"name\":\"sbct_tier_c\",\"type\":\"varchar\",\"len\":100}]}",
        StandardCharsets.UTF_8);
    withOwnSandbox(
        SandboxConfig.builder().dataDir(data),
        (sandbox, sugar) -> {
          JsonNode meta =
              assertOk(sugar.get("/metadata?type_filter=modules&module_filter=Accounts"));
          JsonNode def = meta.path("modules").path("Accounts").path("fields").path("sbct_tier_c");
          assertThat(def.path("type").asText()).isEqualTo("varchar");
          assertThat(def.path("source").asText()).isEqualTo("custom_fields");
          try (Scratch scratch = new Scratch(sugar)) {
            assertThat(EmailAndCustomFieldsContractTest.customFieldRoundTrip(sugar, scratch))
                .isEqualTo("Accounts.sbct_tier_c");
          }
        });
  }
}
