package io.sugarbridge.identity.orgchart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportingCyclesTest {
  private record P(String name, String manager) {}

  private static List<List<String>> cycles(P... people) {
    return ReportingCycles.find(List.of(people), P::name, P::manager).stream()
        .map(c -> c.stream().map(P::name).toList())
        .toList();
  }

  @Test
  void noManagersNoCycles() {
    assertThat(cycles(new P("a", null), new P("b", "a"), new P("c", "b"))).isEmpty();
  }

  @Test
  void aSelfManagerIsACycleOfOne() {
    assertThat(cycles(new P("me", "me"))).containsExactly(List.of("me"));
  }

  @Test
  void eachCycleIsReportedOnceInReportingOrderWithTheTailsLeftOut() {
    // tail -> a -> b -> c -> a, and a separate x <-> y
    List<List<String>> found =
        cycles(
            new P("tail", "a"),
            new P("a", "b"),
            new P("b", "c"),
            new P("c", "a"),
            new P("x", "y"),
            new P("y", "x"));
    assertThat(found).containsExactly(List.of("a", "b", "c"), List.of("x", "y"));
  }

  @Test
  void aManagerOutsideTheListEndsTheWalk() {
    assertThat(cycles(new P("a", "ghost"), new P("b", "a"))).isEmpty();
  }

  @Test
  void aLongChainIsWalkedOnceWithoutRecursion() {
    int n = 200_000;
    P[] people = new P[n];
    for (int i = 0; i < n; i++) {
      people[i] = new P("p" + i, i == n - 1 ? "p0" : "p" + (i + 1));
    }
    List<List<String>> found = cycles(people);
    assertThat(found).hasSize(1);
    assertThat(found.get(0)).hasSize(n).startsWith("p0", "p1");
    assertThat(Map.of("last", found.get(0).get(n - 1))).containsEntry("last", "p" + (n - 1));
  }
}
