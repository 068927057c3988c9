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

/**
 * Pins the fingerprint and canonical JSON of rows with every kind of value, as computed when state
 * files were first written: a changed byte would make every row of an existing state file look
 * changed (fingerprints) or show wrong field changes (JSON). Covers non-ASCII text, characters
 * outside the BMP and a lone surrogate (Jackson escapes those differently in bytes and in text),
 * JSON escapes, nulls, numbers, constants, the email array and parent lookups, with and without a
 * match rule.
 */
class CanonicalRowTest {
  static final String MAPPINGS =
      "  last_name: {column: last, transform: trim}\n"
          + "  first_name: first\n"
          + "  birthdate: born\n"
          + "  amount_c: amount\n"
          + "  seen_c: seen\n"
          + "  score_c: score\n"
          + "  flag_c: flag\n"
          + "  lead_source: {const: Web Site}\n"
          + "  do_not_call: {const: true}\n"
          + "  email: {email: mail, opt_out: optout}\n"
          + "  account_id: {lookup: {module: Accounts, field: name, column: company}}\n";

  static SyncSpec spec(String target) {
    return SyncSpecReader.parse(
        "source: {table: t}\nkey: [id]\ntarget: " + target + "\nmappings:\n" + MAPPINGS,
        Path.of("/s/x.yaml"),
        k -> null);
  }

