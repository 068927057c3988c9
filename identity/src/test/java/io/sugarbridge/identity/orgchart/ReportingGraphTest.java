package io.sugarbridge.identity.orgchart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserList;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reporting graph and its five formats on a small company with every kind of problem. */
class ReportingGraphTest {
  static SugarUser user(String id, String manager, String dept) {
    return new SugarUser(
        id,
        id,
        id.toUpperCase(),
        "Person",
        id + "@x.io",
        "Title " + id,
        dept,
        "Active",
        false,
        manager,
        Instant.EPOCH,
        false,
        Map.of());
  }

  static SugarUser inactive(String id) {
    return new SugarUser(
        id,
        id,
        id,
        "Gone",
        null,
        null,
        null,
        "Inactive",
        false,
        null,
        Instant.EPOCH,
        false,
        Map.of());
  }

  /**
   * ceo > vp > (rep1, rep2); a <-> b loop with c under b; self-loop s; d reports to inactive "old";
   * e to a missing id.
   */
  static UserList company() {
    List<SugarUser> all = new ArrayList<>();
    all.add(user("ceo", null, "Exec"));
    all.add(user("vp", "ceo", "Sales"));
    all.add(user("rep1", "vp", "Sales"));
    all.add(user("rep2", "vp", "Sales"));
    all.add(user("a", "b", "Ops"));
    all.add(user("b", "a", "Ops"));
    all.add(user("c", "b", "Ops"));
    all.add(user("s", "s", null));
    all.add(user("d", "old", "Ops"));
    all.add(user("e", "ghost", "Ops"));
    all.add(inactive("old"));
    return new UserList(all, List.of());
  }

  @Test
  void rootsCyclesAndDanglingManagers() {
    ReportingGraph g = ReportingGraph.of(company(), false);

    assertThat(g.people()).hasSize(10);
    assertThat(g.roots())
        .extracting(SugarUser::id)
        .containsExactlyInAnyOrder("ceo", "a", "s", "d", "e");
    assertThat(g.cycles()).hasSize(2);
    assertThat(g.cycles())
        .anySatisfy(
            c -> assertThat(c).extracting(SugarUser::id).containsExactlyInAnyOrder("a", "b"));
    assertThat(g.cycles())
        .anySatisfy(c -> assertThat(c).extracting(SugarUser::id).containsExactly("s"));
    assertThat(g.danglingManagers())
        .extracting(d -> d.user().id() + ":" + d.problem())
        .containsExactlyInAnyOrder("d:INACTIVE", "e:MISSING");
    assertThat(g.depths()).containsEntry("rep1", 2).containsEntry("c", 2).containsEntry("b", 1);
    assertThat(g.depths()).hasSize(10);
    assertThat(g.chainAbove(g.person("rep1")))
        .extracting(SugarUser::id)
        .containsExactly("vp", "ceo");
    assertThat(g.chainAbove(g.person("c"))).extracting(SugarUser::id).containsExactly("b", "a");
  }

  @Test
  void includingInactiveUsersMakesTheirReportsNoLongerDangling() {
    ReportingGraph g = ReportingGraph.of(company(), true);
    assertThat(g.people()).hasSize(11);
    assertThat(g.danglingManagers()).extracting(d -> d.user().id()).containsExactly("e");
  }

  @Test
  void aVeryLongChainNeitherLoopsNorOverflows() {
    List<SugarUser> chain = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      chain.add(user("u" + i, i == 0 ? "u19999" : "u" + (i - 1), "D"));
    }
    ReportingGraph g = ReportingGraph.of(new UserList(chain, List.of()), false);
    assertThat(g.cycles()).singleElement().satisfies(c -> assertThat(c).hasSize(20_000));
    assertThat(g.roots()).hasSize(1);
    StringWriter out = new StringWriter();
    assertThat(g.depths()).hasSize(20_000);
    try {
      OrgChartFormat.JSON.write(g, out);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(out.toString())
        .contains("\"cycles\"")
        .containsPattern("\"continued_from\" : \"u\\d+\"");
  }

