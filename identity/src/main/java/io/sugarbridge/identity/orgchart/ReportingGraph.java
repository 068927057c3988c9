package io.sugarbridge.identity.orgchart;

import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who reports to whom, built from {@code reports_to_id}: each person's direct reports, the roots
 * (no manager, or a manager who is not among the people shown), the dangling managers (inactive,
 * deleted or missing), and the reporting cycles. Every walk is bounded, so loops in the data never
 * make it loop.
 */
public final class ReportingGraph {
  /** Why a manager reference does not lead to a person on the chart. */
  public enum ManagerProblem {
    INACTIVE("manager is inactive"),
    DELETED("manager is deleted"),
    MISSING("manager does not exist");

    private final String words;

    ManagerProblem(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /**
   * A person whose {@code reports_to_id} does not lead to an active, live user; {@code
   * managerUserName} is the inactive or deleted manager's login name, null when the id is missing.
   */
  public record DanglingManager(
      SugarUser user, String managerId, ManagerProblem problem, String managerUserName) {

    /** The manager as a reader knows them: the user name when there is one, else the bare id. */
    public String managerLabel() {
      return managerUserName != null ? managerUserName : managerId;
    }
  }

  private static final Comparator<SugarUser> BY_NAME =
      Comparator.comparing(
              (SugarUser u) -> u.displayName() == null ? "" : u.displayName().toLowerCase())
          .thenComparing(u -> u.userName() == null ? "" : u.userName());

  private final List<SugarUser> people;
  private final Map<String, SugarUser> byId = new LinkedHashMap<>();
  private final Map<String, List<SugarUser>> reports = new HashMap<>();
  private final List<SugarUser> roots = new ArrayList<>();
  private final List<DanglingManager> dangling = new ArrayList<>();
  private final List<List<SugarUser>> cycles = new ArrayList<>();
  private final Set<String> cycleEdgeFrom = new HashSet<>();

  private ReportingGraph(List<SugarUser> people, UserList all) {
    this.people = people.stream().sorted(BY_NAME).toList();
    for (SugarUser u : this.people) {
      byId.put(u.id(), u);
    }
    for (SugarUser u : this.people) {
      String m = u.reportsToId();
      if (m == null || m.isEmpty()) {
        continue;
      }
      if (byId.containsKey(m)) {
        reports.computeIfAbsent(m, k -> new ArrayList<>()).add(u);
      } else {
        SugarUser manager = all == null ? null : all.byId(m).orElse(null);
        ManagerProblem p =
            manager == null
                ? ManagerProblem.MISSING
                : manager.deleted() ? ManagerProblem.DELETED : ManagerProblem.INACTIVE;
        dangling.add(new DanglingManager(u, m, p, manager == null ? null : manager.userName()));
      }
    }
    findCycles();
    for (SugarUser u : this.people) {
      String m = u.reportsToId();
      boolean hasManagerHere = m != null && byId.containsKey(m);
      // A cycle has no natural top; its first member by name stands in as a root so that every
      // person appears once in the tree, and the edge that closes the loop is drawn apart.
      if (!hasManagerHere || cycleEdgeFrom.contains(u.id())) {
        roots.add(u);
      }
    }
  }

  /** The graph of {@code people}; {@code all} tells why a manager outside it is absent. */
  public static ReportingGraph of(List<SugarUser> people, UserList all) {
    return new ReportingGraph(people, all);
  }

  /** The live users of {@code all}, active or not when {@code includeInactive}. */
  public static ReportingGraph of(UserList all, boolean includeInactive) {
    List<SugarUser> shown = all.live().stream().filter(u -> includeInactive || u.active()).toList();
    return new ReportingGraph(shown, all);
  }

  private void findCycles() {
    for (List<SugarUser> cycle :
        ReportingCycles.find(people, SugarUser::id, SugarUser::reportsToId)) {
      SugarUser first = cycle.stream().min(BY_NAME).orElseThrow();
      cycleEdgeFrom.add(first.id());
      cycles.add(cycle);
    }
  }

  public List<SugarUser> people() {
    return people;
  }

  /** Tops of the chart: people with no manager shown, and one member of each cycle. */
  public List<SugarUser> roots() {
    return List.copyOf(roots);
  }

  /** Direct reports of {@code id}, by name; a cycle's closing edge is not among them. */
  public List<SugarUser> reportsOf(String id) {
    return reports.getOrDefault(id, List.of()).stream()
        .filter(u -> !cycleEdgeFrom.contains(u.id()))
        .toList();
  }

  public SugarUser person(String id) {
    return byId.get(id);
  }

  /** Whether this person's manager edge closes a reporting cycle. */
  public boolean closesCycle(SugarUser u) {
    return cycleEdgeFrom.contains(u.id());
  }

  public List<DanglingManager> danglingManagers() {
    return List.copyOf(dangling);
  }

  /** Each reporting cycle as its members in reporting order (each reports to the next). */
  public List<List<SugarUser>> cycles() {
    return List.copyOf(cycles);
  }

  /**
   * The chain of managers above {@code u}, nearest first, as far as it goes on the chart; it stops
   * where a cycle would repeat a person.
   */
  public List<SugarUser> chainAbove(SugarUser u) {
    List<SugarUser> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(u.id());
    String m = u.reportsToId();
    while (m != null && byId.containsKey(m) && seen.add(m)) {
      SugarUser manager = byId.get(m);
      chain.add(manager);
      m = manager.reportsToId();
    }
    return chain;
  }

  /** Depth in the tree: 0 for a root, else its manager's depth plus one. */
  public Map<String, Integer> depths() {
    Map<String, Integer> depth = new HashMap<>();
    List<SugarUser> level = new ArrayList<>(roots);
    int d = 0;
    while (!level.isEmpty()) {
      List<SugarUser> next = new ArrayList<>();
      for (SugarUser u : level) {
        if (depth.putIfAbsent(u.id(), d) == null) {
          next.addAll(reportsOf(u.id()));
        }
      }
      level = next;
      d++;
    }
    return depth;
  }
}