  static SourceRow row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new SourceRow(3, m);
  }

  private static final String[] TARGETS = {
    "{module: Contacts, match: {field: email, column: mail}}",
    "{module: Contacts}",
    "{module: Leads, mode: update, match: {field: last_name, column: last}}",
  };

  private static final SourceRow[] ROWS = {
    row(
        "id",
        1L,
        "last",
        " Smith ",
        "first",
        "Ann",
        "born",
        LocalDate.of(1990, 2, 3),
        "amount",
        new BigDecimal("10.500"),
        "seen",
        Instant.parse("2026-01-02T03:04:05Z"),
        "score",
        2.5d,
        "flag",
        true,
        "mail",
        "a@example.com",
        "optout",
        "yes",
        "company",
        "Acme"),
    row(
        "id",
        2L,
        "last",
        "Zo\u00eb \"Q\" \\ \u00e9\u4e2d",
        "first",
        "\uD83D\uDE00 emoji",
        "born",
        null,
        "amount",
        null,
        "seen",
        null,
        "score",
        3.0d,
        "flag",
        false,
        "mail",
        null,
        "optout",
        null,
        "company",
        null),
    row(
        "id",
        3L,
        "last",
        "ctl\u0001\t\n\u2028",
        "first",
        "lone \uD800 x",
        "score",
        1e20,
        "mail",
        " b@x.org ",
        "company",
        "O'Neil & Sons </script>"),
  };

  /** Fingerprint and JSON per target and row, in that order. */
  private static final String[][] EXPECTED = {
    {
      "5e26f889eff24b61d1a2a3cfcde71252",
      "{\"account_id\":{\"$lookup\":\"Accounts.name=Acme\"},\"amount_c\":\"10.5\",\"birthdate\":\"1990-02-03\",\"do_not_call\":\"true\",\"email\":[{\"email_address\":\"a@example.com\",\"opt_out\":true,\"primary_address\":true}],\"first_name\":\"Ann\",\"flag_c\":true,\"last_name\":\"Smith\",\"lead_source\":\"Web Site\",\"score_c\":2.5,\"seen_c\":\"2026-01-02T03:04:05+00:00\"}"
    },
    {
      "d326fcd97f37602eb7406db2e699db42",
      "{\"account_id\":null,\"amount_c\":null,\"birthdate\":null,\"do_not_call\":\"true\",\"first_name\":\"\ud83d\ude00 emoji\",\"flag_c\":false,\"last_name\":\"Zo\u00eb \\\"Q\\\" \\\\ \u00e9\u4e2d\",\"lead_source\":\"Web Site\",\"score_c\":3,\"seen_c\":null}"
    },
    {
      "c1b860d6c17bc902bfe1e2650211fca4",
      "{\"account_id\":{\"$lookup\":\"Accounts.name=O'Neil & Sons </script>\"},\"amount_c\":null,\"birthdate\":null,\"do_not_call\":\"true\",\"email\":[{\"email_address\":\"b@x.org\",\"opt_out\":false,\"primary_address\":true}],\"first_name\":\"lone \ud800 x\",\"flag_c\":null,\"last_name\":\"ctl\\u0001\",\"lead_source\":\"Web Site\",\"score_c\":1.0E20,\"seen_c\":null}"
    },
    {
      "20dfbadf5d0d89b384b3da189e873216",
      "{\"account_id\":{\"$lookup\":\"Accounts.name=Acme\"},\"amount_c\":\"10.5\",\"birthdate\":\"1990-02-03\",\"do_not_call\":\"true\",\"email\":[{\"email_address\":\"a@example.com\",\"opt_out\":true,\"primary_address\":true}],\"first_name\":\"Ann\",\"flag_c\":true,\"last_name\":\"Smith\",\"lead_source\":\"Web Site\",\"score_c\":2.5,\"seen_c\":\"2026-01-02T03:04:05+00:00\"}"
    },
    {
      "d326fcd97f37602eb7406db2e699db42",
      "{\"account_id\":null,\"amount_c\":null,\"birthdate\":null,\"do_not_call\":\"true\",\"first_name\":\"\ud83d\ude00 emoji\",\"flag_c\":false,\"last_name\":\"Zo\u00eb \\\"Q\\\" \\\\ \u00e9\u4e2d\",\"lead_source\":\"Web Site\",\"score_c\":3,\"seen_c\":null}"
    },
    {
      "f4009bc0877a390aff679b5f3381df36",
      "{\"account_id\":{\"$lookup\":\"Accounts.name=O'Neil & Sons </script>\"},\"amount_c\":null,\"birthdate\":null,\"do_not_call\":\"true\",\"email\":[{\"email_address\":\"b@x.org\",\"opt_out\":false,\"primary_address\":true}],\"first_name\":\"lone \ud800 x\",\"flag_c\":null,\"last_name\":\"ctl\\u0001\",\"lead_source\":\"Web Site\",\"score_c\":1.0E20,\"seen_c\":null}"
    },
    {
      "7bf15002f9315945436a0386745f11bc",
      "{\"account_id\":{\"$lookup\":\"Accounts.name=Acme\"},\"amount_c\":\"10.5\",\"birthdate\":\"1990-02-03\",\"do_not_call\":\"true\",\"email\":[{\"email_address\":\"a@example.com\",\"opt_out\":true,\"primary_address\":true}],\"first_name\":\"Ann\",\"flag_c\":true,\"last_name\":\"Smith\",\"lead_source\":\"Web Site\",\"score_c\":2.5,\"seen_c\":\"2026-01-02T03:04:05+00:00\"}"
    },
    {
      "087d93a84c034fd7c17f8a4b8dca47d2",
      "{\"account_id\":null,\"amount_c\":null,\"birthdate\":null,\"do_not_call\":\"true\",\"first_name\":\"\ud83d\ude00 emoji\",\"flag_c\":false,\"last_name\":\"Zo\u00eb \\\"Q\\\" \\\\ \u00e9\u4e2d\",\"lead_source\":\"Web Site\",\"score_c\":3,\"seen_c\":null}"
    },
    {
      "db7af6fe2c503b7c5ed19cf6e198f7fb",
      "{\"account_id\":{\"$lookup\":\"Accounts.name=O'Neil & Sons </script>\"},\"amount_c\":null,\"birthdate\":null,\"do_not_call\":\"true\",\"email\":[{\"email_address\":\"b@x.org\",\"opt_out\":false,\"primary_address\":true}],\"first_name\":\"lone \ud800 x\",\"flag_c\":null,\"last_name\":\"ctl\\u0001\",\"lead_source\":\"Web Site\",\"score_c\":1.0E20,\"seen_c\":null}"
    },
  };

  @Test
  void fingerprintsAndJsonAreTheOnesExistingStateFilesHold() {
    int i = 0;
    for (String target : TARGETS) {
      RowMapper mapper = new RowMapper(spec(target));
      for (SourceRow row : ROWS) {
        MappedRow mapped = mapper.map(row);
        assertThat(mapped.fingerprint()).as("fingerprint %d", i).isEqualTo(EXPECTED[i][0]);
        assertThat(json(mapped)).as("json %d", i).isEqualTo(EXPECTED[i][1]);
        i++;
      }
    }
  }

  private static String json(MappedRow mapped) {
    return mapped.valuesJson();
  }

  @Test
  void theJsonIsBuiltOnceAndSharedByEveryCopyOfTheRow() {
    MappedRow mapped = new RowMapper(spec(TARGETS[0])).map(ROWS[0]);
    MappedRow checked = mapped.withChecks(List.of("a problem"), List.of());
    assertThat(checked.valuesJson()).isSameAs(mapped.valuesJson()).isSameAs(mapped.valuesJson());
    assertThat(checked.canonical()).isSameAs(mapped.canonical());
    assertThat(mapped.canonical())
        .isEqualTo(new CanonicalRow(mapped.values(), mapped.fingerprint()))
        .hasSameHashCodeAs(new CanonicalRow(mapped.values(), mapped.fingerprint()))
        .isNotEqualTo(new CanonicalRow(mapped.values(), "other"));
    assertThat(mapped.canonical().toString()).contains(mapped.fingerprint());
  }
}
