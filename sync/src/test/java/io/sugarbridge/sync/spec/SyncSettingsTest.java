package io.sugarbridge.sync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each value of a sync file checked at its declaration, named with its line. */
class SyncSettingsTest {
  private static final Path FILE = Path.of("/syncs/contacts.yaml");
  private static final String REST = "key: id\ntarget: {module: Accounts}\nmappings: {name: n}\n";

  private static SyncSpec parse(String yaml) {
    return SyncSpecReader.parse(yaml, FILE, Map.of("COL", "Mail")::get);
  }

  private static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigurationException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected configuration problems");
  }

  @Test
  void aSourceUrlNoSourceReadsIsRefusedWithItsLineAndWithoutItsPassword() {
    assertThat(problems("source: {url: \"mysql://bob:hunter2@db/shop\", query: select 1}\n" + REST))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .startsWith("/syncs/contacts.yaml:1: source.url: 'mysql://bob:")
                    .contains("is not a source URL sugarbridge understands", "jdbc:postgresql://")
                    .doesNotContain("hunter2"));
    assertThat(problems("source: {url: \"duckdb:w.duckdb?x=1\", query: select 1}\n" + REST))
        .containsExactly(
            "/syncs/contacts.yaml:1: source.url: 'duckdb:w.duckdb?x=1' has options after '?';"
                + " write only the DuckDB file path.");
    for (String url : new String[] {"duckdb:", "DuckDB:w.duckdb", "jdbc:duckdb:", "jdbc:h2:mem:"}) {
      assertThat(parse("source: {url: \"" + url + "\", query: select 1}\n" + REST).source().url())
          .isEqualTo(url);
    }
    assertThat(parse("source: {url: \"\", query: select 1}\n" + REST).source().url())
        .isEqualTo("duckdb:warehouse.duckdb");
  }

  @Test
  void unknownKeysAtEveryLevelNameTheClosestKnownKey() {
    assertThat(
            problems(
                """
                nme: x
                source: {table: t, usr: u}
                key: id
                target: {module: Accounts, mod: upsert, match: {field: id, colum: c}}
                mappings:
                  name: {column: n, trnsform: lower}
                  website: {const: x, column: y}
                  industry: {emial: e}
                """))
        .contains(
            "/syncs/contacts.yaml:1: nme: unknown setting (did you mean name?); known settings are"
                + " name, sugar, source, key, target, mappings, batch_size, concurrency, enum_check,"
                + " error_file",
            "/syncs/contacts.yaml:2: source.usr: unknown setting (did you mean user?); known"
                + " settings are url, query, table, user, password, fetch_size",
            "/syncs/contacts.yaml:4: target.mod: unknown setting (did you mean mode?); known"
                + " settings are module, mode, match",
            "/syncs/contacts.yaml:4: target.match.colum: unknown setting (did you mean column?);"
                + " known settings are field, column",
            "/syncs/contacts.yaml:4: target.match.column: is missing; write e.g. {field: email,"
                + " column: email}",
            "/syncs/contacts.yaml:6: mappings.name.trnsform: unknown setting (did you mean"
                + " transform?); known settings are column, transform",
            "/syncs/contacts.yaml:7: mappings.website.const: unknown setting; known settings are"
                + " column, transform",
            "/syncs/contacts.yaml:8: mappings.industry: has keys emial (did you mean email?); write"
                + " a single column, {column: …, transform: …}, {const: …}, {email: …, opt_out: …}"
                + " or {lookup: …}");
  }

  @Test
  void everyShapeOfAMappingIsCheckedWhereItIsWritten() {
    assertThat(
            problems(
                """
                source: {table: t}
                key: id
                target: {module: Contacts}
                mappings:
                  bad-name: x
                  first_name:
                  title: ""
                  department: [a]
                  phone_mobile: {column: }
                  email: {email: }
                  account_id: {lookup: {module: Acounts, field: name}}
                  birthdate: {lookup: x}
                  description: {column: d, transform: title}
                """))
        .containsExactly(
            "/syncs/contacts.yaml:5: mappings.bad-name: 'bad-name' is not a Sugar field name",
            "/syncs/contacts.yaml:6: mappings.first_name: has no column; write the source column's"
                + " name, or {const: value} for a constant",
            "/syncs/contacts.yaml:7: mappings.title: has no column; write the source column's name,"
                + " or {const: value} for a constant",
            "/syncs/contacts.yaml:8: mappings.department: must be a single column, {column: …,"
                + " transform: …}, {const: …}, {email: …, opt_out: …} or {lookup: …}",
            "/syncs/contacts.yaml:9: mappings.phone_mobile.column: has no column; write the source"
                + " column's name, or {const: value} for a constant",
            "/syncs/contacts.yaml:10: mappings.email.email: needs the column holding the address,"
                + " e.g. {email: email}",
            "/syncs/contacts.yaml:11: mappings.account_id.lookup.module: 'Acounts' is not a module"
                + " (did you mean Accounts?); write one of Contacts, Leads, Accounts, Opportunities,"
                + " Cases, Notes, Tasks",
            "/syncs/contacts.yaml:11: mappings.account_id.lookup.column: is missing; write e.g."
                + " {lookup: {module: Accounts, field: name, column: company}}",
            "/syncs/contacts.yaml:12: mappings.birthdate.lookup: must be {module, field, column},"
                + " e.g. {lookup: {module: Accounts, field: name, column: company}}",
            "/syncs/contacts.yaml:13: mappings.description.transform: 'title' is not a transform;"
                + " write trim, lower or upper",
            "/syncs/contacts.yaml:4: mappings.last_name: Contacts records need last_name but no"
                + " mapping gives it a value; add 'last_name: <column>' under mappings");
  }

  @Test
  void columnsAreLowerCaseAndAPlainEmailColumnBuildsTheAddressList() {
    SyncSpec s =
        parse(
            """
            source: {table: t}
            key: [Region, " ID "]
            target: {module: Leads, match: {field: email, column: EMail}}
            mappings:
              last_name: Last_Name
              email: "${COL}"
              title: {column: Job, transform: upper}
              status: {const: New}
              description: {const: }
            """);
    assertThat(s.key()).containsExactly("region", "id");
    assertThat(s.match()).isEqualTo(new MatchRule("email", "email", 3));
    assertThat(s.mappings())
        .containsEntry(
            "last_name", new FieldMapping.Column("last_name", FieldMapping.Transform.NONE, 5))
        .containsEntry("email", new FieldMapping.Email("mail", null, 6))
        .containsEntry("title", new FieldMapping.Column("job", FieldMapping.Transform.UPPER, 7))
        .containsEntry("status", new FieldMapping.Const("New", 8))
        .containsEntry("description", new FieldMapping.Const(null, 9));
    assertThat(s.location("mappings")).isEqualTo("/syncs/contacts.yaml:4");
    assertThat(s.location("target.match")).isEqualTo("/syncs/contacts.yaml:3");
    assertThat(s.location("error_file")).isEqualTo("/syncs/contacts.yaml");
  }

  @Test
  void keysTargetsAndNumbersThatAreNotWhatTheyShouldBe() {
    assertThat(problems("source:\nkey:\ntarget:\n"))
        .containsExactly(
            "/syncs/contacts.yaml:1: source: is missing; write source: {query: select * from"
                + " customers}",
            "/syncs/contacts.yaml:2: key: is missing; name the source column(s) that identify a"
                + " row across runs, e.g. key: customer_id",
            "/syncs/contacts.yaml:3: target: is missing; write target: {module: Contacts, mode:"
                + " upsert}");
    assertThat(problems("source: {table: t}\nkey: [a, \" \"]\n" + REST.substring(8)))
        .containsExactly("/syncs/contacts.yaml:2: key: each key entry must be a column name");
    assertThat(problems("source: {table: t}\nkey: {a: 1}\n" + REST.substring(8)))
        .containsExactly("/syncs/contacts.yaml:2: key: must be a list");
    assertThat(problems("source: {table: t}\nkey: id\ntarget: {module: Acounts}\n"))
        .containsExactly(
            "/syncs/contacts.yaml:3: target.module: 'Acounts' is not a module sugarbridge syncs"
                + " (did you mean Accounts?); write one of Contacts, Leads, Accounts,"
                + " Opportunities, Cases, Notes, Tasks");
    assertThat(problems("source: {table: t}\nkey: id\ntarget: {module: Accounts, mode: merge}\n"))
        .containsExactly(
            "/syncs/contacts.yaml:3: target.mode: 'merge' is not a mode; write insert, update or"
                + " upsert");
    assertThat(
            problems(
                "source: {table: t, fetch_size: abc}\n"
                    + REST
                    + "batch_size: 5000\nconcurrency: 0\n"))
        .containsExactly(
            "/syncs/contacts.yaml:1: source.fetch_size: must be a whole number, was 'abc'",
            "/syncs/contacts.yaml:5: batch_size: must be between 1 and 1000, was 5000",
            "/syncs/contacts.yaml:6: concurrency: must be between 1 and 32, was 0");
  }

  @Test
  void aNameTakenFromTheFileNameIsCheckedToo() {
    assertThat(
            catchProblems(
                () ->
                    SyncSpecReader.parse(
                        "source: {table: t}\n" + REST, Path.of("/syncs/my sync.yaml"), x -> null)))
        .containsExactly(
            "/syncs/my sync.yaml:1: name: 'my sync' is not usable as a file name; use letters,"
                + " digits, '.', '_' or '-' (no '..')");
    assertThat(parse("name:\nsource: {table: t}\n" + REST).name()).isEqualTo("contacts");
  }

  private static List<String> catchProblems(Runnable r) {
    try {
      r.run();
    } catch (ConfigurationException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected configuration problems");
  }
}
