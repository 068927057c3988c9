package io.sugarbridge.events.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static ObjectNode json(String s) throws Exception {
    return (ObjectNode) JSON.readTree(s);
  }

  @Test
  void traitsMergeAcrossEventsAndSurviveAReopen() throws Exception {
    try (ProfileStore p = ProfileStore.open(dir, Clock.systemUTC())) {
      p.merge("anon-1", null, json("{\"utm\":\"x\",\"title\":\"Intern\"}"));
      p.merge("u1", "anon-1", json("{\"last_name\":\"Lovelace\"}"));
      ObjectNode later = p.merge("u1", null, json("{\"title\":\"CTO\",\"utm\":null}"));

      assertThat(later.path("last_name").asText()).isEqualTo("Lovelace");
      assertThat(later.path("title").asText()).isEqualTo("CTO");
      assertThat(later.has("utm")).as("a null trait removes it").isFalse();
    }
    try (ProfileStore p = ProfileStore.open(dir, Clock.systemUTC())) {
      assertThat(p.traits("u1").path("title").asText()).isEqualTo("CTO");
      assertThat(p.traits("nobody")).isEmpty();
    }
  }

  @Test
  void aProfileIsCappedInSizeAndTheRefusalSaysSo() throws Exception {
    try (ProfileStore p = ProfileStore.open(dir, Clock.systemUTC())) {
      String sixKb = "v".repeat(6 * 1024);
      ProfileStore.TooLarge refused = null;
      int kept = 0;
      // 100 identifies, each adding one 6 KB trait (under the per-trait limit).
      for (int i = 0; i < 100; i++) {
        ObjectNode traits = JSON.createObjectNode().put("t" + i, sixKb);
        try {
          p.merge("grower", null, traits);
          kept++;
        } catch (ProfileStore.TooLarge e) {
          refused = e;
        }
      }

      assertThat(kept).isBetween(9, 10);
      assertThat(refused)
          .isNotNull()
          .hasMessageContaining("the profile of grower would be")
          .hasMessageContaining("over the limit of 65536 bytes per profile");
      assertThat(JSON.writeValueAsBytes(p.traits("grower")).length)
          .isLessThanOrEqualTo(ProfileStore.MAX_PROFILE_BYTES);
      // Removing traits makes room again.
      p.merge("grower", null, json("{\"t0\":null,\"t1\":null}"));
      p.merge("grower", null, JSON.createObjectNode().put("fresh", sixKb));
      assertThat(p.traits("grower").has("fresh")).isTrue();
    }
  }
}
