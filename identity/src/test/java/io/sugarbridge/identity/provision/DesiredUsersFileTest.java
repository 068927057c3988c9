package io.sugarbridge.identity.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredUsersFileTest {
  @TempDir Path dir;

  @Test
  void readsCsvWithRolesQuotedCommasABomAndBlankLines() throws Exception {
    Path f = dir.resolve("people.csv");
    Files.writeString(
        f,
        "\uFEFFuser_name,first_name,last_name,email,title,manager,status,roles\n"
            + "ceo,Ada,Boss,ada@x.io,\"Chief, Executive\",,,\n"
            + "\n"
            + "rep,Cy,One,cy@x.io,Rep,ceo,inactive,Sales Rep; Support\n");

    DesiredUsers d = DesiredUsersFile.read(f);

    assertThat(d.users()).hasSize(2);
    DesiredUser ceo = d.users().get(0);
    assertThat(ceo.title()).isEqualTo("Chief, Executive");
    assertThat(ceo.status()).isEqualTo("Active");
    assertThat(ceo.manager()).isNull();
    assertThat(ceo.roles()).as("an empty roles cell leaves roles alone").isNull();
    assertThat(ceo.department()).as("no column: not managed").isNull();
    DesiredUser rep = d.users().get(1);
    assertThat(rep.status()).isEqualTo("Inactive");
    assertThat(rep.roles()).containsExactly("Sales Rep", "Support");
    assertThat(rep.where()).isEqualTo("people.csv row 4");
  }

  @Test
  void readsYamlWithLicenseTypeAndNoRolesKeyMeansRolesUnmanaged() throws Exception {
    Path f = dir.resolve("people.yaml");
    Files.writeString(
        f,
        "license_type: [SUGAR_SERVE]\n"
            + "users:\n"
            + "  - user_name: ceo\n    last_name: Boss\n    roles: [Admins]\n"
            + "  - user_name: rep\n    manager: ceo\n");

    DesiredUsers d = DesiredUsersFile.read(f);

    assertThat(d.licenseTypes()).containsExactly("SUGAR_SERVE");
    assertThat(d.users().get(0).roles()).containsExactly("Admins");
    assertThat(d.users().get(1).roles()).isNull();
  }

  @Test
  void reportsEveryProblemAtOnceNamingTheRow() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(
        f,
        "user_name,email,status,manager,colour\n"
            + ",a@x.io,Active,,\n"
            + "x,not-an-email,Active,,\n"
            + "X,x@x.io,Maybe,,\n"
            + "me,me@x.io,Active,me,\n");

    assertThatThrownBy(() -> DesiredUsersFile.read(f))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::toString)
                    .anySatisfy(s -> assertThat(s).contains("colour"))
                    .anySatisfy(
                        s -> assertThat(s).contains("user_name is missing", "bad.csv row 2"))
                    .noneSatisfy(s -> assertThat(s).contains("not-an-email"))
                    .anySatisfy(s -> assertThat(s).contains("'X' is also at bad.csv row 3"))
                    .anySatisfy(
                        s -> assertThat(s).contains("reporting cycle in the file: me -> me")));
  }

  @Test
  void csvHeaderProblemsAreReportedOnceAndRowsWithTooManyCellsAreRefused() throws Exception {
    Path f = dir.resolve("people.csv");
    Files.writeString(
        f,
        "user_name,email,Email,email\n"
            + "a,a@x.io,,b@x.io\n"
            + "b,b@x.io,,\n"
            + "c,c@x.io,,,Smith, Jr\n");

    assertThatThrownBy(() -> DesiredUsersFile.read(f))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::toString)
                    .containsExactlyInAnyOrder(
                        "people.csv header (row 1): Email: unknown column 'Email' (column 3);"
                            + " known: user_name, first_name, last_name, email, title,"
                            + " department, manager, status, roles",
                        "people.csv header (row 1): email: column 'email' appears twice"
                            + " (columns 2 and 4); keep one",
                        "people.csv row 4: row: has 6 cells but the header has 4 columns; put a"
                            + " value that contains a comma in double quotes"));
  }

  @Test
  void yamlValuesThatWouldBeLostAreErrors() throws Exception {
    Path f = dir.resolve("people.yaml");
    Files.writeString(
        f,
        "licence_type: [SUGAR_SELL]\n"
            + "users:\n"
            + "  - user_name: ceo\n    email: [a@x.io, b@x.io]\n    title: {name: CEO}\n"
            + "  - vp\n"
            + "  - user_name: rep\n    roles: [{name: Sales}]\n");

    assertThatThrownBy(() -> DesiredUsersFile.read(f))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::toString)
                    .containsExactlyInAnyOrder(
                        "people.yaml: licence_type: unknown top-level key 'licence_type'; known:"
                            + " users, license_type",
                        "people.yaml users[0]: email: email must be a single value, not a list",
                        "people.yaml users[0]: title: title must be a single value, not a map",
                        "people.yaml users[1]: users: each entry must be a map of keys"
                            + " (user_name: ..., email: ...), got 'vp'",
                        "people.yaml users[2]: roles: each role must be a role name, got"
                            + " {\"name\":\"Sales\"}"));
  }

  @Test
  void onlyAnExplicitEmptyYamlListClearsRoles() throws Exception {
    Path f = dir.resolve("people.yaml");
    Files.writeString(
        f,
        "users:\n"
            + "  - {user_name: a, roles: []}\n"
            + "  - {user_name: b, roles: }\n"
            + "  - {user_name: c, roles: ''}\n");

    DesiredUsers d = DesiredUsersFile.read(f);

    assertThat(d.users().get(0).roles()).isEmpty();
    assertThat(d.users().get(1).roles()).isNull();
    assertThat(d.users().get(2).roles()).isNull();
  }

  @Test
  void aFileSavedInAWindowsCodePageIsAClearError() throws Exception {
    byte[] latin1 = "user_name,last_name\nana,Ana\njose,Jos\u00e9\n".getBytes("ISO-8859-1");
    for (String name : List.of("people.csv", "people.yaml")) {
      Path f = dir.resolve(name);
      Files.write(
          f,
          name.endsWith(".csv")
              ? latin1
              : "users:\n  - user_name: jose\n    last_name: Jos\u00e9\n".getBytes("ISO-8859-1"));
      assertThatThrownBy(() -> DesiredUsersFile.read(f))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(name + " is not UTF-8 text (line 3")
          .hasMessageContaining("save it as UTF-8 (Excel: 'CSV UTF-8 (Comma delimited)')");
    }
  }

  @Test
  void managersComeBeforeTheirReports() {
    List<DesiredUser> file =
        List.of(
            u("rep", "vp"),
            u("vp", "ceo"),
            u("other", "outsider"),
            u("ceo", null),
            u("rep2", "vp"));
    assertThat(ProvisioningPlanner.createOrder(file))
        .extracting(DesiredUser::userName)
        .containsExactly("other", "ceo", "vp", "rep", "rep2");
  }

  @Test
  void unknownExtensionAndMissingFileAreClearErrors() {
    assertThatThrownBy(() -> DesiredUsersFile.read(dir.resolve("people.txt")))
        .hasMessageContaining("must end in .csv, .yaml or .yml");
    assertThatThrownBy(() -> DesiredUsersFile.read(dir.resolve("nope.csv")))
        .hasMessageContaining("nope.csv does not exist");
  }

  private static DesiredUser u(String name, String manager) {
    return new DesiredUser(name, null, null, null, null, null, manager, "Active", null, name);
  }
}
