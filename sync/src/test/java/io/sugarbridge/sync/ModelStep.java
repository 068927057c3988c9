package io.sugarbridge.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One step of a {@link SyncModelTest} sequence. Its {@link #toString()} is also its replay form,
 * read back by {@link #parse}: {@code edit:SEED} (random source edits drawn from SEED), {@code
 * run:a} / {@code full:a} (a run, or a {@code --full} run, of sync a or b), {@code fault:a:500@3}
 * (a run with a short burst of 500s, 429s, 503s, dropped connections, or {@code 401} expired
 * tokens, starting at the run's 3rd request), {@code kill:b@2} (sync b in a child JVM killed with
 * SIGKILL once the sandbox has answered 2 of its {@code /bulk} calls), {@code switch} (the
 * connection file now points at the other Sugar instance).
 */
sealed interface ModelStep {
  record Edit(long seed) implements ModelStep {
    @Override
    public String toString() {
      return "edit:" + seed;
    }
  }

  record Run(String sync, boolean full) implements ModelStep {
    @Override
    public String toString() {
      return (full ? "full:" : "run:") + sync;
    }
  }

  record Fault(String sync, String kind, int at) implements ModelStep {
    static final List<String> KINDS = List.of("401", "429", "500", "503", "drop");

    @Override
    public String toString() {
      return "fault:" + sync + ":" + kind + "@" + at;
    }
  }

  record Kill(String sync, int afterBulk) implements ModelStep {
    @Override
    public String toString() {
      return "kill:" + sync + "@" + afterBulk;
    }
  }

  record Switch() implements ModelStep {
    @Override
    public String toString() {
      return "switch";
    }
  }

  static ModelStep parse(String s) {
    String t = s.strip();
    try {
      if (t.equals("switch")) {
        return new Switch();
      }
      String[] p = t.split(":", 2);
      switch (p[0]) {
        case "edit":
          return new Edit(Long.parseLong(p[1]));
        case "run":
          return new Run(sync(p[1]), false);
        case "full":
          return new Run(sync(p[1]), true);
        case "fault":
          {
            String[] q = p[1].split("[:@]");
            if (!Fault.KINDS.contains(q[1])) {
              throw new IllegalArgumentException("fault kind " + q[1] + " not in " + Fault.KINDS);
            }
            return new Fault(sync(q[0]), q[1], Integer.parseInt(q[2]));
          }
        case "kill":
          {
            String[] q = p[1].split("@");
            return new Kill(sync(q[0]), Integer.parseInt(q[1]));
          }
        default:
          throw new IllegalArgumentException("unknown step");
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read step '"
              + s
              + "' ("
              + e.getMessage()
              + "); write edit:N, run:a, full:b, fault:a:500@3, kill:b@2 or switch",
          e);
    }
  }

  private static String sync(String s) {
    if (!s.equals("a") && !s.equals("b")) {
      throw new IllegalArgumentException("sync must be a or b, was " + s);
    }
    return s;
  }

  static List<ModelStep> parseAll(String list) {
    return Arrays.stream(list.split("[,\\s]+"))
        .filter(x -> !x.isBlank())
        .map(ModelStep::parse)
        .toList();
  }

  /**
   * A random sequence of {@code length} steps from {@code seed}: it starts with an edit that fills
   * the table and ends with a clean run of every sync, so each sequence ends by checking that the
   * sync converged. Operations of {@code without} are left out.
   */
  static List<ModelStep> generate(long seed, int length, Set<SyncModelTest.PendingFix> without) {
    Random r = new Random(seed);
    boolean second = !without.contains(SyncModelTest.PendingFix.SECOND_SYNC);
    boolean switching = !without.contains(SyncModelTest.PendingFix.INSTANCE_SWITCH);
    List<String> kinds = new ArrayList<>(Fault.KINDS);
    if (without.contains(SyncModelTest.PendingFix.RETRY_500)) {
      kinds.remove("500");
    }
    List<ModelStep> steps = new ArrayList<>();
    steps.add(new Edit(r.nextInt(1_000_000)));
    int tail = second ? 2 : 1;
    while (steps.size() < Math.max(1, length - tail)) {
      String sync = second && r.nextBoolean() ? "b" : "a";
      ModelStep last = steps.get(steps.size() - 1);
      // A kill right after an edit or a switch lands while there is work to cut off.
      boolean work = last instanceof Edit || last instanceof Switch;
      int w = r.nextInt(100);
      if (work && r.nextInt(100) < 35) {
        steps.add(new Kill(sync, 1 + r.nextInt(2)));
      } else if (w < 24) {
        steps.add(new Edit(r.nextInt(1_000_000)));
      } else if (w < 52) {
        steps.add(new Run(sync, r.nextInt(10) == 0));
      } else if (w < 70) {
        steps.add(new Fault(sync, kinds.get(r.nextInt(kinds.size())), r.nextInt(8)));
      } else if (w < 84) {
        steps.add(new Kill(sync, 1 + r.nextInt(2)));
      } else if (switching) {
        steps.add(new Switch());
      } else {
        steps.add(new Run(sync, false));
      }
    }
    steps.add(new Run("a", false));
    if (second) {
      steps.add(new Run("b", false));
    }
    return steps;
  }
}