  @Test
  void everyFormatShowsThePeopleTheCyclesAndTheDanglingManagers() throws Exception {
    ReportingGraph g = ReportingGraph.of(company(), false);

    JsonNode json = new ObjectMapper().readTree(write(OrgChartFormat.JSON, g));
    assertThat(json.path("people").asInt()).isEqualTo(10);
    JsonNode ceo =
        json.path("roots").findParents("user_name").stream()
            .filter(n -> n.path("user_name").asText().equals("ceo"))
            .findFirst()
            .orElseThrow();
    assertThat(ceo.at("/reports/0/user_name").asText()).isEqualTo("vp");
    assertThat(ceo.at("/reports/0/reports").size()).isEqualTo(2);
    assertThat(json.path("cycles").size()).isEqualTo(2);
    assertThat(json.path("dangling_managers").toString())
        .contains("manager is inactive", "manager does not exist");
    assertThat(json.toString()).contains("\"reports_to_in_cycle\":\"b\"");

    String csv = write(OrgChartFormat.CSV, g);
    assertThat(csv).startsWith("user,name,manager,depth,chain,department,note\n");
    assertThat(csv).contains("rep1,REP1 Person,vp,2,ceo > vp > rep1,Sales,\n");
    assertThat(csv).contains("e,E Person,,0,e,Ops,manager does not exist (ghost)\n");
    assertThat(csv).contains("a,A Person,b,0,b > a,Ops,in a reporting cycle\n");

    String dot = write(OrgChartFormat.DOT, g);
    assertThat(dot).startsWith("digraph orgchart {");
    assertThat(dot).contains("\"u_ceo\" -> \"u_vp\";");
    assertThat(dot)
        .contains("\"u_b\" -> \"u_a\" [color=red, style=dashed, label=\"reporting cycle\"]");
    assertThat(dot).contains("\"u_ghost\" [label=\"manager does not exist\\nghost\"");

    String mermaid = write(OrgChartFormat.MERMAID, g);
    assertThat(mermaid).startsWith("flowchart TD\n");
    assertThat(mermaid)
        .contains("-. reporting cycle .->")
        .contains(":::dangling")
        .contains("classDef dept");

    String html = write(OrgChartFormat.HTML, g);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("\"user_name\":\"rep2\"");
    assertThat(html)
        .doesNotContain("<script src")
        .doesNotContain("https://")
        .doesNotContain("/*ORG_CHART_DATA*/");
  }

  @Test
  void anInactiveOrDeletedManagerIsShownByUserNameNotById() throws Exception {
    List<SugarUser> all = new ArrayList<>();
    all.add(user("d", "7f3c-uuid", "Ops"));
    all.add(user("e", "9a1b-uuid", "Ops"));
    all.add(
        new SugarUser(
            "7f3c-uuid",
            "old.boss",
            "Old",
            "Boss",
            null,
            null,
            null,
            "Inactive",
            false,
            null,
            Instant.EPOCH,
            false,
            Map.of()));
    all.add(
        new SugarUser(
            "9a1b-uuid",
            "gone.boss",
            "Gone",
            "Boss",
            null,
            null,
            null,
            "Active",
            false,
            null,
            Instant.EPOCH,
            true,
            Map.of()));
    ReportingGraph g = ReportingGraph.of(new UserList(all, List.of()), false);

    assertThat(write(OrgChartFormat.CSV, g))
        .contains("d,D Person,,0,d,Ops,manager is inactive (old.boss)\n")
        .contains("e,E Person,,0,e,Ops,manager is deleted (gone.boss)\n");
    assertThat(write(OrgChartFormat.DOT, g)).contains("[label=\"manager is inactive\\nold.boss\"");
    assertThat(write(OrgChartFormat.MERMAID, g)).contains("manager is deleted<br/>gone.boss");
    JsonNode json = new ObjectMapper().readTree(write(OrgChartFormat.JSON, g));
    assertThat(json.path("dangling_managers").findValuesAsText("manager_user_name"))
        .containsExactlyInAnyOrder("old.boss", "gone.boss");
  }

  @Test
  void htmlKeepsAScriptEndTagInANameFromEndingThePageScript() throws Exception {
    List<SugarUser> people = List.of(user("x</script><b>", null, "D"));
    String html =
        write(OrgChartFormat.HTML, ReportingGraph.of(new UserList(people, List.of()), false));
    assertThat(html).doesNotContain("x</script>").contains("x<\\/script>");
  }

  private static String write(OrgChartFormat f, ReportingGraph g) throws java.io.IOException {
    StringWriter w = new StringWriter();
    f.write(g, w);
    return w.toString();
  }
}
