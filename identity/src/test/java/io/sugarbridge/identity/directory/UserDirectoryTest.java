package io.sugarbridge.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading users from a sandbox whose Users module has a Studio-style custom field, in small pages
 * so that paging is exercised, and the admin check against a non-administrator.
 */
class UserDirectoryTest {
  @TempDir Path data;

  @Test
  void readsEveryPageWithCustomFieldsAndDeletedUsersApart() throws Exception {
    Files.writeString(
        data.resolve("custom_fields.json"),
        "{\"Users\":[{\"name\":\"region_c\",\"type\":\"varchar\",\"len\":50}]}");
    try (TestSandbox sandbox = TestSandbox.configured(b -> b.dataDir(data)).start()) {
      SugarClient admin = sandbox.admin();
      for (int i = 0; i < 12; i++) {
        String id = sandbox.createUser("user" + i, "Pw-123456789", false, List.of());
        admin.records().update("Users", id, Map.of("region_c", "EMEA-" + i));
        if (i == 11) {
          admin.records().delete("Users", id);
        }
      }

      UserList users = new UserDirectory(admin, 5).readAll(List.of("region_c"));

      assertThat(users.live()).hasSize(12); // admin + user0..user10
      assertThat(users.deleted()).extracting(SugarUser::userName).containsExactly("user11");
      assertThat(users.liveByUserName("USER3"))
          .get()
          .extracting(u -> u.extra().get("region_c"))
          .isEqualTo("EMEA-3");
      StringWriter csv = new StringWriter();
      UserListPrinter.csv(users, new PrintWriter(csv));
      assertThat(csv.toString()).contains(",region_c\n").contains(",EMEA-10\n");
      StringWriter table = new StringWriter();
      UserListPrinter.table(users, new PrintWriter(table));
      assertThat(table.toString()).contains("12 users: 12 active, 0 inactive");

      assertThatThrownBy(() -> new UserDirectory(admin).readAll(List.of("regin_c", "title")))
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e ->
                  assertThat(e.problems())
                      .extracting(ConfigProblem::toString)
                      .containsExactly(
                          "--fields: Users has no field 'regin_c' (names are case-sensitive;"
                              + " custom fields end in _c, as in Studio)"));
      UserList again = new UserDirectory(admin).readAll(List.of("title", "name", "region_c"));
      StringWriter twice = new StringWriter();
      UserListPrinter.csv(again, new PrintWriter(twice));
      assertThat(twice.toString().lines().findFirst().orElseThrow())
          .as("a standard column asked for again is shown once")
          .isEqualTo(
              "user_name,name,status,admin,email,title,department,manager,date_modified,region_c");
      assertThat(UserListPrinter.json(again).get(0).path("name").asText())
          .isEqualTo("Administrator");

      sandbox.createUser("plain", "Plain-pw-12345", false, List.of());
      SugarClient plain = sandbox.client("plain", "Plain-pw-12345");
      assertThatThrownBy(() -> AdminCheck.requireAdmin(plain, "users apply"))
          .isInstanceOf(NotAnAdministratorException.class)
          .hasMessageContaining("'plain'")
          .hasMessageContaining("users apply needs one; nothing was changed");
      assertThat(AdminCheck.requireAdmin(admin, "users apply").userName()).isEqualTo("admin");
    }
  }
}
