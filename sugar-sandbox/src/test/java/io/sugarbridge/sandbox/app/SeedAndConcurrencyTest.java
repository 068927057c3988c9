package io.sugarbridge.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SeedAndConcurrencyTest {
  @Test
  void seedAddsValidLinkedRecordsDeterministically() {
    List<String> names1;
    try (AppHarness h = new AppHarness()) {
      h.app.seed(25);
      for (String m :
          List.of("Accounts", "Contacts", "Leads", "Opportunities", "Cases", "Notes", "Tasks")) {
        assertThat(h.ok(h.admin, "GET", m + "/count", null).path("record_count").asInt())
            .as(m)
            .isEqualTo(25);
      }
      JsonNode lists = h.ok(h.admin, "GET", "lang/en_us", null).path("app_list_strings");
      JsonNode contacts =
          h.ok(h.admin, "GET", "Contacts", "{\"max_num\":100,\"order_by\":\"last_name:ASC\"}");
      names1 = new ArrayList<>();
      for (JsonNode c : contacts.path("records")) {
        names1.add(c.path("full_name").asText());
        assertThat(c.path("email1").asText()).contains("@");
        assertThat(c.path("account_name").asText()).isNotEmpty();
        assertThat(lists.path("lead_source_dom").has(c.path("lead_source").asText())).isTrue();
      }
      for (JsonNode o :
          h.ok(h.admin, "GET", "Opportunities", "{\"max_num\":100}").path("records")) {
        assertThat(lists.path("sales_stage_dom").has(o.path("sales_stage").asText())).isTrue();
        assertThat(o.path("account_id").asText()).isNotEmpty();
      }
    }
    try (AppHarness h = new AppHarness()) {
      h.app.seed(25);
      List<String> names2 = new ArrayList<>();
      h.ok(h.admin, "GET", "Contacts", "{\"max_num\":100,\"order_by\":\"last_name:ASC\"}")
          .path("records")
          .forEach(c -> names2.add(c.path("full_name").asText()));
      assertThat(names2).containsExactlyInAnyOrderElementsOf(names1);
    }
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    try (AppHarness h = new AppHarness()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    String id =
                        h.ok(
                                h.admin,
                                "POST",
                                "Contacts",
                                "{\"last_name\":\"T"
                                    + thread
                                    + "-"
                                    + i
                                    + "\",\"email1\":\"t"
                                    + thread
                                    + "x"
                                    + i
                                    + "@example.com\"}")
                            .path("id")
                            .asText();
                    h.ok(h.admin, "PUT", "Contacts/" + id, "{\"title\":\"done\"}");
                    h.ok(h.admin, "GET", "Contacts", "{\"max_num\":5}");
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(h.ok(h.admin, "GET", "Contacts/count", null).path("record_count").asInt())
          .isEqualTo(320);
      assertThat(
              h.ok(h.admin, "POST", "Contacts/filter/count", "{\"filter\":[{\"title\":\"done\"}]}")
                  .path("record_count")
                  .asInt())
          .isEqualTo(320);
    }
  }
}
