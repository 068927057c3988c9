package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS =
      List.of("instance_url", "username", "password", "platform", "max_in_flight");

  @Test
  void suggestsTheClosestKnownName() {
    assertThat(Suggestions.closest("pasword", KEYS)).contains("password");
    assertThat(Suggestions.closest("Instance_URL", KEYS)).contains("instance_url");
    assertThat(Suggestions.closest("platfrom", KEYS)).contains("platform");
    assertThat(Suggestions.didYouMean("usernme", KEYS)).isEqualTo(" (did you mean username?)");
  }

  @Test
  void suggestsNothingWhenEveryNameIsFar() {
    assertThat(Suggestions.closest("colour", KEYS)).isEmpty();
    assertThat(Suggestions.didYouMean("timeout", KEYS)).isEmpty();
    assertThat(Suggestions.closest("x", List.of())).isEmpty();
  }

  @Test
  void theFirstOfEquallyCloseOnesWins() {
    assertThat(Suggestions.closest("ab", List.of("ax", "xb"))).contains("ax");
  }

  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("abc", "")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }

  @Test
  void aCompletionIsOfferedForANameCutShortWhenNothingIsClose() {
    List<String> modules = List.of("Accounts", "Leads", "Opportunities", "Opportunity_Lines");
    assertThat(Suggestions.closestOrCompletion("Lead", modules)).contains("Leads");
    assertThat(Suggestions.closestOrCompletion("leads", modules)).contains("Leads");
    assertThat(Suggestions.closestOrCompletion("opp", modules)).contains("Opportunities");
    assertThat(Suggestions.didYouMeanOrCompletion("Acc", modules))
        .isEqualTo(" (did you mean Accounts?)");
    assertThat(Suggestions.closestOrCompletion("Calls", modules)).isEmpty();
    assertThat(Suggestions.didYouMeanOrCompletion(" ", modules)).isEmpty();
    assertThat(Suggestions.closest("opp", modules)).isEmpty();
  }

  @Test
  void aShortNameIsSuggestedOnlyWhatIsOneEditAway() {
    assertThat(Suggestions.closest("e", List.of("key", "name"))).isEmpty();
    assertThat(Suggestions.closest("ky", List.of("key", "name"))).contains("key");
    assertThat(Suggestions.closest("emial", List.of("email"))).contains("email");
  }
}
