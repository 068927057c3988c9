package io.sugarbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.sandbox.demo.SampleWarehouse;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync files run as the command line runs them ({@link SyncEngine#forSpec}): a real DuckDB
 * warehouse and a CSV read through DuckDB, into the sandbox, then a re-run that sends nothing.
 */
class WarehouseSyncTest {
  @TempDir static Path dataDir;
  static SandboxFixture fx;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    fx = new SandboxFixture(dataDir);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private void connectionFile(String platform) {
    fx.writeConnectionFile(dir, platform);
  }

  @Test
  void accountsThenContactsLinkedToThemFromADuckDbWarehouse() throws Exception {
    connectionFile("sugarbridge");
    SampleWarehouse.Contents wh =
        SampleWarehouse.create(dir.resolve("warehouse.duckdb"), 4, 3, 42L);
    Files.writeString(
        dir.resolve("accounts.yaml"),
        """
        name: accounts
        source:
          table: accounts
        key: account_id
        target: {module: Accounts, mode: upsert}
        mappings:
          name: name
          industry: industry
          account_type: account_type
          website: website
          billing_address_city: billing_city
        """);
    Files.writeString(
        dir.resolve("contacts.yaml"),
        """
        name: contacts
        source:
          query: select * from contacts order by customer_id
        key: customer_id
        target:
          module: Contacts
          mode: upsert
          match: {field: email, column: email}
        mappings:
          first_name: first_name
          last_name: last_name
          email: {email: email, opt_out: marketing_opt_out}
          lead_source: lead_source
          account_id: {lookup: {module: Accounts, field: name, column: company}}
        batch_size: 5
        concurrency: 2
        """);
    SyncSpec accounts = SyncSpecReader.read(dir.resolve("accounts.yaml"));
    SyncSpec contacts = SyncSpecReader.read(dir.resolve("contacts.yaml"));
    RunReport a = SyncEngine.forSpec(accounts).run(accounts, SyncOptions.defaults());
    assertThat(a.count(Outcome.CREATED)).as(a.summary()).isEqualTo(wh.accounts());
    RunReport c = SyncEngine.forSpec(contacts).run(contacts, SyncOptions.defaults());
    assertThat(c.count(Outcome.CREATED)).as(c.summary()).isEqualTo(wh.contacts());

    SugarClient client = fx.client();
    assertThat(client.records().count("Contacts", Filter.field("account_id").notEmpty()))
        .isGreaterThanOrEqualTo(wh.contacts());

    int calls = fx.sandbox.requestLog().size();
    RunReport again = SyncEngine.forSpec(contacts).run(contacts, SyncOptions.defaults());
    assertThat(again.count(Outcome.UNCHANGED)).isEqualTo(wh.contacts());
    assertThat(fx.sandbox.requestLog()).hasSize(calls);
    assertThat(SyncEngine.runs(contacts, 5, java.time.Clock.systemUTC())).hasSize(2);
  }

  @Test
  void csvThroughInMemoryDuckDb() throws Exception {
    connectionFile("sync-second");
    Files.writeString(
        dir.resolve("people.csv"),
        "id,first_name,last_name,status\n1,Ada,CsvLead,New\n2,Bob,CsvLead,Bogus\n");
    Files.writeString(
        dir.resolve("leads.yaml"),
        """
        source:
          url: "duckdb:"
          query: select * from 'people.csv'
        key: id
        target: {module: Leads, mode: insert}
        mappings: {first_name: first_name, last_name: last_name, status: status}
        error_file: leads-errors.csv
        """);
    SyncSpec spec = SyncSpecReader.read(dir.resolve("leads.yaml"));
    RunReport r = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
    assertThat(r.count(Outcome.CREATED)).isEqualTo(1);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(1);
    assertThat(r.errorFile()).isEqualTo(dir.resolve("leads-errors.csv"));
    assertThat(Files.readAllLines(r.errorFile()))
        .first()
        .isEqualTo("key,row,outcome,reason,sugar_error,message");
    assertThat(Files.readString(r.errorFile())).contains("2,2,failed,invalid_row,", "Bogus");
    assertThat(r.summary()).startsWith("leads: 2 rows: 1 created");
  }
}
