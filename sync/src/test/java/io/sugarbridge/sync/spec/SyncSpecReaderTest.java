package io.sugarbridge.sync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSpecReaderTest {
  private static final Path FILE = Path.of("/syncs/contacts.yaml");

  private static SyncSpec parse(String yaml) {
    return SyncSpecReader.parse(yaml, FILE, Map.of("PG_PASSWORD", "pw-from-env")::get);
  }

  private static List<ConfigProblem> problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigurationException e) {
      return e.problems();
    }
    throw new AssertionError("expected configuration problems");
  }

  @Test
  void readsEveryKeyAndAppliesDefaults() {
    SyncSpec s =
        parse(
            """
            name: contacts-from-crm-model
            sugar: conn/sugarbridge.yaml
            source:
              url: jdbc:postgresql://127.0.0.1/dw
              query: select * from analytics.customers
              user: etl
              password: ${PG_PASSWORD}
            key: [region, customer_id]
            target:
              module: Contacts
              match: { field: id, column: sugar_id }
            mappings:
              last_name: last_name
              first_name: {column: first_name, transform: trim}
              email: { email: email, opt_out: marketing_opt_out }
              lead_source: { const: "Web Site" }
              account_id: { lookup: { module: Accounts, field: name, column: company } }
            """);
    assertThat(s.name()).isEqualTo("contacts-from-crm-model");
    assertThat(s.sugarFile()).isEqualTo(Path.of("/syncs/conn/sugarbridge.yaml"));
    assertThat(s.source().password().reveal()).isEqualTo("pw-from-env");
    assertThat(s.source().toString()).doesNotContain("pw-from-env");
    assertThat(s.key()).containsExactly("region", "customer_id");
    assertThat(s.mode()).isEqualTo(SyncMode.UPSERT);
    assertThat(s.match()).isEqualTo(new MatchRule("id", "sugar_id", 11));
    assertThat(s.batchSize()).isEqualTo(20);
    assertThat(s.concurrency()).isEqualTo(2);
    assertThat(s.enumCheck()).isEqualTo(EnumCheck.ERROR);
    assertThat(s.errorFile())
        .isEqualTo(Path.of("/syncs/.sugarbridge/contacts-from-crm-model.errors.jsonl"));
    assertThat(s.mappings().keySet())
        .containsExactly("last_name", "first_name", "email", "lead_source", "account_id");
    assertThat(s.mappings().get("account_id"))
        .isEqualTo(new FieldMapping.Lookup("Accounts", "name", "company", 17));
    assertThat(s.location("mappings.email")).isEqualTo("/syncs/contacts.yaml:15");
  }

  @Test
  void reportsEveryProblemAtOnceWithItsLine() {
    List<ConfigProblem> p =
        problems(
            """
            name: bad
            source: {query: select 1}
            key: id
            target:
              module: Contact
              mode: mirror
            batchsize: 50
            concurrency: 0
            enum_check: maybe
            mappings:
              last_name: ${UNSET_VAR}
              email: {emial: email}
            """);
    assertThat(p)
        .extracting(ConfigProblem::setting)
        .contains(
            "batchsize",
            "target.module",
            "target.mode",
            "concurrency",
            "enum_check",
            "mappings.last_name",
            "mappings.email");
    assertThat(p)
        .filteredOn(x -> x.setting().equals("target.module"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.location()).isEqualTo("/syncs/contacts.yaml:5");
              assertThat(x.message()).contains("write 'Contacts'");
            });
    assertThat(p)
        .filteredOn(x -> x.setting().equals("target.mode"))
        .singleElement()
        .satisfies(
            x -> assertThat(x.message()).contains("mirror mode", "insert, update or upsert"));
    assertThat(p)
        .filteredOn(x -> x.setting().equals("batchsize"))
        .singleElement()
        .satisfies(x -> assertThat(x.location()).endsWith(":7"));
    assertThat(p)
        .filteredOn(x -> x.setting().equals("mappings.last_name"))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("UNSET_VAR"));
  }

  @Test
  void updateWithoutMatchAudienceModesAndUnmappedRequiredFieldsAreRefused() {
    List<ConfigProblem> update =
        problems(
            """
            source: {table: customers}
            key: id
            target: {module: Accounts, mode: update}
            mappings: {website: site}
            """);
    assertThat(update)
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder("target.match", "mappings.name");
    assertThat(update.toString())
        .contains("update mode needs a match rule", "Accounts records need name");

    List<ConfigProblem> audience =
        problems(
            """
            source: {table: customers, query: select 1}
            target: {module: Leads, mode: add_to_audience}
            mappings: {last_name: last_name}
            """);
    assertThat(audience)
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder("source.query", "key", "target.mode");
    assertThat(audience.toString()).contains("audience modes are not supported");
  }

  @Test
  void noMappingsMeansSeededDefaultsFromSameNamedColumns() {
    SyncSpec s =
        parse(
            """
            source: {table: people}
            key: id
            target: {module: Contacts}
            """);
    assertThat(s.defaultMappings()).isTrue();
    assertThat(SpecChecks.seedMappings("Contacts", List.of("id", "last_name", "email", "shoe")))
        .containsOnlyKeys("last_name", "email");
    assertThat(
            SpecChecks.checkColumns(
                s.withMappings(SpecChecks.seedMappings("Contacts", List.of("id", "first_name"))),
                List.of("id", "first_name")))
        .extracting(ConfigProblem::message)
        .anySatisfy(m -> assertThat(m).contains("column named 'last_name'"));
  }
}
