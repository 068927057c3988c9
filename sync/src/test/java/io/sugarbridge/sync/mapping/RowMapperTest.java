package io.sugarbridge.sync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.sync.source.SourceRow;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowMapperTest {
  private static SyncSpec spec(String mappings) {
    return SyncSpecReader.parse(
        "source: {table: t}\nkey: [region, id]\ntarget: {module: Contacts, match: {field: email,"
            + " column: mail}}\nmappings:\n"
            + mappings,
        Path.of("/s/x.yaml"),
        k -> null);
  }

  private static SourceRow row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new SourceRow(7, m);
  }

  @Test
  void mapsEveryKindOfMappingToSugarValues() {
    SyncSpec s =
        spec(
            "  last_name: {column: last, transform: trim}\n"
                + "  birthdate: born\n"
                + "  amount_c: amount\n"
                + "  seen_c: seen\n"
                + "  lead_source: {const: Web Site}\n"
                + "  email: {email: mail, opt_out: optout}\n"
                + "  account_id: {lookup: {module: Accounts, field: name, column: company}}\n");
    MappedRow r =
        new RowMapper(s)
            .map(
                row(
                    "region",
                    "eu",
                    "id",
                    12L,
                    "last",
                    "  Smith ",
                    "born",
                    LocalDate.of(1990, 2, 3),
                    "amount",
                    new BigDecimal("10.500"),
                    "seen",
                    Instant.parse("2026-01-02T03:04:05Z"),
                    "mail",
                    "s@example.com",
                    "optout",
                    "yes",
                    "company",
                    "Acme"));
    assertThat(r.key()).isEqualTo("eu\u001f12");
    assertThat(r.values())
        .containsEntry("last_name", "Smith")
        .containsEntry("birthdate", "1990-02-03")
        .containsEntry("amount_c", "10.5")
        .containsEntry("seen_c", "2026-01-02T03:04:05+00:00")
        .containsEntry("lead_source", "Web Site")
        .containsEntry(
            "email",
            List.of(
                Map.of("email_address", "s@example.com", "primary_address", true, "opt_out", true)))
        .containsEntry("account_id", new LookupRef("Accounts", "name", "Acme"));
    assertThat(r.matchValue()).isEqualTo("s@example.com");
  }

  @Test
  void fingerprintChangesExactlyWhenWhatWouldBeSentChanges() {
    RowMapper a = new RowMapper(spec("  last_name: last\n  first_name: first\n"));
    RowMapper reordered = new RowMapper(spec("  first_name: first\n  last_name: last\n"));
    SourceRow r1 = row("region", "eu", "id", 1L, "last", "Smith", "first", "Ann", "mail", "a@x");
    SourceRow r2 = row("region", "eu", "id", 1L, "last", "Smith", "first", "Anne", "mail", "a@x");
    SourceRow extra =
        row("region", "eu", "id", 1L, "last", "Smith", "first", "Ann", "mail", "a@x", "n", 5L);
    assertThat(a.map(r1).fingerprint())
        .isEqualTo(reordered.map(r1).fingerprint())
        .isEqualTo(a.map(extra).fingerprint())
        .isNotEqualTo(a.map(r2).fingerprint());
  }

  @Test
  void anEmptyKeyIsAProblemOfTheRow() {
    MappedRow r = new RowMapper(spec("  last_name: last\n")).map(row("region", "eu", "id", " "));
    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).singleElement().asString().contains("key column 'id' is empty");
  }
}
