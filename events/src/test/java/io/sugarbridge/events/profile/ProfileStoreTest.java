package io.sugarbridge.events.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
      p.merge("anon-1", null, json("{\"utm\":\"x\",\"title\":\"Intern\"}"), Set.of());
      p.merge("u1", "anon-1", json("{\"last_name\":\"Lovelace\"}"), Set.of());
      ObjectNode later =
          p.merge("u1", null, json("{\"title\":\"CTO\",\"utm\":null}"), Set.of()).traits();

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
  void aFullProfileDropsUnmappedStoredTraitsFirstAndNeverStopsThePersonsLaterEvents()
      throws Exception {
    try (ProfileStore p = ProfileStore.open(dir, Clock.systemUTC())) {
      String sixKb = "v".repeat(6 * 1024);
      Set<String> mapped = Set.of("last_name", "title");
      p.merge(
          "grower",
          null,
          JSON.createObjectNode().put("last_name", "Lovelace").put("title", sixKb),
          mapped);
      // 100 identifies, each adding one 6 KB trait no mapping reads (under the per-trait limit).
      List<String> dropped = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        ProfileStore.Merged m =
            p.merge("grower", null, JSON.createObjectNode().put("t" + i, sixKb), mapped);
        assertThat(m.traits().has("t" + i)).as("the event's own trait is kept").isTrue();
        assertThat(m.traits().path("last_name").asText()).isEqualTo("Lovelace");
        dropped.addAll(m.dropped());
      }

      ObjectNode kept = p.traits("grower");
      assertThat(JSON.writeValueAsBytes(kept).length)
          .isLessThanOrEqualTo(ProfileStore.MAX_PROFILE_BYTES);
      assertThat(kept.path("last_name").asText()).isEqualTo("Lovelace");
      assertThat(kept.path("title").asText()).as("mapped traits are kept longest").isEqualTo(sixKb);
      assertThat(kept.has("t99")).isTrue();
      assertThat(dropped).contains("t0").doesNotContain("last_name", "title");

      // Only mapped traits left to drop: the largest goes, the event's own traits stay.
      ProfileStore.Merged big = null;
      for (int i = 0; i < 12; i++) {
        big = p.merge("grower", null, JSON.createObjectNode().put("title", sixKb + i), mapped);
      }
      assertThat(big.traits().path("title").asText()).isEqualTo(sixKb + 11);
      assertThat(big.traits().path("last_name").asText()).isEqualTo("Lovelace");
    }
  }

  @Test
  void anEventWhoseOwnTraitsAreOverTheLimitIsRefusedNamingIt() throws Exception {
    try (ProfileStore p = ProfileStore.open(dir, Clock.systemUTC())) {
      p.merge("big", null, json("{\"last_name\":\"Big\"}"), Set.of());
      ObjectNode huge = JSON.createObjectNode();
      for (int i = 0; i < 12; i++) {
        huge.put("t" + i, "w".repeat(6 * 1024));
      }
      assertThatThrownBy(() -> p.merge("big", null, huge, Set.of()))
          .isInstanceOf(ProfileStore.TooLarge.class)
          .hasMessageContaining("the traits of this event alone make the profile of big")
          .hasMessageContaining("over the limit of 65536 bytes per profile");
      assertThat(p.traits("big").path("last_name").asText())
          .as("nothing stored by a refused event")
          .isEqualTo("Big");
      assertThat(p.traits("big").has("t0")).isFalse();
    }
  }

  @Test
  void theLimitCountsUtf8BytesNotCharacters() throws Exception {
    try (ProfileStore p = ProfileStore.open(dir, Clock.systemUTC())) {
      // 30,000 characters of 3 bytes each: 90,000 bytes, over the limit in fewer characters.
      ObjectNode wide = JSON.createObjectNode().put("bio", "\u20ac".repeat(30_000));
      assertThatThrownBy(() -> p.merge("wide", null, wide, Set.of()))
          .isInstanceOf(ProfileStore.TooLarge.class)
          .hasMessageContaining("over the limit of 65536 bytes per profile");
      // Stored multi-byte traits are dropped by their size in bytes to make room.
      for (int i = 0; i < 4; i++) {
        p.merge(
            "wide2", null, JSON.createObjectNode().put("t" + i, "\u20ac".repeat(5_000)), Set.of());
      }
      ProfileStore.Merged m =
          p.merge(
              "wide2", null, JSON.createObjectNode().put("t9", "\u20ac".repeat(5_000)), Set.of());
      assertThat(m.dropped()).containsExactly("t0");
      assertThat(
              p.traits("wide2").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(ProfileStore.MAX_PROFILE_BYTES);
    }
  }

  @Test
  void anAliasOfTwoFullProfilesKeepsTheUsersOwnTraits() throws Exception {
    try (ProfileStore p = ProfileStore.open(dir, Clock.systemUTC())) {
      ObjectNode anon = JSON.createObjectNode();
      ObjectNode user = JSON.createObjectNode();
      for (int i = 0; i < 9; i++) {
        anon.put("a" + i, "x".repeat(6 * 1024));
        user.put("u" + i, "y".repeat(6 * 1024));
      }
      p.merge("anon-9", null, anon, Set.of());
      p.merge("user-9", null, user, Set.of());
      p.alias("user-9", "anon-9");
      ObjectNode kept = p.traits("user-9");
      assertThat(JSON.writeValueAsBytes(kept).length)
          .isLessThanOrEqualTo(ProfileStore.MAX_PROFILE_BYTES);
      for (int i = 0; i < 9; i++) {
        assertThat(kept.has("u" + i)).isTrue();
      }
    }
  }
}
