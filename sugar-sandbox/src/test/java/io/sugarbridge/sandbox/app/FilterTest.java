package io.sugarbridge.sandbox.app;

import static io.sugarbridge.sandbox.app.AppHarness.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterTest {
  private final AppHarness h = new AppHarness();

  @BeforeEach
  void data() {
    // Created one day apart, so date_modified orders them a1 (oldest) .. a5 (newest).
    h.clock.set(Instant.parse("2024-06-10T09:00:00Z"));
    account("a1", "Acme Corp", "Banking", "100", "2024-01-15");
    account("a2", "Beta Ltd", "Energy", "250.5", "2024-06-14");
    account("a3", "Gamma Inc", null, "1000", "2024-06-15");
    account("a4", "acme west", "Retail", "", "2024-07-20");
    account("a5", "Delta", "Banking", "50", null);
    h.clock.set(Instant.parse("2024-06-15T12:00:00Z"));
  }

  @AfterEach
  void close() {
    h.close();
  }

  private void account(String id, String name, String industry, String employees, String date) {
    StringBuilder body = new StringBuilder("{\"id\":\"" + id + "\",\"name\":\"" + name + "\"");
    if (industry != null) {
      body.append(",\"industry\":\"").append(industry).append('"');
    }
    body.append(",\"employees\":\"").append(employees).append('"');
    h.ok(h.admin, "POST", "Accounts", body.append('}').toString());
    if (date != null) {
      h.ok(
          h.admin,
          "POST",
          "Opportunities",
          "{\"id\":\"o-"
              + id
              + "\",\"name\":\"Opp "
              + id
              + "\",\"amount\":\""
              + employees
              + "\",\"date_closed\":\""
              + date
              + "\",\"account_id\":\""
              + id
              + "\"}");
    }
    h.clock.advance(Duration.ofDays(1));
  }

  private List<String> filter(String module, String filter) {
    return ids(
        h.ok(
            h.admin,
            "POST",
            module + "/filter",
            "{\"filter\":" + filter + ",\"order_by\":\"id:ASC\"}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[{\"name\":\"Delta\"}]|a5",
        "[{\"name\":\"delta\"}]|a5",
        "[{\"name\":{\"$equals\":\"Beta Ltd\"}}]|a2",
        "[{\"industry\":{\"$not_equals\":\"Banking\"}}]|a2,a3,a4",
        "[{\"name\":{\"$starts\":\"acme\"}}]|a1,a4",
        "[{\"name\":{\"$ends\":\"inc\"}}]|a3",
        "[{\"name\":{\"$contains\":\"ET\"}}]|a2",
        "[{\"name\":{\"$not_contains\":\"a\"}}]|",
        "[{\"industry\":{\"$in\":[\"Banking\",\"Retail\"]}}]|a1,a4,a5",
        "[{\"industry\":{\"$not_in\":[\"Banking\",\"Retail\"]}}]|a2,a3",
        "[{\"industry\":{\"$is_null\":\"\"}}]|a3",
        "[{\"industry\":{\"$not_null\":\"\"}}]|a1,a2,a4,a5",
        "[{\"employees\":{\"$empty\":\"\"}}]|a4",
        "[{\"employees\":{\"$not_empty\":\"\"}}]|a1,a2,a3,a5",
        "[{\"name\":{\"$lt\":\"b\"}}]|a1,a4",
        "[{\"name\":{\"$gte\":\"Delta\"}}]|a3,a5",
        "[{\"$or\":[{\"name\":\"Delta\"},{\"industry\":\"Energy\"}]}]|a2,a5",
        "[{\"$and\":[{\"industry\":\"Banking\"},{\"name\":{\"$starts\":\"A\"}}]}]|a1",
        "[{\"$or\":[{\"$and\":[{\"industry\":\"Banking\"},{\"name\":\"Delta\"}]},{\"name\":\"Gamma Inc\"}]}]|a3,a5",
        "[{\"industry\":\"Banking\"},{\"name\":{\"$starts\":\"D\"}}]|a5",
        "[{\"date_entered\":{\"$lt\":\"2024-06-12\"}}]|a1,a2",
        "[{\"date_entered\":{\"$lte\":\"2024-06-12\"}}]|a1,a2,a3",
        "[{\"date_entered\":{\"$gt\":\"2024-06-12\"}}]|a4,a5",
        "[{\"date_entered\":\"2024-06-12\"}]|a3",
        "[{\"date_entered\":{\"$between\":[\"2024-06-11\",\"2024-06-12\"]}}]|a2,a3",
        "[{\"date_entered\":{\"$gte\":\"2024-06-12T09:00:00+00:00\"}}]|a3,a4,a5",
        "[{\"date_entered\":{\"$dateBetween\":[\"2024-06-10\",\"2024-06-10\"]}}]|a1",
        "[{\"date_entered\":{\"$dateRange\":\"last_7_days\"}}]|a1,a2,a3,a4,a5",
        "[{\"date_entered\":{\"$dateRange\":\"yesterday\"}}]|a5",
        "[{\"date_entered\":{\"$dateRange\":\"today\"}}]|",
        "[{\"date_entered\":{\"$dateRange\":\"this_month\"}}]|a1,a2,a3,a4,a5",
        "[{\"date_entered\":{\"$dateRange\":\"last_month\"}}]|",
        "[{\"date_entered\":{\"$last_x_days\":\"3\"}}]|a3,a4,a5",
        "[{\"date_entered\":{\"$more_x_days_ago\":\"4\"}}]|a1",
        "[{\"opportunities.name\":\"Opp a2\"}]|a2",
        "[{\"opportunities.amount\":{\"$gt\":\"200\"}}]|a2,a3",
      })
  void operators(String filter, String expected) {
    List<String> want = expected == null ? List.of() : List.of(expected.split(","));
    assertThat(filter("Accounts", filter)).as(filter).containsExactlyElementsOf(want);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[{\"amount\":{\"$gt\":\"100\"}}]|o-a2,o-a3",
        "[{\"amount\":{\"$lte\":\"100\"}}]|o-a1",
        "[{\"amount\":\"250.50\"}]|o-a2",
        "[{\"amount\":{\"$between\":[\"100\",\"300\"]}}]|o-a1,o-a2",
        "[{\"date_closed\":{\"$lt\":\"2024-06-15\"}}]|o-a1,o-a2",
        "[{\"date_closed\":\"2024-06-15\"}]|o-a3",
        "[{\"date_closed\":{\"$dateRange\":\"next_month\"}}]|o-a4",
        "[{\"date_closed\":{\"$dateRange\":\"this_year\"}}]|o-a1,o-a2,o-a3,o-a4",
        "[{\"date_closed\":{\"$next_x_days\":\"40\"}}]|o-a3,o-a4",
        "[{\"date_closed\":{\"$more_x_days_ahead\":\"10\"}}]|o-a4",
        "[{\"account_name\":\"Gamma Inc\"}]|o-a3",
        "[{\"accounts.industry\":\"Banking\"}]|o-a1",
      })
  void typedOperators(String filter, String expected) {
    assertThat(filter("Opportunities", filter))
        .as(filter)
        .containsExactlyElementsOf(List.of(expected.split(",")));
  }

  @Test
  void bracketQueryFormAndJsonTextAreAccepted() {
    JsonNode brackets =
        h.ok(
            h.admin,
            "GET",
            "Accounts/filter",
            "{\"filter\":{\"0\":{\"name\":{\"$starts\":\"acme\"}},"
                + "\"1\":{\"$or\":{\"0\":{\"industry\":\"Retail\"},\"1\":{\"industry\":\"Energy\"}}}}}");
    assertThat(ids(brackets)).containsExactly("a4");
    JsonNode text =
        h.ok(
            h.admin,
            "GET",
            "Accounts",
            "{\"filter\":\"[{\\\"industry\\\":{\\\"$in\\\":[\\\"Energy\\\"]}}]\"}");
    assertThat(ids(text)).containsExactly("a2");
  }

  @Test
  void macros() {
    Caller ann =
        h.login(h.app.createUser("ann", "pw-ann", false, List.of()) == null ? "" : "ann", "pw-ann");
    String mine = h.ok(ann, "POST", "Accounts", "{\"name\":\"Ann's\"}").path("id").asText();
    h.ok(h.admin, "PUT", "Accounts/a3", "{\"assigned_user_id\":\"" + ann.userId() + "\"}");
    assertThat(
            ids(
                h.ok(
                    ann,
                    "POST",
                    "Accounts/filter",
                    "{\"filter\":[{\"$owner\":\"_this\"}],\"order_by\":\"id:ASC\"}")))
        .containsExactlyInAnyOrder("a3", mine);
    assertThat(ids(h.ok(ann, "POST", "Accounts/filter", "{\"filter\":[{\"$creator\":\"_this\"}]}")))
        .containsExactly(mine);
    h.ok(ann, "PUT", "Accounts/a1/favorite", null);
    assertThat(ids(h.ok(ann, "POST", "Accounts/filter", "{\"filter\":[{\"$favorite\":\"\"}]}")))
        .containsExactly("a1");
    assertThat(h.ok(ann, "GET", "Accounts/a1", null).path("my_favorite").asBoolean()).isTrue();
    assertThat(h.ok(h.admin, "GET", "Accounts/a1", null).path("my_favorite").asBoolean()).isFalse();
    h.ok(ann, "POST", "Accounts/a2/subscribe", null);
    assertThat(
            ids(h.ok(ann, "POST", "Accounts/filter", "{\"filter\":[{\"$following\":\"_this\"}]}")))
        .containsExactly("a2");
    h.ok(ann, "GET", "Accounts/a5", null);
    h.clock.advance(Duration.ofDays(3));
    h.ok(ann, "GET", "Accounts/a4", null);
    assertThat(
            ids(h.ok(ann, "POST", "Accounts/filter", "{\"filter\":[{\"$tracker\":\"-2 DAY\"}]}")))
        .containsExactly("a4");
    assertThat(
            ids(
                h.ok(
                    ann,
                    "POST",
                    "Accounts/filter",
                    "{\"filter\":[{\"$tracker\":\"-7 DAY\"}],\"order_by\":\"id:ASC\"}")))
        .containsExactly("a1", "a4", "a5");
  }

  @Test
  void errorsCarrySugarsMessages() {
    assertError("[{\"nope\":\"x\"}]", "Unknown field nope");
    assertError("[{\"opportunities.nope\":\"x\"}]", "Unknown field opportunities.nope");
    assertError("[{\"name\":{\"$like\":\"x\"}}]", "Did not recognize the operand: $like");
    assertError("[{\"name\":{\"$in\":\"x\"}}]", "$in requires an array");
    assertError("[{\"name\":{\"$not_in\":\"x\"}}]", "$not_in requires an array");
    assertError(
        "[{\"name\":{\"$between\":[\"a\"]}}]", "$between requires an array with two values.");
    assertError("{\"name\":\"x\"}", "Unexpected filter type object.");
    assertError("\"x\"", "Unexpected filter type string.");
    assertThatThrownBy(() -> h.call(h.admin, "GET", "Accounts", "{\"order_by\":\"nope:ASC\"}"))
        .hasMessage("Non existing field: nope in module: Accounts");
  }

  private void assertError(String filter, String message) {
    assertThatThrownBy(
            () -> h.call(h.admin, "POST", "Accounts/filter", "{\"filter\":" + filter + "}"))
        .as(filter)
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.error()).isEqualTo("invalid_parameter");
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void pagingDefaultOrderAndNextOffset() {
    JsonNode first = h.ok(h.admin, "GET", "Accounts", "{\"max_num\":\"2\"}");
    assertThat(ids(first)).containsExactly("a5", "a4");
    assertThat(first.path("next_offset").asInt()).isEqualTo(2);
    JsonNode last = h.ok(h.admin, "GET", "Accounts", "{\"max_num\":\"2\",\"offset\":\"4\"}");
    assertThat(ids(last)).containsExactly("a1");
    assertThat(last.path("next_offset").asInt()).isEqualTo(-1);
    JsonNode exact = h.ok(h.admin, "GET", "Accounts", "{\"max_num\":5}");
    assertThat(exact.path("next_offset").asInt()).isEqualTo(-1);
    JsonNode end = h.ok(h.admin, "GET", "Accounts", "{\"offset\":\"end\"}");
    assertThat(end.path("records").size()).isZero();
    assertThat(end.path("next_offset").asInt()).isEqualTo(-1);
    assertThat(ids(h.ok(h.admin, "GET", "Accounts", "{\"order_by\":\"name:ASC\",\"max_num\":3}")))
        .containsExactly("a1", "a4", "a2");
  }

  @Test
  void defaultLimitIs20AndCapOnlyWhenConfigured() {
    for (int i = 0; i < 30; i++) {
      h.ok(h.admin, "POST", "Tasks", "{\"name\":\"t" + i + "\"}");
    }
    assertThat(h.ok(h.admin, "GET", "Tasks", null).path("records").size()).isEqualTo(20);
    assertThat(h.ok(h.admin, "GET", "Tasks", "{\"max_num\":1000}").path("records").size())
        .isEqualTo(30);
    try (AppHarness capped = new AppHarness(null, b -> b.maxListLimit(7))) {
      for (int i = 0; i < 10; i++) {
        capped.ok(capped.admin, "POST", "Tasks", "{\"name\":\"t" + i + "\"}");
      }
      JsonNode page = capped.ok(capped.admin, "GET", "Tasks", "{\"max_num\":1000}");
      assertThat(page.path("records").size()).isEqualTo(7);
      assertThat(page.path("next_offset").asInt()).isEqualTo(7);
    }
  }

  @Test
  void pagesAreStableWhenTimestampsTie() {
    for (int i = 0; i < 25; i++) {
      h.ok(h.admin, "POST", "Notes", "{\"name\":\"n" + i + "\"}");
    }
    List<String> all = ids(h.ok(h.admin, "GET", "Notes", "{\"max_num\":100}"));
    List<String> paged = new java.util.ArrayList<>();
    int offset = 0;
    while (offset >= 0) {
      JsonNode page = h.ok(h.admin, "GET", "Notes", "{\"max_num\":7,\"offset\":" + offset + "}");
      paged.addAll(ids(page));
      offset = page.path("next_offset").asInt();
    }
    assertThat(paged).containsExactlyElementsOf(all).hasSize(25).doesNotHaveDuplicates();
  }

  @Test
  void fieldsSelectionAlwaysKeepsSugarsFields() {
    JsonNode r =
        h.ok(h.admin, "GET", "Accounts", "{\"fields\":\"name\",\"max_num\":1}")
            .path("records")
            .get(0);
    assertThat(r.has("name")).isTrue();
    assertThat(r.has("industry")).isFalse();
    for (String f :
        List.of(
            "id",
            "date_modified",
            "assigned_user_id",
            "created_by",
            "locked_fields",
            "_acl",
            "_module")) {
      assertThat(r.has(f)).as(f).isTrue();
    }
  }

  @Test
  void countsDeletedAndQuickSearch() {
    assertThat(h.ok(h.admin, "GET", "Accounts/count", null).path("record_count").asInt())
        .isEqualTo(5);
    assertThat(
            h.ok(
                    h.admin,
                    "POST",
                    "Accounts/filter/count",
                    "{\"filter\":[{\"industry\":\"Banking\"}]}")
                .path("record_count")
                .asInt())
        .isEqualTo(2);
    assertThat(
            h.ok(
                    h.admin,
                    "GET",
                    "Accounts/filter/count",
                    "{\"filter\":[{\"industry\":\"Banking\"}]}")
                .path("record_count")
                .asInt())
        .isEqualTo(2);
    h.ok(h.admin, "DELETE", "Accounts/a1", null);
    assertThat(h.ok(h.admin, "GET", "Accounts/count", null).path("record_count").asInt())
        .isEqualTo(4);
    assertThat(
            h.ok(h.admin, "GET", "Accounts/count", "{\"deleted\":\"true\"}")
                .path("record_count")
                .asInt())
        .isEqualTo(5);
    assertThat(ids(h.ok(h.admin, "GET", "Accounts", "{\"q\":\"acm\"}"))).containsExactly("a4");
    assertThatThrownBy(
            () ->
                h.call(h.admin, "GET", "Accounts", "{\"q\":\"acm\",\"filter\":[{\"name\":\"x\"}]}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(422));
  }

  @Test
  void tenThousandRecordsFilterInMemory() {
    h.app.seed(1500);
    JsonNode page =
        h.ok(
            h.admin,
            "POST",
            "Contacts/filter",
            "{\"filter\":[{\"$or\":[{\"last_name\":{\"$starts\":\"S\"}},{\"lead_source\":{\"$in\":[\"Web Site\",\"Email\"]}}]},"
                + "{\"date_modified\":{\"$gte\":\"2024-01-01\"}}],\"max_num\":50}");
    assertThat(page.path("records").size()).isEqualTo(50);
    assertThat(page.path("next_offset").asInt()).isEqualTo(50);
  }
}
