package io.sugarbridge.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleWarehouseTest {

  @TempDir Path dir;

  /**
   * A result row: column names (lower case, in query order) to values as DuckDB's JDBC gives them.
   */
  record Row(Map<String, Object> values) {
    Object get(String column) {
      return values.get(column);
    }
  }

  private List<Row> rows(String file, String query) {
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(file));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          values.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), r.getObject(i));
        }
        rows.add(new Row(values));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private List<String> columns(String file, String table) {
    return List.copyOf(rows(file, "select * from " + table + " limit 1").get(0).values().keySet());
  }

  private long count(String file, String query) {
    return (Long) rows(file, query).get(0).get("n");
  }

  /** The option keys of one of the sandbox's dropdown lists, i.e. what Sugar would accept. */
  private static Set<String> sandboxOptions(String dropdown) throws Exception {
    try (InputStream in =
        SampleWarehouseTest.class.getResourceAsStream(
            "/io/sugarbridge/sandbox/app_list_strings.json")) {
      assertThat(in).as("the sandbox's app_list_strings.json on the test classpath").isNotNull();
      JsonNode options = new ObjectMapper().readTree(in).get(dropdown);
      Set<String> keys = new HashSet<>();
      options.fieldNames().forEachRemaining(keys::add);
      return keys;
    }
  }

  private void assertWellFormed(String file, long accounts, long contacts) throws Exception {
    assertThat(count(file, "select count(*) as n from accounts")).isEqualTo(accounts);
    assertThat(count(file, "select count(*) as n from contacts")).isEqualTo(contacts);
    assertThat(count(file, "select count(distinct name) as n from accounts")).isEqualTo(accounts);
    assertThat(count(file, "select count(distinct email) as n from contacts")).isEqualTo(contacts);
    // Every contact reaches its account by id and by company name alike.
    assertThat(
            count(
                file,
                "select count(*) as n from contacts c join accounts a"
                    + " on a.account_id = c.account_id and a.name = c.company"))
        .isEqualTo(contacts);
    assertThat(
            count(
                file,
                "select count(*) as n from contacts where last_name is null or email not like '%@%'"))
        .isZero();
    Set<String> leadSources = sandboxOptions("lead_source_dom");
    Set<String> industries = sandboxOptions("industry_dom");
    Set<String> accountTypes = sandboxOptions("account_type_dom");
    assertThat(rows(file, "select distinct lead_source from contacts"))
        .allSatisfy(r -> assertThat(leadSources).contains((String) r.get("lead_source")));
    assertThat(rows(file, "select distinct industry from accounts"))
        .allSatisfy(r -> assertThat(industries).contains((String) r.get("industry")));
    assertThat(rows(file, "select distinct account_type from accounts"))
        .allSatisfy(r -> assertThat(accountTypes).contains((String) r.get("account_type")));
    assertThat(leadSources).containsAll(SampleWarehouse.LEAD_SOURCES);
    assertThat(industries).containsAll(SampleWarehouse.INDUSTRIES);
  }

  private List<Map<String, Object>> contents(String file) {
    List<Map<String, Object>> all = new ArrayList<>();
    rows(file, "select * from accounts order by account_id").forEach(r -> all.add(r.values()));
    rows(file, "select * from contacts order by customer_id").forEach(r -> all.add(r.values()));
    return all;
  }

  @Test
  void createsLinkedRealisticAccountsAndContacts() throws Exception {
    SampleWarehouse.Contents contents =
        SampleWarehouse.create(dir.resolve("warehouse.duckdb"), 60, 5, 42);

    assertThat(contents).isEqualTo(new SampleWarehouse.Contents(60, 300));
    assertWellFormed("warehouse.duckdb", 60, 300);
    Row contact = rows("warehouse.duckdb", "select * from contacts order by customer_id").get(0);
    assertThat(contact.values().keySet())
        .containsExactly(
            "customer_id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "title",
            "lead_source",
            "marketing_opt_out",
            "company",
            "account_id",
            "updated_at");
    assertThat(contact.get("customer_id")).isEqualTo("C00000001");
    assertThat(contact.get("marketing_opt_out")).isInstanceOf(Boolean.class);
    assertThat(
            count("warehouse.duckdb", "select count(*) as n from contacts where marketing_opt_out"))
        .isBetween(1L, 100L);
  }

  @Test
  void theSameSeedGivesTheSameWarehouseAndAnotherSeedAnotherOne() {
    SampleWarehouse.create(dir.resolve("a.duckdb"), 20, 3, 7);
    SampleWarehouse.create(dir.resolve("b.duckdb"), 20, 3, 7);
    SampleWarehouse.create(dir.resolve("c.duckdb"), 20, 3, 8);

    assertThat(contents("a.duckdb")).isEqualTo(contents("b.duckdb"));
    assertThat(contents("a.duckdb")).isNotEqualTo(contents("c.duckdb"));
  }

  @Test
  void createLargeWritesManyRowsWithTheSameShape() throws Exception {
    SampleWarehouse.Contents contents =
        SampleWarehouse.createLarge(dir.resolve("large.duckdb"), 1000, 100_000, 42);
    SampleWarehouse.createLarge(dir.resolve("large2.duckdb"), 10, 50, 42);
    SampleWarehouse.createLarge(dir.resolve("large3.duckdb"), 10, 50, 42);

    assertThat(contents).isEqualTo(new SampleWarehouse.Contents(1000, 100_000));
    assertWellFormed("large.duckdb", 1000, 100_000);
    assertThat(columns("large.duckdb", "contacts")).isEqualTo(columns("large2.duckdb", "contacts"));
    assertThat(contents("large2.duckdb")).isEqualTo(contents("large3.duckdb"));
  }

  @Test
  void changeContactsChangesExactlyTheRequestedShareTheSameWayEachTime() {
    SampleWarehouse.create(dir.resolve("a.duckdb"), 100, 10, 1);
    SampleWarehouse.create(dir.resolve("b.duckdb"), 100, 10, 1);
    List<Map<String, Object>> before = contents("a.duckdb");

    long changedA = SampleWarehouse.changeContacts(dir.resolve("a.duckdb"), 0.01, 99);
    long changedB = SampleWarehouse.changeContacts(dir.resolve("b.duckdb"), 0.01, 99);

    assertThat(changedA).isEqualTo(10);
    assertThat(changedB).isEqualTo(10);
    List<Map<String, Object>> after = contents("a.duckdb");
    long differing = 0;
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        differing++;
        assertThat(after.get(i).get("phone")).isNotEqualTo(before.get(i).get("phone"));
      }
    }
    assertThat(differing).isEqualTo(10);
    assertThat(after).isEqualTo(contents("b.duckdb"));
    assertThat(SampleWarehouse.changeContacts(dir.resolve("a.duckdb"), 0, 5)).isZero();
  }
}
