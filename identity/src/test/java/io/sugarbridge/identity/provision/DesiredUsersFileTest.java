package io.sugarbridge.identity.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
                        "people.csv header (row 1): Email: unknown column 'Email' (column 3;"
                            + " did you mean email?); known: user_name, first_name, last_name, email, title,"
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
                        "people.yaml:1: licence_type: unknown top-level key 'licence_type' (did"
                            + " you mean license_type?); known: users, license_type",
                        "people.yaml:4: users[1].email: must be a single value, not a list or"
                            + " mapping",
                        "people.yaml:5: users[1].title: must be a single value, not a list or"
                            + " mapping",
                        "people.yaml:6: users[2]: must be a mapping of user_name, first_name,"
                            + " last_name, email, title, department, manager, status, roles",
                        "people.yaml:8: users[3].roles: each item must be a single value"));
  }

  @Test
  void yamlProblemsNameTheLineAndSuggestTheKeyMeant() throws Exception {
    Path f = dir.resolve("people.yaml");
    Files.writeString(
        f,
        "users:\n"
            + "  - user_name: ceo\n"
            + "    emial: ceo@x.io\n"
            + "  - first_name: Nobody\n"
            + "  - user_name: CEO\n"
            + "    status: Gone\n"
            + "  - {user_name: '  '}\n"
            + "  - {user_name: "
            + "x".repeat(61)
            + "}\n");

    assertThatThrownBy(() -> DesiredUsersFile.read(f, Map.<String, String>of()::get))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::toString)
                    .containsExactlyInAnyOrder(
                        "people.yaml:3: users[1].emial: unknown key 'emial' (did you mean"
                            + " email?); known: user_name, first_name, last_name, email, title,"
                            + " department, manager, status, roles",
                        "people.yaml:4: users[2].user_name: user_name is missing",
                        "people.yaml:6: users[3].status: status 'Gone' must be Active or"
                            + " Inactive",
                        "people.yaml:5: user_name: user_name 'CEO' is also at people.yaml:2",
                        "people.yaml:7: users[4].user_name: user_name is missing",
                        "people.yaml:8: users[5].user_name: user_name '"
                            + "x".repeat(61)
                            + "' is longer than Sugar's 60 characters"));
  }

  @Test
  void yamlValuesUseEnvironmentVariablesAndCsvCellsAreTakenAsWritten() throws Exception {
    Path yaml = dir.resolve("people.yml");
    Files.writeString(
        yaml,
        "license_type: ${LICENSE}\n"
            + "users:\n"
            + "  - user_name: ceo\n"
            + "    title: ${TITLE}\n"
            + "    department: $${NOT_A_VARIABLE}\n"
            + "    status: INACTIVE\n"
            + "    roles: [Sales Rep; Support, Sales Rep]\n");
    Map<String, String> env = Map.of("LICENSE", "SUGAR_SELL", "TITLE", "Chief");

    DesiredUsers d = DesiredUsersFile.read(yaml, env::get);

    assertThat(d.licenseTypes()).containsExactly("SUGAR_SELL");
    DesiredUser ceo = d.users().get(0);
    assertThat(ceo.title()).isEqualTo("Chief");
    assertThat(ceo.department()).isEqualTo("${NOT_A_VARIABLE}");
    assertThat(ceo.status()).isEqualTo("Inactive");
    assertThat(ceo.roles()).containsExactly("Sales Rep", "Support");
    assertThat(ceo.where()).isEqualTo("people.yml:3");
    assertThat(d.file()).isEqualTo(yaml.toString());

    assertThatThrownBy(() -> DesiredUsersFile.read(yaml, Map.<String, String>of()::get))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::toString)
                    .containsExactly(
                        "people.yml:1: license_type: refers to environment variable LICENSE,"
                            + " which is not set; set it (export LICENSE=...) or write the value",
                        "people.yml:4: users[1].title: refers to environment variable TITLE,"
                            + " which is not set; set it (export TITLE=...) or write the value"));

    Path csv = dir.resolve("people.csv");
    Files.writeString(csv, "user_name,title\nceo,${TITLE} $${X}\n");
    assertThat(DesiredUsersFile.read(csv, env::get).users().get(0).title())
        .isEqualTo("${TITLE} $${X}");
  }

  @Test
  void aYamlFileWithoutAUsersListSaysWhatToWrite() throws Exception {
    String missing =
        "users: expected a top-level 'users:' list of users; write users: and one"
            + " '- user_name: ...' line per user";
    Map<String, String> files =
        Map.of(
            "empty.yaml", "# nothing yet\n",
            "list.yaml", "- user_name: ceo\n",
            "none.yaml", "license_type: [SUGAR_SELL]\n",
            "blank.yaml", "users:\n");
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.writeString(f, e.getValue());
      assertThatThrownBy(() -> DesiredUsersFile.read(f))
          .as(e.getKey())
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              x ->
                  assertThat(x.problems())
                      .extracting(ConfigProblem::toString)
                      .containsExactly(
                          (e.getKey().equals("empty.yaml") ? "empty.yaml" : e.getKey() + ":1")
                              + ": "
                              + missing));
    }
    Path map = dir.resolve("map.yaml");
    Files.writeString(map, "license_type: []\nusers:\n  ceo: {last_name: Boss}\n");
    assertThatThrownBy(() -> DesiredUsersFile.read(map))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            x ->
                assertThat(x.problems())
                    .extracting(ConfigProblem::toString)
                    .containsExactly("map.yaml:2: users: must be a list"));

    Path none = dir.resolve("nobody.yaml");
    Files.writeString(none, "license_type: []\nusers: []\n");
    DesiredUsers d = DesiredUsersFile.read(none);
    assertThat(d.users()).isEmpty();
    assertThat(d.licenseTypes()).as("given, if empty").isEmpty();
  }

  @Test
  void invalidYamlNamesItsLine() throws Exception {
    Path f = dir.resolve("people.yaml");
    Files.writeString(f, "users:\n  - user_name: ceo\n  - {user_name: rep\n");
    assertThatThrownBy(() -> DesiredUsersFile.read(f))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.location()).startsWith("people.yaml:");
                          assertThat(p.message()).startsWith("is not valid YAML: ");
                        }));
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
