package io.sugarbridge.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.cli.CheckCommand;
import io.sugarbridge.cli.ConnectionCheck;
import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.common.server.UntilStopped;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import io.sugarbridge.sandbox.demo.SampleWarehouse;
import io.sugarbridge.sync.SyncEngine;
import io.sugarbridge.sync.SyncOptions;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge demo}: the main job on embedded defaults, with nothing to set up. Starts a
 * sandbox in-process on a free loopback port, runs {@code check} against it, writes a sample DuckDB
 * warehouse (accounts and contacts linked to them) with the sync files that move it, syncs Accounts
 * and then Contacts, and syncs both again to show that a second run sends nothing. Everything it
 * writes stays in {@code --dir} so the files can be read and rerun by hand.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local Sugar sandbox in-process, runs 'check' against it, and syncs a sample",
      "DuckDB warehouse into it twice (the second run sends nothing)."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      description =
          "Folder for the sample warehouse, sync files and state (default: a new temp dir).")
  Path dir;

  @Option(
      names = "--accounts",
      defaultValue = "500",
      description = "Accounts in the sample warehouse (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--contacts-per-account",
      defaultValue = "6",
      description = "Contacts per account (default: ${DEFAULT-VALUE}).")
  int contactsPerAccount;

  @Option(
      names = "--seed",
      defaultValue = "5",
      description =
          "Generated records per module already in the sandbox (default: ${DEFAULT-VALUE}).")
  int seed;

  @Option(names = "--json", description = "Print the check result and run reports as JSON.")
  boolean json;

  @Option(
      names = "--keep-running",
      description =
          "Leave the sandbox running afterwards (Ctrl+C stops it), to explore it with curl.")
  boolean keepRunning;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    SandboxConfig sandboxConfig = SandboxConfig.builder().seedPerModule(seed).build();
    try (SugarSandbox sandbox = SugarSandbox.start(sandboxConfig)) {
      say(out, sandbox.banner() + "\n\n== sugarbridge check ==");
      SugarClientConfig clientConfig =
          SugarClientConfig.builder()
              .instanceUrl(sandbox.url())
              .username(sandbox.adminUserName())
              .password(sandbox.adminPassword())
              .build();
      // With --json everything goes into one document, printed at the end.
      ObjectNode doc = JSON.createObjectNode();
      int checked;
      if (json) {
        ConnectionCheck.Report report = CheckCommand.check(clientConfig);
        doc.set("check", CheckCommand.toJson(report));
        checked = report.usable() ? ExitCodes.OK : ExitCodes.FAILURE;
      } else {
        checked = CheckCommand.checkAndPrint(clientConfig, out, false);
      }
      if (checked != ExitCodes.OK) {
        printDocument(out, doc, checked);
        return checked;
      }
      Path folder = dir != null ? dir : Files.createTempDirectory("sugarbridge-demo-");
      Files.createDirectories(folder);
      Path warehouse = folder.resolve("warehouse.duckdb");
      Files.deleteIfExists(warehouse);
      // Each demo starts a fresh sandbox, so state remembered from an earlier demo would claim
      // records that this Sugar has never seen.
      deleteTree(folder.resolve(".sugarbridge"));
      var contents = SampleWarehouse.create(warehouse, accounts, contactsPerAccount, 42);
      writeFiles(folder, sandbox);
      ObjectNode wh = doc.putObject("warehouse");
      wh.put("file", warehouse.toString());
      wh.put("accounts", contents.accounts());
      wh.put("contacts", contents.contacts());
      say(
          out,
          "\n== sample warehouse ==\n"
              + warehouse
              + ": "
              + contents.accounts()
              + " accounts, "
              + contents.contacts()
              + " contacts (sync files beside it: accounts.yaml, contacts.yaml)");
      int worst = ExitCodes.OK;
      ArrayNode runs = doc.putArray("runs");
      for (String pass : new String[] {"first run", "second run: nothing changed"}) {
        say(out, "\n== sugarbridge sync (" + pass + ") ==");
        for (String file : new String[] {"accounts.yaml", "contacts.yaml"}) {
          SyncSpec syncSpec = SyncSpecReader.read(folder.resolve(file));
          RunReport report = SyncEngine.forSpec(syncSpec).run(syncSpec, SyncOptions.defaults());
          if (json) {
            ObjectNode r = report.toJson();
            r.put("pass", pass);
            runs.add(r);
          } else {
            out.println(report.summary());
            out.flush();
          }
          worst = Math.max(worst, report.exitCode());
        }
      }
      doc.put("dir", folder.toString());
      printDocument(out, doc, worst);
      say(
          out,
          "\nRun them again by hand while the sandbox runs (--keep-running):"
              + " ./sugarbridge sync "
              + folder.resolve("contacts.yaml"));
      if (keepRunning) {
        // With --json stdout holds the one document; the note goes where messages go.
        PrintWriter note = json ? spec.commandLine().getErr() : out;
        note.println("Sandbox still running at " + sandbox.url() + "; press Ctrl+C to stop.");
        note.flush();
        UntilStopped.serve("demo", sandbox).await();
      }
      return worst;
    }
  }

  private void printDocument(PrintWriter out, ObjectNode doc, int exitCode) {
    if (json) {
      doc.put("ok", exitCode == ExitCodes.OK);
      doc.put("exit_code", exitCode);
      out.println(doc.toPrettyString());
      out.flush();
    }
  }

  private void say(PrintWriter out, String text) {
    if (!json) {
      out.println(text);
      out.flush();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The connection file and the two sync files, as a user would write them. */
  private static void writeFiles(Path folder, SugarSandbox sandbox) throws IOException {
    // The sandbox's own admin credentials (printed at start-up); it needs no request pacing.
    Files.writeString(
        folder.resolve("sugarbridge.yaml"),
        SugarConnectionFile.toYaml(
            SugarClientConfig.builder()
                .instanceUrl(sandbox.url())
                .username(sandbox.adminUserName())
                .password(sandbox.adminPassword())
                .maxRequestsPerSecond(0)
                .build()));
    Files.writeString(
        folder.resolve("accounts.yaml"),
        """
        name: demo-accounts
        sugar: sugarbridge.yaml
        source:
          url: duckdb:warehouse.duckdb
          query: select * from accounts order by account_id
        key: account_id
        target:
          module: Accounts
          mode: upsert
        mappings:
          name: name
          industry: industry
          account_type: account_type
          website: website
          phone_office: phone
          billing_address_city: billing_city
          billing_address_country: billing_country
        batch_size: 20
        concurrency: 4
        """);
    Files.writeString(
        folder.resolve("contacts.yaml"),
        """
        name: demo-contacts
        sugar: sugarbridge.yaml
        source:
          url: duckdb:warehouse.duckdb
          query: select * from contacts order by customer_id
        key: customer_id
        target:
          module: Contacts
          mode: upsert
          match: { field: email, column: email }
        mappings:
          first_name: first_name
          last_name: last_name
          title: title
          phone_work: phone
          lead_source: lead_source
          email: { email: email, opt_out: marketing_opt_out }
          account_id: { lookup: { module: Accounts, field: name, column: company } }
        batch_size: 20
        concurrency: 4
        """);
  }
}
